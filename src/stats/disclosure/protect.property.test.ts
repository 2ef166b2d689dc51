import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneWayTable, twoWayTable } from './fixtures.ts';
import { auditRelease, protect, type ProtectTable } from './protect.ts';

/** Counts as registers give them: some zeros, many small, most large. */
const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 8, arbitrary: fc.integer({ min: 5, max: 60 }) },
);

const matrix = fc
  .record({ rows: fc.integer({ min: 2, max: 6 }), cols: fc.integer({ min: 1, max: 4 }) })
  .chain(({ rows, cols }) => fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

/** A district × period table, a one-way table, and a split of the first table's grand total (linked). */
const release = fc
  .record({ grid: matrix, line: fc.array(count, { minLength: 2, maxLength: 15 }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ grid, line, share }): ProtectTable[] => {
    const main = twoWayTable('main', grid);
    const grand = main.cells.find((c) => c.key === 'main:all:all')!.value;
    const women = Math.round(grand * share);
    const split: ProtectTable = {
      id: 'gender',
      cells: [
        { key: 'main:all:all', value: grand },
        { key: 'gender:women', value: women },
        { key: 'gender:men', value: grand - women },
      ],
      totals: [{ total: 'main:all:all', parts: ['gender:women', 'gender:men'] }],
    };
    return [main, oneWayTable('line', line), split];
  });

describe('protect and auditRelease on random releases', () => {
  // DISCLOSURE_RUNS=400 for a longer search than the suite's 60 cases.
  it('always passes its own audit and never publishes a small count', async () => {
    await fc.assert(
      fc.asyncProperty(release, async (tables) => {
        const ledger = await protect(tables);
        const audit = await auditRelease(tables, ledger);
        expect(audit.problems).toEqual([]);
        expect(audit.ok).toBe(true);
        const hidden = new Set(ledger.entries.map((e) => `${e.table}/${e.key}`));
        for (const table of tables) {
          for (const cell of table.cells) {
            if (cell.value >= 1 && cell.value <= 4) expect(hidden.has(`${table.id}/${cell.key}`)).toBe(true);
          }
        }
      }),
      { numRuns: Number(process.env.DISCLOSURE_RUNS ?? 60) },
    );
  });

  it('gives the same ledger for the same input', async () => {
    await fc.assert(
      fc.asyncProperty(release, async (tables) => {
        expect(await protect(structuredClone(tables))).toEqual(await protect(tables));
      }),
      { numRuns: 15 },
    );
  });

  it('finds the same intervals over whole numbers as the LP for sums of ±1 (as the docs say)', async () => {
    await fc.assert(
      fc.asyncProperty(release, async (tables) => {
        const ledger = await protect(tables);
        const lp = await auditRelease(tables, ledger);
        const mip = await auditRelease(tables, ledger, { integer: true });
        expect(mip.intervals).toEqual(lp.intervals);
      }),
      { numRuns: 10 },
    );
  });
});
