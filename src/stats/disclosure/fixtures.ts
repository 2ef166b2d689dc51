/** Small table builders for the disclosure tests and the benchmark. */
import type { ProtectTable } from './types.ts';

/** One breakdown and its total: cells `${prefix}:${i}` and `${prefix}:total`. */
export function oneWayTable(id: string, values: number[], prefix = id): ProtectTable {
  const parts = values.map((_, i) => `${prefix}:${i}`);
  const total = values.reduce((a, b) => a + b, 0);
  return {
    id,
    cells: [...values.map((value, i) => ({ key: parts[i]!, value })), { key: `${prefix}:total`, value: total }],
    totals: [{ total: `${prefix}:total`, parts }],
  };
}

/**
 * Rows × columns (e.g. district × period) with row totals, column totals (Oslo per period) and
 * the grand total. Keys: `${prefix}:r${i}:c${j}`, `${prefix}:r${i}:all`, `${prefix}:all:c${j}`,
 * `${prefix}:all:all`.
 */
export function twoWayTable(id: string, values: number[][], prefix = id): ProtectTable {
  const cols = values[0]?.length ?? 0;
  const key = (r: number | 'all', c: number | 'all') => `${prefix}:${r === 'all' ? 'all' : `r${r}`}:${c === 'all' ? 'all' : `c${c}`}`;
  const cells: ProtectTable['cells'] = [];
  const totals: ProtectTable['totals'] = [];
  const colTotals = Array.from({ length: cols }, (_, c) => values.reduce((a, row) => a + row[c]!, 0));
  values.forEach((row, r) => {
    row.forEach((value, c) => cells.push({ key: key(r, c), value }));
    cells.push({ key: key(r, 'all'), value: row.reduce((a, b) => a + b, 0) });
    totals.push({ total: key(r, 'all'), parts: row.map((_, c) => key(r, c)) });
  });
  colTotals.forEach((value, c) => {
    cells.push({ key: key('all', c), value });
    totals.push({ total: key('all', c), parts: values.map((_, r) => key(r, c)) });
  });
  cells.push({ key: key('all', 'all'), value: colTotals.reduce((a, b) => a + b, 0) });
  totals.push({ total: key('all', 'all'), parts: colTotals.map((_, c) => key('all', c)) });
  totals.push({ total: key('all', 'all'), parts: values.map((_, r) => key(r, 'all')) });
  return { id, cells, totals };
}
