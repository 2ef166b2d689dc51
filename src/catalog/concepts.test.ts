import { describe, expect, it } from 'vitest';
import { CONCEPTS, conceptsOf, conceptTerms, findPhrases, isConceptWord, synonymsOf } from './concepts.ts';
import { queryWords } from './search-query.ts';

const ids = (word: string) => conceptsOf(word).map((c) => c.id);

describe('concepts', () => {
  it('has unique ids and no word twice in one concept', () => {
    expect(new Set(CONCEPTS.map((c) => c.id)).size).toBe(CONCEPTS.length);
    for (const c of CONCEPTS) expect(new Set(c.words).size, c.id).toBe(c.words.length);
  });

  it.each([
    ['alcohol', ['drikke', 'drikker', 'drikk', 'fyll', 'alkohol', 'alkis', 'øl', 'vin', 'sprit', 'booze', 'drinking', 'full']],
    ['pills', ['piller', 'tabletter', 'medisiner', 'benzo', 'painkillers']],
    ['opioids', ['opioider', 'heroin']],
    ['detox', ['avrusning', 'avgiftning', 'detox']],
    ['substance_emergency', ['rusakutt', 'rusakutten']],
    ['injection_room', ['sprøyterom']],
    ['cannabis', ['hasj', 'cannabis', 'weed', 'marijuana']],
    ['anxiety', ['angst', 'anxiety', 'panikkanfall']],
    ['depression', ['depresjon', 'deprimert', 'depression', 'depressed']],
    ['suicide', ['selvmord', 'sjølvmord', 'suicide', 'selvmordstanker']],
    ['gambling', ['spill', 'gambling', 'pengespill']],
    ['child_of_searcher', ['sønn', 'datter', 'son', 'daughter']],
    ['parent_of_searcher', ['mamma', 'pappa', 'mor', 'far', 'foreldre', 'mum', 'dad', 'parents']],
    ['relative', ['pårørende', 'pårørande', 'bror', 'kjæreste', 'parent', 'relative', 'family']],
    ['stimulants', ['kokain', 'amfetamin', 'cocaine']],
    ['youth', ['ung', 'ungdom', 'young']],
    ['children', ['barn']],
    ['mental_health_conditions', ['spiseforstyrrelse', 'adhd', 'traumer', 'ptsd', 'sorg', 'søvnløshet', 'mobbing', 'anorexia', 'grief']],
  ])('maps everyday words to %s', (id, words) => {
    for (const word of words) expect(ids(word), word).toContain(id);
  });

  it('recognises inflected bokmål and nynorsk forms through the stem, not a list of every form', () => {
    // None of these forms is listed; each shares its stem with a listed word.
    for (const [form, id] of [
      ['angsten', 'anxiety'],
      ['depresjonen', 'depression'],
      ['sønnene', 'child_of_searcher'],
      ['pårørendes', 'relative'],
      ['drikkingen', 'alcohol'],
      ['selvmordet', 'suicide'],
      ['sjølvmordet', 'suicide'],
      ['avrusningen', 'detox'],
      ['pengespillene', 'gambling'],
      ['misbrukere', 'addiction'],
      ['alkoholikere', 'alcohol'],
      ['spiseforstyrrelsen', 'mental_health_conditions'],
      ['traumene', 'mental_health_conditions'],
    ] as const) {
      expect(ids(form), form).toContain(id);
    }
  });

  it('does not stretch short stems over unrelated words', () => {
    expect(ids('farlig')).not.toContain('parent_of_searcher');
    expect(ids('morsom')).not.toContain('parent_of_searcher');
    expect(isConceptWord('gamle')).toBe(false);
  });

  it('expands a concept to what the catalog says, kinds and target groups by their labels', () => {
    const detox = CONCEPTS.find((c) => c.id === 'detox')!;
    expect(conceptTerms(detox)).toEqual(expect.arrayContaining(['akuttplasser', 'akuttinstitusjon']));
    // A term ending in * matches as a prefix; the others as words in any inflection.
    expect(conceptTerms(detox)).toContain('akutt*');
    const family = CONCEPTS.find((c) => c.id === 'child_of_searcher')!;
    expect(conceptTerms(family)).toEqual(expect.arrayContaining(['pårørende', 'ungdom*']));
    expect(synonymsOf('kanyle')).toEqual(expect.arrayContaining(['brukerutstyr', 'sprøyte']));
    expect(synonymsOf('kanyle')).not.toContain('kanyle');
  });

  it('finds phrases word by word, in any inflection, longest first', () => {
    expect(findPhrases(queryWords('Jeg vil ikke leve lenger')).map((p) => [p.text, p.concept.id])).toEqual([['ikke leve', 'suicide']]);
    expect(findPhrases(queryWords('tenker på å ta livet mitt')).map((p) => p.concept.id)).toEqual(['suicide']);
    expect(findPhrases(queryWords('I want to kill myself')).map((p) => p.concept.id)).toEqual(['suicide']);
    expect(findPhrases(queryWords('jeg trenger hjelp nå')).map((p) => p.concept.id)).toEqual(['urgent']);
    expect(findPhrases(queryWords('bolig og rus'))).toEqual([]);
  });
});
