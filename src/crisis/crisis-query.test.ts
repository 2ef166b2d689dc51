import { describe, expect, it } from 'vitest';
import { crisisTopics, looksLikeCrisis, normaliseCrisisText } from './crisis-query.ts';

describe('normaliseCrisisText', () => {
  it('lowers case, drops diacritics, and turns punctuation, emoji, controls and extra whitespace into single spaces', () => {
    expect(normaliseCrisisText('  SJØLVMORD!!!  ')).toBe('sjolvmord');
    expect(normaliseCrisisText('Hjelp\u0000  nå…😢\t\n')).toBe('hjelp na');
    expect(normaliseCrisisText('Blåbær-Æsj')).toBe('blabaer aesj');
    expect(normaliseCrisisText('café')).toBe('cafe');
  });
});

describe('looksLikeCrisis', () => {
  const hits = [
    'selvmord',
    'Selvmordstanker',
    'SJØLVMORD',
    'sjølvmordstankar',
    'suicide',
    'I feel suicidal',
    'jeg vil ta livet mitt',
    'tenker å ta livet av meg',
    'jeg vil dø',
    'i want to kill myself',
    'overdose',
    'venninnen min har overdosert',
    'han tok en OD',
    'vold',
    'voldtekt',
    'faren min slår meg',
    'Han slår meg!!',
    'domestic violence',
    'sexual abuse',
    'overgrep',
    'jeg trenger hjelp nå',
    'hjelp no',
    'akutt',
    'help now',
    'emergency',
    'krise',
    'jeg er i krise',
    '  ta   livet\tav   meg  ',
    'selvmord 😢',
    'Ѕelvmord selvmord', // a Cyrillic look-alike first, then the real word
  ];
  it.each(hits)('sees a crisis in %j', (q) => {
    expect(looksLikeCrisis(q)).toBe(true);
  });

  const nonHits = [
    '',
    'rus',
    'bolig',
    'avrusning',
    'rusakutten',
    'sosialtjeneste',
    'akuttplass',
    'substance abuse',
    'drug abuse treatment',
    'god natt',
    'livet etter rus',
    'dø', // a single letter-word is not "vil dø"
    'vil du',
    'odontologi',
    'kri',
    '😀😀😀',
    'jeg og du',
    'Москва 東京 القاهرة',
  ];
  it.each(nonHits)('sees no crisis in %j', (q) => {
    expect(looksLikeCrisis(q)).toBe(false);
  });

  it('names the topics it saw', () => {
    expect(crisisTopics('han slår meg og jeg vil dø').sort()).toEqual(['suicide', 'violence']);
    expect(crisisTopics('overdose, hjelp nå').sort()).toEqual(['overdose', 'urgent']);
  });

  it('is cheap and total on long and strange input', () => {
    expect(looksLikeCrisis('a'.repeat(10_000))).toBe(false);
    expect(looksLikeCrisis(`${'ord '.repeat(2000)}selvmord`)).toBe(false); // beyond what a search looks at
    expect(looksLikeCrisis('\u0001\u0002\u0003')).toBe(false);
    expect(looksLikeCrisis(null)).toBe(false);
  });
});
