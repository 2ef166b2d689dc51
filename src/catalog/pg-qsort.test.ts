import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pgQsort } from './pg-qsort.ts';

describe('pgQsort', () => {
  it('sorts like any sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }), (xs) => {
        expect(pgQsort([...xs], (a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it('orders equal items as PostgreSQL does: insertion sort (stable) below 7, partitioning (not stable) from 7', () => {
    const items = (keys: number[]) => keys.map((key, i) => ({ key, i }));
    const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
    expect(pgQsort(items([1, 0, 1, 0, 1]), byKey).map((x) => x.i)).toEqual([1, 3, 0, 2, 4]);
    // Traced by hand through sort_template.h: the middle item (index 3) is the pivot, swapped to the front;
    // equal items gather at both ends and are swapped back around the pivot.
    expect(pgQsort(items([1, 0, 2, 1, 0, 2, 1]), byKey).map((x) => x.i)).toEqual([4, 1, 3, 0, 6, 5, 2]);
  });
});
