import { describe, expect, it } from 'vitest';
import { sortStaleList, stalePriority, type StaleCandidate } from './stale-list.ts';

let n = 0;
const entry = (overrides: Partial<StaleCandidate> = {}) => {
  n += 1;
  return { id: `id-${n}`, name: `Tilbud ${n}`, kind: 'other', access: null, arrangement: null, ...overrides };
};

describe('stalePriority', () => {
  it('puts acute institutions and emergency rooms in the crisis group', () => {
    expect(stalePriority(entry({ kind: 'institution_acute', name: 'Thereses hus' }))).toBe('crisis');
    expect(stalePriority(entry({ name: 'Oslo kommunale legevakt' }))).toBe('crisis');
    expect(stalePriority(entry({ name: 'Psykososial akuttjeneste på Legevakten' }))).toBe('crisis');
  });

  it('puts services without referral and low-threshold kinds in the drop-in group', () => {
    expect(stalePriority(entry({ access: 'drop_in' }))).toBe('drop_in');
    expect(stalePriority(entry({ kind: 'harm_reduction' }))).toBe('drop_in');
    expect(stalePriority(entry({ access: 'decision', kind: 'housing_staffed' }))).toBeNull();
  });

  it('never prioritises an agreement or a contract, whatever its name', () => {
    expect(stalePriority(entry({ name: 'Rammeavtale akuttplasser', arrangement: 'framework_agreement' }))).toBeNull();
  });
});

describe('sortStaleList', () => {
  it('lists crisis, then drop-in, then the rest, each group in Norwegian alphabetical order', () => {
    const sorted = sortStaleList([
      entry({ name: 'Åpen dør' }),
      entry({ name: 'Zebra-huset' }),
      entry({ name: 'Ørje aktivitetshus' }),
      entry({ name: 'Ælva' }),
      entry({ name: 'Aktivitetshuset' }),
      entry({ name: 'Værestedet', access: 'drop_in' }),
      entry({ name: 'Brukerrommet', kind: 'harm_reduction' }),
      entry({ name: 'Legevakten' }),
      entry({ name: 'Akuttplasser', kind: 'institution_acute' }),
    ]);
    expect(sorted.map((s) => [s.priority, s.name])).toEqual([
      ['crisis', 'Akuttplasser'],
      ['crisis', 'Legevakten'],
      ['drop_in', 'Brukerrommet'],
      ['drop_in', 'Værestedet'],
      [null, 'Aktivitetshuset'],
      [null, 'Zebra-huset'],
      [null, 'Ælva'],
      [null, 'Ørje aktivitetshus'],
      [null, 'Åpen dør'],
    ]);
  });
});
