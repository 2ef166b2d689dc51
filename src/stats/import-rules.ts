import { districtByName } from '../platform/districts.ts';
import { measureKey, type Layout, type ValueKind } from './layouts.ts';
import type { RawTable } from './tabular.ts';

/*
 * Validating a table against its declared layout, row by row, without I/O. Every problem is
 * reported (row, column, the cell's text and why), and an import with any problem stores
 * nothing. A valid table becomes observations: one per value cell, true zeros as 0, empty cells
 * as missing with a reason, `..` as suppressed at source.
 */

/** One refused row and field. `row` is the line of the file (1 = the header). */
export type RowProblem = { row: number; field: string; value: string | null; message: string };

export type ObservationStatus = 'value' | 'suppressed_at_source' | 'missing' | 'text';

/** One cell as it will be stored. */
export type Observation = {
  measure: string;
  area: string;
  areaLabel: string;
  period: string;
  variant: string;
  /** The number as the file writes it (decimal text: never rounded, never a binary float). */
  value: string | null;
  status: ObservationStatus;
  valueText: string | null;
  missingReason: string | null;
  note: string | null;
  rowNumber: number;
};

export type ValidationResult = { observations: Observation[]; problems: RowProblem[]; rowCount: number };

/** The source's sign for a suppressed cell (RS2025 prints «...»; the extraction writes `..`). */
export const SUPPRESSED_AT_SOURCE = '..';

const NUMBER = /^-?\d+(\.\d+)?$/;
const RANGE = /^\d+(\.\d+)?-\d+(\.\d+)?$/;

/** The row's area: a district slug, a total, or an entity key, or why the label is refused. */
function areaOf(layout: Layout, label: string): { area: string; type: 'district' | 'total' | 'entity' } | { error: string } {
  const total = layout.totals[label];
  if (total) return { area: total, type: 'total' };
  if (layout.entities.includes(label)) return { area: `entity:${measureKey(label)}`, type: 'entity' };
  if (layout.areaKind === 'entity') return label ? { area: `entity:${measureKey(label)}`, type: 'entity' } : { error: 'must not be empty' };
  const district = districtByName(label);
  if (district && district.name === label) return { area: district.slug, type: 'district' };
  if (district) return { error: `must be written as the district is named: «${district.name}»` };
  const accepted = [...Object.keys(layout.totals), ...layout.entities].map((l) => `«${l}»`);
  return {
    error: "is not one of Oslo's 15 districts" + (accepted.length ? ` nor a row this layout accepts (${accepted.join(', ')})` : ''),
  };
}

/** Checks one cell against its kind; the stored value or why it is refused. */
export function checkCell(
  kind: ValueKind,
  text: string,
  options: { factor?: number; scale?: [number, number] } = {},
): { status: ObservationStatus; value: string | null; valueText: string | null } | { error: string } {
  if (text === '') return { status: 'missing', value: null, valueText: null };
  if (text === SUPPRESSED_AT_SOURCE) {
    if (kind === 'text') return { status: 'text', value: null, valueText: text };
    return { status: 'suppressed_at_source', value: null, valueText: null };
  }
  if (kind === 'text') return { status: 'text', value: null, valueText: text };
  if (kind === 'range' && RANGE.test(text)) {
    const [low, high] = text.split('-').map(Number) as [number, number];
    if (low > high) return { error: `the range ${text} runs backwards` };
    return { status: 'text', value: null, valueText: text };
  }
  if (!NUMBER.test(text)) {
    return {
      error:
        'must be a number (digits, a dot for decimals, no spaces or thousands separators)' +
        (kind === 'range' ? ' or a range like 2-4' : ''),
    };
  }
  const n = Number(text);
  switch (kind) {
    case 'count':
      if (!Number.isInteger(n)) return { error: 'must be a whole number (a count)' };
      if (n < 0) return { error: 'must not be negative (a count)' };
      break;
    case 'amount':
    case 'ratio':
    case 'range':
      if (n < 0) return { error: 'must not be negative' };
      break;
    case 'percent':
      if (n < 0 || n > 100) return { error: 'must be a percentage between 0 and 100' };
      break;
    case 'rate': {
      const factor = options.factor ?? 1000;
      if (n < 0) return { error: 'must not be negative (a rate)' };
      if (n > factor) return { error: `is a rate per ${factor.toLocaleString('en')} and cannot be more than ${factor}` };
      break;
    }
    case 'mean': {
      const [low, high] = options.scale ?? [-Infinity, Infinity];
      if (n < low || n > high) return { error: `must be a mean on the scale ${low}–${high}` };
      break;
    }
    case 'change':
      break;
  }
  return { status: 'value', value: text, valueText: null };
}

/** Why an empty cell is empty: the row's note when it names the column, else the general rule. */
function missingReason(note: string | null, column: string): string {
  if (note && note.includes(column)) return note;
  return 'not reported in the source (empty cell)';
}

/** Validates a table against a layout: observations when there are no problems, otherwise every problem. */
export function validateTable(layout: Layout, table: RawTable): ValidationResult {
  const problems: RowProblem[] = [];
  const required = [
    ...(layout.areaColumn ? [layout.areaColumn] : []),
    ...(layout.rowTypeColumn ? [layout.rowTypeColumn] : []),
    ...(layout.periodColumn ? [layout.periodColumn] : []),
    ...(layout.variantColumn ? [layout.variantColumn] : []),
    ...(layout.long ? [layout.long.measureColumn, layout.long.valueColumn] : []),
    ...layout.values.map((v) => v.column),
    ...layout.otherColumns,
  ];
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    if (index.has(name)) problems.push({ row: 1, field: name, value: name, message: 'is a column name used twice' });
    index.set(name, i);
  });
  for (const column of required) {
    if (!index.has(column))
      problems.push({ row: 1, field: column, value: null, message: `is a required column of layout ${layout.id} and is missing` });
  }
  for (const name of table.header) {
    if (!required.includes(name)) problems.push({ row: 1, field: name, value: name, message: `is not a column of layout ${layout.id}` });
  }
  if (problems.length > 0) return { observations: [], problems, rowCount: table.rows.length };

  const observations: Observation[] = [];
  const seen = new Map<string, number>();
  const cellOf = (cells: string[], column: string) => (cells[index.get(column)!] ?? '').trim();
  for (const { line, cells } of table.rows) {
    const rowProblems: RowProblem[] = [];
    const fail = (field: string, value: string | null, message: string) => rowProblems.push({ row: line, field, value, message });
    if (cells.length > table.header.length) fail('row', null, `has ${cells.length} cells but the header has ${table.header.length}`);
    const label = layout.areaColumn ? cellOf(cells, layout.areaColumn) : 'Oslo';
    const area = layout.areaColumn ? areaOf(layout, label) : ({ area: 'oslo', type: 'total' } as const);
    if ('error' in area) fail(layout.areaColumn!, label, area.error);
    if (layout.rowTypeColumn && !('error' in area)) {
      const rowType = cellOf(cells, layout.rowTypeColumn);
      if (rowType !== area.type) fail(layout.rowTypeColumn, rowType, `must be «${area.type}» for the row «${label}»`);
    }
    const rowPeriod = layout.periodColumn ? cellOf(cells, layout.periodColumn) : null;
    if (layout.periodColumn && !rowPeriod) fail(layout.periodColumn, '', 'must name the period');
    const variant = layout.variantColumn ? cellOf(cells, layout.variantColumn) : '';
    const note = layout.noteColumn ? cellOf(cells, layout.noteColumn) || null : null;
    const areaKey = 'error' in area ? `?${label}` : area.area;

    const cellsToCheck: { column: string; measure: string; kind: ValueKind; period: string; factor?: number; scale?: [number, number] }[] =
      [];
    if (layout.long) {
      const measureText = cellOf(cells, layout.long.measureColumn);
      const kind = layout.long.measures[measureText];
      if (!kind) fail(layout.long.measureColumn, measureText, `is not a measure of layout ${layout.id}`);
      else cellsToCheck.push({ column: layout.long.valueColumn, measure: measureKey(measureText), kind, period: rowPeriod ?? '' });
    } else {
      for (const v of layout.values) {
        cellsToCheck.push({
          column: v.column,
          measure: v.measure,
          kind: v.kind,
          period: v.period ?? rowPeriod ?? '',
          ...(v.factor !== undefined ? { factor: v.factor } : {}),
          ...(v.scale !== undefined ? { scale: v.scale } : {}),
        });
      }
    }
    const rowObservations: Observation[] = [];
    let duplicate = false;
    for (const c of cellsToCheck) {
      const text = cellOf(cells, c.column);
      const checked = checkCell(c.kind, text, c);
      if ('error' in checked) {
        fail(c.column, text, checked.error);
        continue;
      }
      const measure = `${layout.id}.${c.measure}`;
      const key = [measure, areaKey, c.period, variant].join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        if (!duplicate)
          fail(
            layout.areaColumn ?? c.column,
            label,
            `duplicates row ${first} (the same ${layout.long ? 'measure, ' : ''}area and period` +
              `${layout.variantColumn ? ' and source section' : ''})`,
          );
        duplicate = true;
        continue;
      }
      seen.set(key, line);
      rowObservations.push({
        measure,
        area: areaKey,
        areaLabel: label,
        period: c.period,
        variant,
        value: checked.value,
        status: checked.status,
        valueText: checked.valueText,
        missingReason: checked.status === 'missing' ? missingReason(note, c.column) : null,
        note,
        rowNumber: line,
      });
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else observations.push(...rowObservations);
  }
  return { observations: problems.length ? [] : observations, problems, rowCount: table.rows.length };
}

/** The first and last period of the observations (text order: years and dates sort), ignoring `unspecified`. */
export function periodCoverage(observations: readonly Observation[]): { from: string | null; to: string | null } {
  const periods = [...new Set(observations.map((o) => o.period))].filter((p) => p !== 'unspecified').sort();
  return { from: periods[0] ?? null, to: periods[periods.length - 1] ?? null };
}
