import { describe, expect, it } from 'vitest';
import { oneWayTable, twoWayTable } from './fixtures.ts';
import { auditRelease, protect, type Ledger, type ProtectTable } from './protect.ts';

/** 15 districts, one period: large counts except where overridden. */
const districts = (overrides: Record<number, number>) => Array.from({ length: 15 }, (_, i) => overrides[i] ?? 20 + i * 3);

const suppressedKeys = (ledger: Ledger, table?: string) =>
  ledger.entries.filter((e) => table === undefined || e.table === table).map((e) => e.key);

describe('protect', () => {
  it('hides one small district and its smallest partner, keeping the Oslo total', async () => {
    const table = oneWayTable('lar', districts({ 4: 3 }));
    const ledger = await protect([table]);
    expect(ledger.entries).toEqual([
      { table: 'lar', key: 'lar:0', reason: 'secondary', rule: 'linear' },
      { table: 'lar', key: 'lar:4', reason: 'primary', rule: 'small-count' },
    ]);
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    // x4 + x0 = 3 + 20 once everything else is published: either may be anything in [0, 23].
    expect(audit.intervals.map((i) => [i.key, i.min, i.max, i.reason])).toEqual([
      ['lar:0', 0, 23, 'secondary'],
      ['lar:4', 0, 23, 'primary'],
    ]);
  });

  it('needs no secondary when two small districts hide each other widely enough', async () => {
    const table = oneWayTable('lar', districts({ 2: 3, 9: 4 }));
    const ledger = await protect([table]);
    expect(ledger.entries.map((e) => [e.key, e.reason])).toEqual([
      ['lar:2', 'primary'],
      ['lar:9', 'primary'],
    ]);
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    expect(audit.intervals.map((i) => [i.key, i.min, i.max])).toEqual([
      ['lar:2', 0, 7],
      ['lar:9', 0, 7],
    ]);
  });

  it('adds a partner when two small districts pin each other to a narrow interval (1 + 2 = 3 < 4)', async () => {
    const table = oneWayTable('lar', districts({ 2: 1, 9: 2 }));
    const ledger = await protect([table]);
    expect(ledger.entries.filter((e) => e.reason === 'secondary')).toEqual([
      { table: 'lar', key: 'lar:0', reason: 'secondary', rule: 'interval' },
    ]);
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    expect(audit.intervals.find((i) => i.key === 'lar:2')).toMatchObject({ min: 0, max: 23, ok: true });
  });

  it('protects a small cell in a district × period table with Oslo and district totals', async () => {
    const values = [
      [30, 28, 31],
      [2, 25, 27],
      [40, 41, 39],
      [12, 15, 14],
    ];
    const table = twoWayTable('t', values);
    const ledger = await protect([table]);
    const keys = suppressedKeys(ledger);
    expect(keys).toContain('t:r1:c0');
    // A rectangle: the small cell, one in its row, one in its column, and the fourth corner.
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(keys.filter((k) => k.includes('all'))).toEqual([]);
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    const small = audit.intervals.find((i) => i.key === 't:r1:c0')!;
    expect(small.width).toBeGreaterThanOrEqual(4);
  });

  it('widens every small cell of a crowded table, not only the first (regression: a rejected trial is no witness)', async () => {
    const grid = [
      [5, 6, 7, 0],
      [5, 6, 1, 5],
      [5, 1, 1, 0],
      [4, 6, 0, 1],
      [5, 1, 0, 5],
      [5, 6, 5, 5],
    ];
    const table = twoWayTable('main', grid);
    const audit = await auditRelease([table], await protect([table]));
    expect(audit.problems).toEqual([]);
    expect(audit.intervals.filter((i) => i.reason === 'primary').every((i) => i.width >= 4)).toBe(true);
  });

  it('suppresses a small cell that is in no sum on its own; its interval is unbounded', async () => {
    const table: ProtectTable = { id: 'single', cells: [{ key: 'rare', value: 2 }], totals: [] };
    const ledger = await protect([table]);
    expect(ledger.entries).toEqual([{ table: 'single', key: 'rare', reason: 'primary', rule: 'small-count' }]);
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    expect(audit.intervals[0]).toMatchObject({ min: 0, max: Infinity, ok: true });
  });

  it('keeps hidden inner cells out of the ledger but does not let a small one become computable', async () => {
    // Only the margins are published. Row 2 is 0, so the inner b = row1 − col1 = 1 exactly.
    const table: ProtectTable = {
      id: 'margins',
      cells: [
        { key: 'a', value: 30, hidden: true },
        { key: 'b', value: 1, hidden: true },
        { key: 'c', value: 0, hidden: true },
        { key: 'd', value: 0, hidden: true },
        { key: 'row1', value: 31 },
        { key: 'row2', value: 0 },
        { key: 'col1', value: 30 },
        { key: 'col2', value: 1 },
        { key: 'all', value: 31 },
      ],
      totals: [
        { total: 'row1', parts: ['a', 'b'] },
        { total: 'row2', parts: ['c', 'd'] },
        { total: 'col1', parts: ['a', 'c'] },
        { total: 'col2', parts: ['b', 'd'] },
        { total: 'all', parts: ['row1', 'row2'] },
      ],
    };
    const naive = await auditRelease([table], { entries: [{ table: 'margins', key: 'col2', reason: 'primary' }] });
    expect(naive.intervals.find((i) => i.key === 'b')).toMatchObject({ reason: 'primary', min: 1, max: 1, ok: false });
    const ledger = await protect([table]);
    expect(ledger.entries.filter((e) => ['a', 'b', 'c', 'd'].includes(e.key))).toEqual([]);
    const audit = await auditRelease([table], ledger);
    expect(audit.problems).toEqual([]);
    expect(audit.intervals.find((i) => i.key === 'b')!.width).toBeGreaterThanOrEqual(4);
  });

  it('does not suppress true zeros unless told to', async () => {
    const table = oneWayTable('t', [0, 10, 12, 15, 0]);
    expect((await protect([table])).entries).toEqual([]);
    const strict = await protect([table], { suppressZeros: true });
    expect(strict.entries.filter((e) => e.reason === 'primary').map((e) => e.key)).toEqual(['t:0', 't:4']);
    expect((await auditRelease([table], strict)).ok).toBe(true);
  });

  it('suppresses a cell whose complement within the total is small', async () => {
    // Oslo 40, Alna 37: the other districts hold 3 persons together, split 1 + 2.
    const table = oneWayTable('t', [37, 1, 2, 0]);
    const ledger = await protect([table]);
    expect(ledger.entries.find((e) => e.key === 't:0')).toEqual({ table: 't', key: 't:0', reason: 'primary', rule: 'complement' });
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    const complement = audit.intervals.find((i) => i.kind === 'complement' && i.key === 't:0')!;
    expect(complement).toMatchObject({ total: 't:total', value: 3 });
    expect(complement.width).toBeGreaterThanOrEqual(4);
  });

  it('gives a cell shared by linked tables one decision, and protects across both', async () => {
    // Oslo's total for the period is published by district and by gender.
    const byDistrict: ProtectTable = oneWayTable('district', [3, 30, 41, 22], 'p2024');
    const byGender: ProtectTable = {
      id: 'gender',
      cells: [
        { key: 'p2024:women', value: 2 },
        { key: 'p2024:men', value: 94 },
        { key: 'p2024:total', value: 96 },
      ],
      totals: [{ total: 'p2024:total', parts: ['p2024:women', 'p2024:men'] }],
    };
    const ledger = await protect([byDistrict, byGender]);
    const totalEntries = ledger.entries.filter((e) => e.key === 'p2024:total');
    // Hiding women needs men or the total hidden; men is cheaper, so the shared total stays.
    expect(totalEntries).toEqual([]);
    expect(suppressedKeys(ledger, 'gender')).toEqual(['p2024:women', 'p2024:men']);
    const audit = await auditRelease([byDistrict, byGender], ledger);
    expect(audit.ok).toBe(true);
  });

  it('suppresses a shared total in every table that shows it', async () => {
    // Two small totals force each other: the grand total of A is a part in B.
    const a = oneWayTable('a', [1, 2], 'a');
    const b: ProtectTable = {
      id: 'b',
      cells: [
        { key: 'a:total', value: 3 },
        { key: 'other', value: 50 },
        { key: 'b:total', value: 53 },
      ],
      totals: [{ total: 'b:total', parts: ['a:total', 'other'] }],
    };
    const ledger = await protect([a, b]);
    const shared = ledger.entries.filter((e) => e.key === 'a:total');
    expect(shared.map((e) => [e.table, e.reason])).toEqual([
      ['a', 'primary'],
      ['b', 'primary'],
    ]);
    expect((await auditRelease([a, b], ledger)).ok).toBe(true);
  });

  it('is deterministic and does not depend on the order of tables or cells', async () => {
    const tables = [
      twoWayTable('x', [
        [3, 20, 1],
        [40, 2, 33],
        [18, 19, 4],
      ]),
      oneWayTable('y', [1, 9, 12, 3]),
    ];
    const first = await protect(tables);
    expect(await protect(tables)).toEqual(first);
    const shuffled = [...tables].reverse().map((t) => ({ ...t, cells: [...t.cells].reverse(), totals: [...t.totals].reverse() }));
    const again = await protect(shuffled);
    const set = (l: Ledger) => l.entries.map((e) => `${e.table}/${e.key}/${e.reason}`).sort();
    expect(set(again)).toEqual(set(first));
  });

  it('honours a custom threshold and protection width', async () => {
    const table = oneWayTable('t', [6, 30, 31, 8]);
    const ledger = await protect([table], { threshold: 6, protectionWidth: 20 });
    expect(ledger.entries.find((e) => e.key === 't:0')?.reason).toBe('primary');
    const audit = await auditRelease([table], ledger);
    expect(audit.ok).toBe(true);
    expect(audit.intervals.find((i) => i.key === 't:0')!.width).toBeGreaterThanOrEqual(20);
    expect(ledger.settings).toEqual({ threshold: 6, protectionWidth: 20, suppressZeros: false });
  });
});

describe('auditRelease', () => {
  it('catches a naive primary-only suppression: the interval collapses to the exact value', async () => {
    const table = oneWayTable('lar', districts({ 4: 3 }));
    const naive: Ledger = { entries: [{ table: 'lar', key: 'lar:4', reason: 'primary' }] };
    const audit = await auditRelease([table], naive);
    expect(audit.ok).toBe(false);
    expect(audit.intervals).toEqual([
      { table: 'lar', key: 'lar:4', kind: 'cell', reason: 'primary', value: 3, min: 3, max: 3, width: 0, required: 4, ok: false },
    ]);
    expect(audit.problems).toEqual(["table 'lar', cell 'lar:4' (3) lies in [3, 3], narrower than 4"]);
  });

  it('recomputes the primary rule instead of trusting the ledger', async () => {
    const table = oneWayTable('t', [2, 30, 31]);
    const audit = await auditRelease([table], { entries: [] });
    expect(audit.ok).toBe(false);
    expect(audit.intervals[0]).toMatchObject({ key: 't:0', min: 2, max: 2, ok: false });
  });

  it('fails a cell hidden in one table but shown in another', async () => {
    const a = oneWayTable('a', [1, 2], 'a');
    const b: ProtectTable = {
      id: 'b',
      cells: [
        { key: 'a:total', value: 3 },
        { key: 'other', value: 50 },
        { key: 'b:total', value: 53 },
      ],
      totals: [{ total: 'b:total', parts: ['a:total', 'other'] }],
    };
    const ledger = await protect([a, b]);
    const leaky: Ledger = { entries: ledger.entries.filter((e) => !(e.table === 'b' && e.key === 'a:total')) };
    const audit = await auditRelease([a, b], leaky);
    expect(audit.ok).toBe(false);
    expect(audit.problems).toContain("cell 'a:total' is suppressed in table 'a' but published in 'b'");
  });

  it('solves over whole numbers when asked', async () => {
    const table = oneWayTable('lar', districts({ 4: 3 }));
    const audit = await auditRelease([table], await protect([table]), { integer: true });
    expect(audit.ok).toBe(true);
    expect(audit.intervals.find((i) => i.key === 'lar:4')).toMatchObject({ min: 0, max: 23 });
  });
});

describe('input validation', () => {
  it('names the table and total whose parts do not sum', async () => {
    const table = oneWayTable('lar', [5, 6, 7]);
    table.cells.find((c) => c.key === 'lar:total')!.value = 19;
    await expect(protect([table])).rejects.toThrow("table 'lar', total 'lar:total' is 19, but its parts sum to 18");
  });

  it('refuses negative and fractional counts', async () => {
    await expect(protect([oneWayTable('t', [5, -1])])).rejects.toThrow(/cell 't:1': a count must be a whole number ≥ 0, not -1/);
    await expect(protect([oneWayTable('t', [5, 1.5])])).rejects.toThrow(/not 1.5/);
  });

  it('refuses one cell published with two values', async () => {
    const a = oneWayTable('a', [5, 6], 'p');
    const b = oneWayTable('b', [5, 7], 'p');
    await expect(protect([a, b])).rejects.toThrow("table 'b', cell 'p:1' is 7, but table 'a' publishes the same cell as 6");
  });

  it('refuses parts that are not cells of the table, and bad settings', async () => {
    const table = oneWayTable('t', [5, 6]);
    table.totals[0]!.parts.push('t:9');
    await expect(protect([table])).rejects.toThrow("table 't', total 't:total': part 't:9' is not a cell of the table");
    await expect(protect([oneWayTable('t', [5])], { threshold: -1 })).rejects.toThrow(/threshold/);
  });
});
