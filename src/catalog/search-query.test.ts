import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandQuery, phraseQuery, splitCompound, tokenize, toTsquery, type Lexicon } from './search-query.ts';

const lexicon = (words: string[], similar: Record<string, string[]> = {}): Lexicon => {
  const set = new Set(words);
  return { has: (w) => set.has(w), similar: (w) => similar[w] ?? [] };
};

describe('tokenize', () => {
  it('lower-cases, drops punctuation and stop words, keeps Norwegian letters', () => {
    expect(tokenize('Hjelp for RUS og psykisk helse på Grünerløkka!')).toEqual(['hjelp', 'rus', 'psykisk', 'helse', 'grünerløkka']);
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
