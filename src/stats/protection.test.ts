import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../platform/districts.ts';
import { indicatorById } from './catalogue.ts';
import type { ComputedCell, IndicatorTable } from './compute.ts';
import { auditRelease, protect } from './disclosure/protect.ts';
import { applyLedger, suppressSmallRanges, toProtectTables } from './protection.ts';

const cell = (area: string, period: string, value: number | null, extra: Partial<ComputedCell> = {}): ComputedCell => ({
  area,
  period,
  value,
  status: value === null ? 'missing' : 'value',
  derivation: 'published',
  numerator: value,
  denominator: null,
  denominatorPeriod: null,
  importId: 1,
  reason: null,
  note: null,
  findings: [],
  ...extra,
});

const housing = indicatorById('housing_need_households')!;
const tableOf = (values: number[], oslo: number, extra: ComputedCell[] = []): IndicatorTable => ({
  areas: [...DISTRICTS.map((d) => ({ id: d.slug, label: d.name })), { id: 'oslo', label: 'Oslo' }],
  periods: ['2024'],
  cells: [...DISTRICTS.map((d, i) => cell(d.slug, '2024', values[i]!)), cell('oslo', '2024', oslo), ...extra],
  findings: [],
});

describe('tables for the disclosure engine', () => {
  it('gives a count table per period, keyed area|period, with the Oslo total over the districts', () => {
    const values = DISTRICTS.map((_, i) => i + 1);
    const [table, ...rest] = toProtectTables(housing, tableOf(values, 120));
    expect(rest).toEqual([]);
    expect(table!.id).toBe('housing_need_households:2024');
    expect(table!.cells[0]).toEqual({ key: 'gamle-oslo|2024', value: 1 });
    expect(table!.totals).toEqual([{ total: 'oslo|2024', parts: DISTRICTS.map((d) => `${d.slug}|2024`) }]);
  });

  it('gives the part of a larger total no district has as a cell of its own, and leaves out a smaller total', () => {
    const values = DISTRICTS.map(() => 10);
    const larger = toProtectTables(housing, tableOf(values, 160))[0]!;
    expect(larger.cells.at(-1)).toEqual({ key: 'not_attributed|2024', value: 10 });
    expect(larger.totals[0]!.parts.at(-1)).toBe('not_attributed|2024');
    expect(toProtectTables(housing, tableOf(values, 140))[0]!.totals).toEqual([]);
  });

  it('relates a table of categories (no districts) to its total, so a small category cannot be worked out', () => {
    const users = indicatorById('fig13_unique_users')!;
    const table: IndicatorTable = {
      areas: [],
      periods: ['2023'],
      cells: [cell('entity:a', '2023', 3), cell('entity:b', '2023', 20), cell('oslo', '2023', 23)],
      findings: [],
    };
    expect(toProtectTables(users, table)[0]!.totals).toEqual([{ total: 'oslo|2023', parts: ['entity:a|2023', 'entity:b|2023'] }]);
  });

  it('gives nothing for indicators that are not counts of persons, nor periods the source suppressed', () => {
    expect(toProtectTables(indicatorById('fig61_housing_with_permanent_staff')!, tableOf([1], 1))).toEqual([]);
    const suppressed = tableOf(
      DISTRICTS.map(() => 10),
      150,
    );
    suppressed.cells[0] = cell('gamle-oslo', '2024', null, { status: 'suppressed_at_source' });
    expect(toProtectTables(housing, suppressed)).toEqual([]);
  });
});

describe('the stand-in protector and the ledger', () => {
  it('suppresses cells of 4 or fewer and a partner so the total does not give them away, into the table', async () => {
    const values = DISTRICTS.map((_, i) => (i === 2 ? 3 : 10));
    const table = tableOf(values, 143);
    const tables = toProtectTables(housing, table);
    const ledger = await protect(tables);
    expect(ledger.entries.filter((e) => e.reason === 'primary').map((e) => e.key)).toEqual(['sagene|2024']);
    expect(ledger.entries.filter((e) => e.reason === 'secondary')).toHaveLength(1);
    expect((await auditRelease(tables, ledger)).ok).toBe(true);
    const published = applyLedger(housing, table, ledger);
    expect(published.cells[2]).toMatchObject({
      area: 'sagene',
      value: null,
      numerator: null,
      status: 'suppressed',
      reason: 'suppressed: 4 or fewer',
    });
    expect(published.cells.filter((c) => c.status === 'suppressed')).toHaveLength(2);
    expect(published.cells[0]).toMatchObject({ value: 10, status: 'value' });
  });

  it('suppresses a computed rate with its count', async () => {
    const rate = indicatorById('lar_patients_per_1000_adults')!;
    const table = tableOf(
      DISTRICTS.map(() => 10),
      150,
    );
    table.cells[0] = cell('gamle-oslo', '2024', 0.1, { numerator: 2, denominator: 20000, derivation: 'computed' });
    const published = applyLedger(rate, table, await protect(toProtectTables(rate, table)));
    expect(published.cells[0]).toMatchObject({ value: null, numerator: null, denominator: null, status: 'suppressed' });
  });
});

describe('published ranges', () => {
  it('suppresses a range of persons that ends at 4 or fewer, and keeps larger ones', () => {
    const indicator = indicatorById('narrative_work_oriented_treatment_participants_range')!;
    const table: IndicatorTable = {
      areas: [],
      periods: ['2023'],
      cells: [
        cell('alna', '2023', null, { status: 'text', value: '2-4' }),
        cell('frogner', '2023', null, { status: 'text', value: '13-17' }),
      ],
      findings: [],
    };
    const [small, large] = suppressSmallRanges(indicator, table).cells;
    expect(small).toMatchObject({ value: null, status: 'suppressed', reason: 'suppressed: the source gives a range of 4 or fewer' });
    expect(large).toMatchObject({ value: '13-17', status: 'text' });
  });
});
