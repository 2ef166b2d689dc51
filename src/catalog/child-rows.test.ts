import { describe, expect, it } from 'vitest';
import { matchChildRows, sameFields } from './child-rows.ts';

type Stored = { id: string; byday: string; opens_at: string; closes_at: string };
type Wanted = { byday: string; opens_at: string; closes_at: string };

const stored = (id: string, byday: string, opens = '08:00:00', closes = '16:00:00'): Stored => ({
  id,
  byday,
  opens_at: opens,
  closes_at: closes,
});
const wanted = (byday: string, opens = '08:00', closes = '16:00'): Wanted => ({ byday, opens_at: opens, closes_at: closes });
const rules = {
  same: (e: Stored, w: Wanted) => sameFields(e, w),
  identity: (e: Stored, w: Wanted) => e.byday === w.byday,
};

describe('matchChildRows', () => {
  it('keeps every row when nothing changed (times as HH:MM:SS or HH:MM alike)', () => {
    const plan = matchChildRows([stored('a', 'MO'), stored('b', 'TU')], [wanted('MO'), wanted('TU')], rules);
    expect(plan).toEqual({ keep: ['a', 'b'], update: [], insert: [], delete: [] });
  });

  it('keeps rows whose order changed', () => {
    const plan = matchChildRows([stored('a', 'MO'), stored('b', 'TU')], [wanted('TU'), wanted('MO')], rules);
    expect(plan).toEqual({ keep: ['b', 'a'], update: [], insert: [], delete: [] });
  });

  it('updates a row in place when only its times changed, matched by weekday', () => {
    const plan = matchChildRows(
      [stored('a', 'MO'), stored('b', 'TU'), stored('c', 'WE')],
      [wanted('MO'), wanted('WE', '09:00'), wanted('TU')],
      rules,
    );
    expect(plan).toEqual({ keep: ['a', 'b'], update: [{ id: 'c', row: wanted('WE', '09:00') }], insert: [], delete: [] });
  });

  it('pairs what is left by position, so a row edited in every field keeps its id', () => {
    const plan = matchChildRows([stored('a', 'MO'), stored('b', 'TU')], [wanted('MO'), wanted('FR', '10:00', '14:00')], rules);
    expect(plan).toEqual({ keep: ['a'], update: [{ id: 'b', row: wanted('FR', '10:00', '14:00') }], insert: [], delete: [] });
  });

  it('inserts new rows and deletes removed ones, leaving the others alone', () => {
    const added = matchChildRows([stored('a', 'MO')], [wanted('MO'), wanted('SA', '10:00', '14:00')], rules);
    expect(added).toEqual({ keep: ['a'], update: [], insert: [wanted('SA', '10:00', '14:00')], delete: [] });
    const removed = matchChildRows([stored('a', 'MO'), stored('b', 'TU'), stored('c', 'WE')], [wanted('TU')], rules);
    expect(removed).toEqual({ keep: ['b'], update: [], insert: [], delete: ['a', 'c'] });
  });

  it('prefers an exact match over an identity match for two rows on one weekday', () => {
    const plan = matchChildRows(
      [stored('morning', 'MO', '08:00:00', '11:00:00'), stored('evening', 'MO', '18:00:00', '21:00:00')],
      [wanted('MO', '18:00', '21:00'), wanted('MO', '08:00', '12:00')],
      rules,
    );
    expect(plan.keep).toEqual(['evening']);
    expect(plan.update).toEqual([{ id: 'morning', row: wanted('MO', '08:00', '12:00') }]);
  });

  it('handles empty lists on either side', () => {
    expect(matchChildRows([], [wanted('MO')], rules)).toEqual({ keep: [], update: [], insert: [wanted('MO')], delete: [] });
    expect(matchChildRows([stored('a', 'MO')], [], rules)).toEqual({ keep: [], update: [], insert: [], delete: ['a'] });
  });

  it('accounts for every stored and every wanted row exactly once', () => {
    const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    for (let seed = 0; seed < 200; seed += 1) {
      const random = mulberry(seed);
      const existing = Array.from({ length: Math.floor(random() * 6) }, (_, i) =>
        stored(`id${i}`, days[Math.floor(random() * 7)]!, random() < 0.5 ? '08:00:00' : '09:00:00'),
      );
      const next = Array.from({ length: Math.floor(random() * 6) }, () =>
        wanted(days[Math.floor(random() * 7)]!, random() < 0.5 ? '08:00' : '09:00'),
      );
      const plan = matchChildRows(existing, next, rules);
      const ids = [...plan.keep, ...plan.update.map((u) => u.id), ...plan.delete].sort();
      expect(ids).toEqual(existing.map((e) => e.id).sort());
      expect(plan.keep.length + plan.update.length + plan.insert.length).toBe(next.length);
      // Rows are only deleted when there are more stored rows than wanted ones, and only inserted when fewer.
      expect(plan.delete.length).toBe(Math.max(0, existing.length - next.length));
      expect(plan.insert.length).toBe(Math.max(0, next.length - existing.length));
    }
  });
});

describe('sameFields', () => {
  it('compares only the wanted keys, treating undefined as null', () => {
    expect(sameFields({ id: 'x', name: 'A', title: null }, { name: 'A', title: undefined })).toBe(true);
    expect(sameFields({ id: 'x', name: 'A' }, { name: 'B' })).toBe(false);
  });
});

/** A small seeded random number generator, so a failing case can be replayed. */
function mulberry(seed: number): () => number {
  let a = seed + 0x6d2b79f5;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
