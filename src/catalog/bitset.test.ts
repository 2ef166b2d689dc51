import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, andNot, bitset, bitsetWhere, count, countAnd, fullBitset, hasBit, members, or, setBit } from './bitset.ts';

const sets = fc
  .integer({ min: 0, max: 200 })
  .chain((size) =>
    fc.tuple(
      fc.constant(size),
      fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), { maxLength: size }),
      fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), { maxLength: size }),
    ),
  );

function build(size: number, docs: number[]) {
  const set = bitset(size);
  for (const d of docs) if (d < size) setBit(set, d);
  return set;
}

const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

describe('bitset', () => {
  it('holds exactly its members, ascending, and counts them', () => {
    fc.assert(
      fc.property(sets, ([size, a]) => {
        const set = build(size, a);
        const inside = a.filter((d) => d < size);
        const out = new Int32Array(size);
        expect(Array.from(out.subarray(0, members(set, out)))).toEqual(sorted(inside));
        expect(count(set)).toBe(inside.length);
        for (let d = 0; d < size; d++) expect(hasBit(set, d)).toBe(inside.includes(d));
      }),
    );
  });

  it('intersects, unites and subtracts as sets do', () => {
    fc.assert(
      fc.property(sets, ([size, a, b]) => {
        const [x, y] = [build(size, a), build(size, b)];
        const A = new Set(a.filter((d) => d < size));
        const B = new Set(b.filter((d) => d < size));
        const list = (s: Uint32Array) => {
          const out = new Int32Array(size);
          return Array.from(out.subarray(0, members(s, out)));
        };
        expect(list(and(bitset(size), x, y))).toEqual(sorted([...A].filter((d) => B.has(d))));
        expect(list(or(bitset(size), x, y))).toEqual(sorted(new Set([...A, ...B])));
        expect(list(andNot(bitset(size), x, y))).toEqual(sorted([...A].filter((d) => !B.has(d))));
        expect(countAnd(x, y)).toBe([...A].filter((d) => B.has(d)).length);
      }),
    );
  });

  it('a full set has every document and none of the padding', () => {
    for (const size of [0, 1, 31, 32, 33, 64, 100]) {
      const full = fullBitset(size);
      expect(count(full)).toBe(size);
      expect(
        count(
          andNot(
            bitset(size),
            full,
            bitsetWhere(size, (d) => d % 3 === 0),
          ),
        ),
      ).toBe(size - Math.ceil(size / 3));
    }
  });

  it('handles the top bit of a word (document 31, 63)', () => {
    const set = build(64, [31, 63]);
    const out = new Int32Array(64);
    expect(Array.from(out.subarray(0, members(set, out)))).toEqual([31, 63]);
  });
});
