import { describe, expect, it } from 'vitest';
import { gaussSecondary, type Sparse } from './gauss.ts';

const vec = (entries: [number, number][]): Sparse => new Map(entries);
/** Cell 0 is the total of cells 1, 2 and 3. */
const sum = vec([
  [0, 1],
  [1, -1],
  [2, -1],
  [3, -1],
]);

describe('gaussSecondary', () => {
  it('suppresses the candidate that would complete the sum around a protected cell', () => {
    const result = gaussSecondary({ known: [sum], protect: [vec([[1, 1]])], candidates: [0, 3, 2] });
    expect(result).toEqual({ suppressed: [2], determined: [] });
  });

  it('suppresses nothing when two protected cells hide each other', () => {
    const result = gaussSecondary({ known: [sum], protect: [vec([[1, 1]]), vec([[2, 1]])], candidates: [0, 3] });
    expect(result).toEqual({ suppressed: [], determined: [] });
  });

  it('protects a sum of cells (a complement), not only single cells', () => {
    // total − cell 3 = cells 1 + 2: publishing the total and cell 3 would reveal it.
    const complement = vec([
      [0, 1],
      [3, -1],
    ]);
    const result = gaussSecondary({ known: [sum], protect: [complement], candidates: [0, 1, 3] });
    expect(result.suppressed).toEqual([3]);
  });

  it('reports a protected value the relations alone determine', () => {
    // Two ways to the same total: cell 3 must be 0 whatever is published.
    const other = vec([
      [0, 1],
      [1, -1],
      [2, -1],
    ]);
    const result = gaussSecondary({ known: [sum, other], protect: [vec([[3, 1]])], candidates: [0, 1, 2] });
    expect(result.determined).toEqual([0]);
  });
});
