import { describe, expect, it } from 'vitest';
import { checkCell, periodCoverage, validateTable } from './import-rules.ts';
import { layoutById } from './layouts.ts';
import type { RawTable } from './tabular.ts';

const fig09 = layoutById('fig09')!;
const HEADER = 'district,row_type,rus_2020,rop_2020,total_2020,rus_2022,rop_2022,total_2022,rus_2024,rop_2024,total_2024'.split(',');
const table = (...rows: string[]): RawTable => ({ header: HEADER, rows: rows.map((r, i) => ({ line: i + 2, cells: r.split(',') })) });

describe('checking a cell against its kind', () => {
  it('keeps a zero as a number, an empty cell as missing and `..` as suppressed at source', () => {
    expect(checkCell('count', '0')).toEqual({ status: 'value', value: '0', valueText: null });
    expect(checkCell('count', '')).toEqual({ status: 'missing', value: null, valueText: null });
    expect(checkCell('count', '..')).toEqual({ status: 'suppressed_at_source', value: null, valueText: null });
  });

  it('refuses negative counts, fractions of persons, rates over their factor and percentages over 100', () => {
    expect(checkCell('count', '-1')).toEqual({ error: 'must not be negative (a count)' });
    expect(checkCell('count', '1.5')).toEqual({ error: 'must be a whole number (a count)' });
    expect(checkCell('rate', '10001', { factor: 10000 })).toEqual({ error: 'is a rate per 10,000 and cannot be more than 10000' });
    expect(checkCell('rate', '0.87', { factor: 1000 })).toMatchObject({ status: 'value', value: '0.87' });
    expect(checkCell('percent', '101')).toEqual({ error: 'must be a percentage between 0 and 100' });
    expect(checkCell('mean', '7.5', { scale: [1, 7] })).toEqual({ error: 'must be a mean on the scale 1–7' });
    expect(checkCell('count', '1 234')).toMatchObject({ error: expect.stringContaining('no spaces or thousands separators') });
    expect(checkCell('change', '-75')).toMatchObject({ status: 'value', value: '-75' });
  });

  it('keeps published ranges as text and refuses a range that runs backwards', () => {
    expect(checkCell('range', '2-4')).toEqual({ status: 'text', value: null, valueText: '2-4' });
    expect(checkCell('range', '4-2')).toEqual({ error: 'the range 4-2 runs backwards' });
  });
});

describe('validating a table against its layout', () => {
  it('turns each value cell into an observation of its measure, area and period', () => {
    const result = validateTable(
      fig09,
      table('Alna,district,22,11,33,20,25,45,18,41,59', 'Totalt,total,350,423,773,359,635,994,314,795,1109'),
    );
    expect(result.problems).toEqual([]);
    expect(result.observations).toHaveLength(18);
    expect(result.observations[0]).toMatchObject({
      measure: 'fig09.rus',
      area: 'alna',
      areaLabel: 'Alna',
      period: '2020',
      value: '22',
      rowNumber: 2,
    });
    expect(result.observations.at(-1)).toMatchObject({ measure: 'fig09.total', area: 'oslo', period: '2024', value: '1109' });
    expect(periodCoverage(result.observations)).toEqual({ from: '2020', to: '2024' });
  });

  it('reports a missing column, an unknown column and stores nothing', () => {
    const result = validateTable(fig09, { header: [...HEADER.slice(0, -1), 'totalt_2024'], rows: [] });
    expect(result.observations).toEqual([]);
    expect(result.problems).toEqual([
      { row: 1, field: 'total_2024', value: null, message: 'is a required column of layout fig09 and is missing' },
      { row: 1, field: 'totalt_2024', value: 'totalt_2024', message: 'is not a column of layout fig09' },
    ]);
  });

  it('reports every bad row and field: unknown district, misspelt district, wrong row type, duplicate', () => {
    const result = validateTable(
      fig09,
      table(
        'Nordre Akker,district,1,1,2,1,1,2,1,1,2',
        'st. hanshaugen,district,1,1,2,1,1,2,1,1,2',
        'Alna,total,1,1,2,1,1,2,1,1,2',
        'Bjerke,district,1,1,2,1,1,2,1,1,2',
        'Bjerke,district,1,1,2,1,1,2,1,1,2',
      ),
    );
    expect(result.observations).toEqual([]);
    expect(result.problems.map((p) => [p.row, p.field, p.message])).toEqual([
      [2, 'district', "is not one of Oslo's 15 districts nor a row this layout accepts («Totalt»)"],
      [3, 'district', 'must be written as the district is named: «St. Hanshaugen»'],
      [4, 'row_type', 'must be «district» for the row «Alna»'],
      [6, 'district', 'duplicates row 5 (the same area and period)'],
    ]);
  });

  it('accepts the same narrative number stated in two sections, and refuses it twice in one', () => {
    const narrative = layoutById('narrative')!;
    const header = ['district', 'measure', 'year', 'value', 'unit', 'source_section', 'source_quote', 'note'];
    const row = (section: string) => ['Frogner', 'staff_years_adults_per_10000', '2023', '16', 'x', section, 'q', ''];
    const ok = validateTable(narrative, {
      header,
      rows: [
        { line: 2, cells: row('kap. 3') },
        { line: 3, cells: row('kap. 16.1') },
      ],
    });
    expect(ok.problems).toEqual([]);
    const twice = validateTable(narrative, {
      header,
      rows: [
        { line: 2, cells: row('kap. 3') },
        { line: 3, cells: row('kap. 3') },
      ],
    });
    expect(twice.problems[0]!.message).toBe('duplicates row 2 (the same measure, area and period and source section)');
  });
});
