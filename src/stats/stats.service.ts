import { createHash } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { CATALOGUE, indicatorById } from './catalogue.ts';
import { computeIndicator, type IndicatorTable } from './compute.ts';
import { periodCoverage, validateTable } from './import-rules.ts';
import { toJsonStat, type DatasetFilter } from './jsonstat.ts';
import { layoutById, LAYOUTS } from './layouts.ts';
import { applyLedger, DISCLOSURE_THRESHOLD, suppressSmallRanges, toProtectTables, type Protector } from './protection.ts';
import {
  currentObservations,
  importRowToProvenance,
  importsByIds,
  insertImport,
  insertObservations,
  listImportRows,
  seedImportExists,
} from './stats.repository.ts';
import type { ImportFields, ImportList, ImportReport, IndicatorDefinition, JsonStatDataset, LayoutList } from './stats.schemas.ts';
import { readCsv, readXlsx, type ReadResult } from './tabular.ts';

/** The population measure of each denominator. */
const POPULATION_MEASURE = {
  population_18_plus: 'population.population_18_plus',
  population_under_18: 'population.population_under_18',
} as const;

export type FileKind = 'csv' | 'xlsx';

/**
 * Imports one aggregate table: read, validate every row against the layout, and store all of it
 * in the caller's transaction, or nothing. A refused import answers with every problem.
 */
export async function importTable(
  trx: Db,
  options: { fields: ImportFields; fileName: string; bytes: Uint8Array; kind: FileKind; importedBy: string; seed?: boolean },
): Promise<ImportReport> {
  const layout = layoutById(options.fields.layout);
  if (!layout) {
    throw new AppError('INVALID_INPUT', `layout: ${options.fields.layout} is not a declared layout`, [
      { field: 'layout', message: `must be one of ${LAYOUTS.map((l) => l.id).join(', ')}` },
    ]);
  }
  const read: ReadResult = options.kind === 'xlsx' ? await readXlsx(options.bytes) : readCsv(options.bytes, options.fields.encoding);
  if (!read.ok)
    return {
      stored: false,
      import: null,
      rowCount: 0,
      observationCount: 0,
      problems: [{ row: read.problem.line, field: read.problem.field, value: null, message: read.problem.message }],
    };
  const result = validateTable(layout, read.table);
  if (result.problems.length > 0)
    return { stored: false, import: null, rowCount: result.rowCount, observationCount: 0, problems: result.problems };
  const coverage = periodCoverage(result.observations);
  const row = await insertImport(trx, {
    layout_id: layout.id,
    source_system: options.fields.sourceSystem,
    source: options.fields.source,
    extraction_date: options.fields.extractionDate,
    period_from: coverage.from,
    period_to: coverage.to,
    file_name: options.fileName.slice(0, 255),
    file_sha256: createHash('sha256').update(options.bytes).digest('hex'),
    encoding: options.kind === 'xlsx' ? 'xlsx' : options.fields.encoding,
    row_count: result.rowCount,
    observation_count: result.observations.length,
    seed: options.seed ?? false,
    imported_by: options.importedBy,
  });
  await insertObservations(trx, Number(row.id), result.observations);
  return {
    stored: true,
    import: importRowToProvenance(row),
    rowCount: result.rowCount,
    observationCount: result.observations.length,
    problems: [],
  };
}

/** The message of a refused import: the first problems, and how many there are. */
export function refusal(report: ImportReport): AppError {
  const shown = report.problems.slice(0, 200);
  return new AppError(
    'UNPROCESSABLE',
    `The import was refused and nothing was stored: ${report.problems.length} problem(s). ` +
      shown
        .slice(0, 3)
        .map((p) => `row ${p.row}, ${p.field}: ${p.message}`)
        .join('; '),
    shown.map((p) => ({ field: `rows[${p.row}].${p.field}`, message: p.value === null ? p.message : `«${p.value}» ${p.message}` })),
  );
}

/** Was this seed file imported already (same layout, same bytes)? */
export async function isSeeded(db: Db, layoutId: string, bytes: Uint8Array): Promise<boolean> {
  return seedImportExists(db, layoutId, createHash('sha256').update(bytes).digest('hex'));
}

export function listIndicators(): IndicatorDefinition[] {
  return [...CATALOGUE];
}

export function listLayouts(): LayoutList['layouts'] {
  return LAYOUTS.map((l) => ({
    id: l.id,
    label: l.label,
    columns: [
      ...(l.areaColumn ? [l.areaColumn] : []),
      ...(l.rowTypeColumn ? [l.rowTypeColumn] : []),
      ...(l.periodColumn ? [l.periodColumn] : []),
      ...(l.long ? [l.long.measureColumn, l.long.valueColumn] : []),
      ...(l.variantColumn ? [l.variantColumn] : []),
      ...l.values.map((v) => v.column),
      ...l.otherColumns,
    ],
  }));
}

export async function listImports(db: Db): Promise<ImportList['imports']> {
  const rows = await listImportRows(db, 500);
  return rows.map((r) => ({
    ...importRowToProvenance(r),
    fileName: r.file_name,
    rowCount: r.row_count,
    seed: r.seed,
    importedBy: r.imported_by,
  }));
}

/** An indicator computed from the current imports, protected for publishing. */
export async function computeIndicatorTable(
  db: Db,
  options: { id: string; protector: Protector },
): Promise<{ indicator: IndicatorDefinition; table: IndicatorTable; protectedTables: string[] }> {
  const indicator = indicatorById(options.id);
  if (!indicator) throw notFound(`Indicator ${options.id}`);
  const layout = layoutById(indicator.measure.split('.')[0]!)!;
  const populationMeasure =
    indicator.method === 'rate_from_counts' ? POPULATION_MEASURE[indicator.denominator as keyof typeof POPULATION_MEASURE] : null;
  const measures = [indicator.measure, ...(populationMeasure ? [populationMeasure] : []), ...indicator.compareWith.map((c) => c.measure)];
  const all = await currentObservations(db, measures);
  const of = (measure: string) => all.filter((o) => o.measure === measure);
  const computed = computeIndicator({
    indicator,
    layout,
    observations: of(indicator.measure),
    population: populationMeasure ? of(populationMeasure) : [],
    comparisons: indicator.compareWith.map((c) => ({ ...c, observations: of(c.measure) })),
  });
  const tables = toProtectTables(indicator, computed);
  const ledger = await options.protector(tables, { threshold: DISCLOSURE_THRESHOLD });
  return {
    indicator,
    table: suppressSmallRanges(indicator, applyLedger(indicator, computed, ledger)),
    protectedTables: tables.map((t) => t.id),
  };
}

/** GET /api/stats/indicators/{id}: the indicator as a JSON-stat dataset. */
export async function getIndicatorDataset(
  db: Db,
  options: { id: string; filter: DatasetFilter; lang: 'nb' | 'en'; protector: Protector },
): Promise<JsonStatDataset> {
  const { indicator, table, protectedTables } = await computeIndicatorTable(db, options);
  const importIds = [...new Set(table.cells.map((c) => c.importId).filter((id): id is number => id !== null))];
  const imports = (await importsByIds(db, importIds)).map(importRowToProvenance);
  return toJsonStat(indicator, table, { imports, filter: options.filter, protectedTables, lang: options.lang });
}
