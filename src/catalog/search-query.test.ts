import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandQuery, phraseQuery, splitCompound, tokenize, toTsquery, type Lexicon } from './search-query.ts';

const lexicon = (words: string[], similar: Record<string, string[]> = {}): Lexicon => {
  const set = new Set(words);
  return { has: (w) => set.has(w), similar: (w) => similar[w] ?? [] };
};

describe('tokenize', () => {
  it('lower-cases, drops punctuation, stop words and filler, keeps Norwegian letters', () => {
    expect(tokenize('Hjelp for RUS og psykisk helse på Grünerløkka!')).toEqual(['rus', 'psykisk', 'helse', 'grünerløkka']);
  });

  it('keeps the subject of a natural sentence, not its request words, in bokmål, nynorsk and English', () => {
    expect(tokenize('jeg trenger hjelp til å slutte med hasj')).toEqual(['slutte', 'hasj']);
    expect(tokenize('kan noen hjelpe meg med angst')).toEqual(['angst']);
    expect(tokenize('eg treng hjelp med depresjon')).toEqual(['depresjon']);
    expect(tokenize('I need help with my drinking')).toEqual(['drinking']);
  });

  it('searches a weak word like "hjelp" only when the query has nothing else', () => {
    expect(tokenize('jeg trenger hjelp')).toEqual(['hjelp']);
    expect(tokenize('hjelp')).toEqual(['hjelp']);
    expect(tokenize('jeg vil')).toEqual([]);
  });

  it('keeps concept phrases whole, stop words and all', () => {
    expect(tokenize('jeg vil ikke leve lenger')).toEqual(['ikke leve']);
    expect(tokenize('jeg trenger hjelp nå')).toEqual(['hjelp nå']);
    expect(tokenize('noen å snakke med i natt')).toEqual(['noen å snakke med', 'i natt']);
  });

  it('keeps at most eight distinct words', () => {
    expect(tokenize('a1 b2 c3 d4 e5 f6 g7 h8 i9 a1')).toHaveLength(8);
    expect(tokenize('rus bolig rus Rus')).toEqual(['rus', 'bolig']);
  });
});

describe('splitCompound', () => {
  const known = (w: string) => ['rus', 'behandling', 'helse', 'tjeneste', 'bolig', 'skole', 'arbeid', 'tilbud'].includes(w);

  it('splits two known parts, with or without a linking s or e', () => {
    expect(splitCompound('rusbehandling', known)).toEqual(['rus', 'behandling']);
    expect(splitCompound('helsetjeneste', known)).toEqual(['helse', 'tjeneste']);
    expect(splitCompound('arbeidstilbud', known)).toEqual(['arbeid', 'tilbud']);
  });

  it('splits three parts and refuses unknown words', () => {
    expect(splitCompound('rusboligskole', known)).toEqual(['rus', 'bolig', 'skole']);
    expect(splitCompound('kattemat', known)).toBeNull();
  });
});

describe('expandQuery', () => {
  it('adds synonyms both ways, English to Norwegian included', () => {
    const [group] = expandQuery(['kanyle'], lexicon(['kanyle']));
    expect(group!.variants.map((v) => v.text)).toEqual(expect.arrayContaining(['kanyle', 'brukerutstyr', 'sprøyte']));
    const [english] = expandQuery(['lawyer'], lexicon([]));
    expect(english!.variants.find((v) => v.text === 'jurist')?.via).toBe('synonym');
  });

  it('fixes typos from the lexicon and brings their synonyms along', () => {
    const [group] = expandQuery(['kanylle'], lexicon([], { kanylle: ['kanyle'] }));
    expect(group!.variants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: 'kanyle', via: 'typo' }),
        expect.objectContaining({ text: 'brukerutstyr', via: 'synonym' }),
      ]),
    );
  });

  it('splits unknown compounds into parts that must all match', () => {
    const [group] = expandQuery(['rusbehandling'], lexicon(['rus', 'behandling']));
    expect(group!.variants).toContainEqual({ text: 'rus + behandling', via: 'compound', tsquery: '(rus:* & behandling:*)' });
  });

  it('does not split or correct words the catalog already has', () => {
    const [group] = expandQuery(['rusbehandling'], lexicon(['rusbehandling', 'rus', 'behandling'], { rusbehandling: ['x'] }));
    expect(group!.variants.map((v) => v.via)).not.toContain('compound');
    expect(group!.variants.map((v) => v.via)).not.toContain('typo');
  });
});

describe('expandQuery: whether a term speaks of children or young people', () => {
  it('youth, children and "my son/daughter" words do, through a compound or a typo fix too; a parent or an adult word does not', () => {
    const youth = (word: string, similar: Record<string, string[]> = {}) =>
      Boolean(expandQuery([word], lexicon(['rus', 'ungdom'], similar))[0]!.youth);
    expect(['ungdom', 'barn', 'sønnen', 'datter', 'teenager', '16'].map((w) => youth(w))).toEqual([true, true, true, true, true, true]);
    expect(youth('ungdomsrus')).toBe(true);
    expect(youth('ungdomm', { ungdomm: ['ungdom'] })).toBe(true);
    expect(['pappa', 'mamma', 'rus', 'lege', '45'].map((w) => youth(w))).toEqual([false, false, false, false, false]);
  });
});

describe('expandQuery: correction only for words that are not words', () => {
  it('never corrects a real word, even one the catalog does not use', () => {
    const lex: Lexicon = {
      ...lexicon(['søndre'], { sønner: ['søndre'], slutta: ['slutte'] }),
      isWord: (w) => ['sønner', 'slutta'].includes(w),
    };
    for (const word of ['sønner', 'slutta']) {
      const [group] = expandQuery([word], lex);
      expect(group!.variants.map((v) => v.via)).not.toContain('typo');
      expect(group!.correction).toBeUndefined();
    }
  });

  it('corrects a word that is not a real word, and says what it searched instead', () => {
    const lex: Lexicon = { ...lexicon(['rusbehandling'], { rusbehandlng: ['rusbehandling'] }), isWord: () => false };
    const [group] = expandQuery(['rusbehandlng'], lex);
    expect(group!.correction).toBe('rusbehandling');
    expect(group!.variants).toContainEqual(expect.objectContaining({ text: 'rusbehandling', via: 'typo' }));
  });

  it('corrects a misspelt concept word to the concept and its catalog terms', () => {
    const lex: Lexicon = { ...lexicon([]), similarConceptWords: (w) => (w === 'depresjoon' ? ['depresjon'] : []), isWord: () => false };
    const [group] = expandQuery(['depresjoon'], lex);
    expect(group!.correction).toBe('depresjon');
    expect(group!.variants.map((v) => v.text)).toEqual(expect.arrayContaining(['depresjon', 'psykisk helse']));
  });

  it('does not correct a concept word, whatever the catalog says', () => {
    const [group] = expandQuery(['sønn'], lexicon(['søndre'], { sønn: ['søndre'] }));
    expect(group!.variants.map((v) => v.text)).not.toContain('søndre');
    expect(group!.variants.map((v) => v.text)).toEqual(expect.arrayContaining(['pårørende', 'ungdom']));
  });

  it('expands the concept parts of an unknown compound', () => {
    const [group] = expandQuery(['alkoholavhengighet'], { ...lexicon(['avhengighet']), isWord: () => true });
    expect(group!.variants.map((v) => v.text)).toEqual(expect.arrayContaining(['rusbehandling', 'avhengighet']));
  });

  it('reads an age of a child or young person as youth', () => {
    const [group] = expandQuery(['16'], lexicon([]));
    expect(group!.variants.map((v) => v.text)).toEqual(expect.arrayContaining(['ungdom', 'barn og unge']));
    expect(expandQuery(['67'], lexicon([]))[0]!.variants).toHaveLength(1);
  });
});

describe('tsquery text', () => {
  it('joins phrases with <-> and groups with & or |', () => {
    expect(phraseQuery('emergency room')).toBe('(emergency <-> room)');
    const groups = expandQuery(['rus', 'bolig'], lexicon(['rus', 'bolig']));
    expect(toTsquery(groups, 'all')).toMatch(/^\(rus:\*.*\) & \(bolig:\*.*\)$/);
    expect(toTsquery(groups, 'any')).toContain(') | (');
  });

  it('never lets tsquery operators through from user text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const groups = expandQuery(tokenize(text), lexicon([]));
        const query = toTsquery(groups, 'all');
        const withoutOperators = query.replace(/:\*|<->|[()&|]/g, '');
        expect(withoutOperators).not.toMatch(/[!:'\\<>*]/);
      }),
    );
  });
});
