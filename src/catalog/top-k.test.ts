import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.ts';

describe('TopK', () => {
  it('keeps the k best, best first, as a full sort would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (scores, k) => {
        // Ties broken by index, so the order is total (as the search's name/id tie-break).
        const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
        const top = new TopK(k, better);
        for (let i = 0; i < scores.length; i++) top.push(i);
        const expected = scores
          .map((_, i) => i)
          .sort((a, b) => (better(a, b) ? -1 : 1))
          .slice(0, k);
        expect(top.sorted()).toEqual(expected);
      }),
    );
  });

  it('keeps nothing when k is 0', () => {
    const top = new TopK(0, (a, b) => a > b);
    top.push(3);
    expect(top.sorted()).toEqual([]);
  });
});
