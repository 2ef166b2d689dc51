import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { CATALOGUE } from './catalogue.ts';
import type { IndicatorTable, StoredObservation } from './compute.ts';
import type { AuditReport, Ledger, ProtectTable } from './disclosure/types.ts';
import { periodCoverage, validateTable } from './import-rules.ts';
import { toJsonStat, type DatasetFilter } from './jsonstat.ts';
import { layoutById, LAYOUTS } from './layouts.ts';
import { LIVE_LAYOUT, liveObservations } from './live.ts';
import type { Protector } from './protection.ts';
import {
  catalogueHash,
  computeFrom,
  groupByMeasure,
  inputsHash,
  linkageByYear,
  measuresOf,
  publishLinkage,
  publishTable,
  RELEASE_SETTINGS,
  releaseChanges,
  releaseProtectTables,
  summariseAudit,
  type PublishedLinkage,
  type ReleaseAudit,
  type ReleaseSettings,
} from './release.ts';
import {
  currentObservations,
  importRowToProvenance,
  importsByIds,
  insertImport,
  insertObservations,
  insertRelease,
  latestReleaseRow,
  listImportRows,
  listReleaseRows,
  linkageRegistrations,
  liveIntakeRows,
  lockReleases,
  previousReleaseRow,
  releaseIndicatorIds,
  releaseIndicatorRow,
  releaseIndicatorRows,
  releaseRowById,
  seedImportExists,
} from './stats.repository.ts';
import type {
  Finding,
  ImportFields,
  ImportList,
  ImportReport,
  IndicatorDefinition,
  JsonStatDataset,
  LayoutList,
  ReleaseChangesAnswer,
  ReleaseCreated,
  ReleaseDetail,
  ReleaseSummary,
} from './stats.schemas.ts';
import { readCsv, readXlsx, type ReadResult } from './tabular.ts';

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
  if (!layout || layout.live) {
    throw new AppError('INVALID_INPUT', `layout: ${options.fields.layout} is not a declared layout of imported tables`, [
      {
        field: 'layout',
        message: `must be one of ${LAYOUTS.filter((l) => !l.live)
          .map((l) => l.id)
          .join(', ')}`,
      },
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
  return LAYOUTS.filter((l) => !l.live).map((l) => ({
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

/** Who made the first release of a fresh install. */
export const SEED_RELEASER = 'Veiviser (seed)';

/** Checks a release's ledger with the HiGHS interval audit (src/stats/disclosure: auditRelease). */
export type Auditor = (tables: ProtectTable[], ledger: Ledger, options: ReleaseSettings) => Promise<AuditReport>;

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
let version: string | undefined;

/**
 * The code a release was made by: VEIVISER_COMMIT when the deployment sets it, else the git commit
 * of the checkout, else the package version.
 */
export function codeVersion(): string {
  if (version) return version;
  const fromEnv = process.env.VEIVISER_COMMIT?.trim();
  if (fromEnv && /^[0-9a-f]{7,40}$/.test(fromEnv)) return (version = `git:${fromEnv}`);
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    })
      .toString()
      .trim();
    if (/^[0-9a-f]{40}$/.test(commit)) return (version = `git:${commit}`);
  } catch {
    // Not a checkout, or no git: the package version says which code it was.
  }
  return (version = `${PACKAGE.name}@${PACKAGE.version}`);
}

type ReleaseRow = NonNullable<Awaited<ReturnType<typeof latestReleaseRow>>>;

function releaseSummary(row: ReleaseRow): ReleaseSummary {
  return {
    id: Number(row.id),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    codeVersion: row.code_version,
    previousId: row.previous_id === null ? null : Number(row.previous_id),
    catalogueSha256: row.catalogue_sha256,
    inputsSha256: row.inputs_sha256,
    indicatorCount: row.indicator_count,
    cellCount: row.cell_count,
    suppressedCount: row.suppressed_count,
    inputCount: row.input_count,
    durationMs: row.duration_ms,
  };
}

async function releaseDetail(db: Db, row: ReleaseRow): Promise<ReleaseDetail> {
  return {
    ...releaseSummary(row),
    settings: row.settings,
    ledger: row.ledger,
    audit: row.audit,
    imports: row.imports,
    indicators: await releaseIndicatorIds(db, Number(row.id)),
  };
}

/** A release composed in memory: every indicator computed, protected together and audited. */
export type ComposedRelease = {
  inputs: StoredObservation[];
  indicators: { indicator: IndicatorDefinition; table: IndicatorTable; protectedTables: string[] }[];
  linkage: PublishedLinkage[];
  ledger: Ledger;
  audit: ReleaseAudit;
  timings: { readMs: number; computeMs: number; protectMs: number; auditMs: number };
};

/**
 * Computes every indicator of the catalogue from the current imports, runs the protector once over
 * all their count tables (one ledger), and audits that ledger with the LP. Stores nothing.
 */
export async function composeRelease(
  db: Db,
  options: { protector: Protector; auditor: Auditor; indicators?: readonly IndicatorDefinition[] },
): Promise<ComposedRelease> {
  const catalogue = options.indicators ?? CATALOGUE;
  const t0 = performance.now();
  const measures = [...new Set(catalogue.flatMap(measuresOf))];
  const imported = await currentObservations(
    db,
    measures.filter((m) => !m.startsWith(`${LIVE_LAYOUT}.`)),
  );
  // Veiviser's own live data, aggregated when the release is made, when an indicator uses it.
  const live = measures.some((m) => m.startsWith(`${LIVE_LAYOUT}.`)) ? liveObservations(await liveIntakeRows(db)) : [];
  const inputs = [...imported, ...live];
  const t1 = performance.now();
  const byMeasure = groupByMeasure(inputs);
  const computed = catalogue.map((indicator) => ({ indicator, table: computeFrom(indicator, byMeasure) }));
  const t2 = performance.now();
  const { tables: indicatorTables, byIndicator } = releaseProtectTables(computed);
  // Unique persons across the person-level sources: protected in the same ledger as every table.
  const linked = linkageByYear(await linkageRegistrations(db));
  const tables = [...indicatorTables, ...linked.flatMap((l) => l.tables)];
  const ledger = await options.protector(tables, RELEASE_SETTINGS);
  const t3 = performance.now();
  const audit = summariseAudit(await options.auditor(tables, ledger, RELEASE_SETTINGS));
  const t4 = performance.now();
  return {
    inputs,
    indicators: computed.map(({ indicator, table }) => ({
      indicator,
      table: publishTable(indicator, table, ledger),
      protectedTables: byIndicator.get(indicator.id) ?? [],
    })),
    linkage: linked.map((l) => publishLinkage(l.period, l.linkage, ledger)),
    ledger,
    audit,
    timings: { readMs: t1 - t0, computeMs: t2 - t1, protectMs: t3 - t2, auditMs: t4 - t3 },
  };
}

/** The audit failed: refused, naming every cell whose interval is too narrow. */
function auditRefusal(audit: ReleaseAudit): AppError {
  const named = audit.failed.slice(0, 200);
  return new AppError(
    'UNPROCESSABLE',
    `The release was refused and nothing was stored: the interval audit found ${audit.failed.length} suppressed value(s) ` +
      `that could be narrowed below the protection width. ` +
      named
        .slice(0, 3)
        .map((f) => `${f.table} ${f.key} (${f.kind}): [${f.min}, ${f.max ?? '∞'}], width ${f.width ?? '∞'} < ${f.required}`)
        .join('; '),
    [
      ...named.map((f) => ({
        field: `${f.table}.${f.key}`,
        message: `${f.kind} interval [${f.min}, ${f.max ?? '∞'}] is narrower than ${f.required}`,
      })),
      ...audit.problems.slice(0, 20).map((p) => ({ field: 'audit', message: p })),
    ],
  );
}

/**
 * Makes a release: one at a time (an advisory lock held for the transaction), from the current
 * imports. When the latest release was made from the same inputs, catalogue and code, that release
 * is the answer (created: false): a repeated or concurrent request does not make a copy.
 */
export async function makeRelease(
  db: Db,
  options: { protector: Protector; auditor: Auditor; createdBy: string; indicators?: readonly IndicatorDefinition[] },
): Promise<ReleaseCreated> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    await lockReleases(trx);
    const composed = await composeRelease(trx, options);
    const catalogue = options.indicators ?? CATALOGUE;
    const hashes = { catalogue_sha256: catalogueHash(catalogue), inputs_sha256: inputsHash(composed.inputs) };
    const latest = await latestReleaseRow(trx);
    if (
      latest &&
      latest.catalogue_sha256 === hashes.catalogue_sha256 &&
      latest.inputs_sha256 === hashes.inputs_sha256 &&
      latest.code_version === codeVersion()
    ) {
      return { created: false, release: await releaseDetail(trx, latest) };
    }
    if (!composed.audit.ok) throw auditRefusal(composed.audit);
    const importIds = [...new Set(composed.inputs.map((o) => o.importId).filter((id): id is number => id !== null))];
    const imports = (await importsByIds(trx, importIds)).map(importRowToProvenance);
    const cells = composed.indicators.flatMap((i) => i.table.cells);
    const row = await insertRelease(
      trx,
      {
        created_by: options.createdBy,
        code_version: codeVersion(),
        ...hashes,
        previous_id: latest ? Number(latest.id) : null,
        settings: JSON.stringify(RELEASE_SETTINGS),
        ledger: JSON.stringify(composed.ledger),
        audit: JSON.stringify(composed.audit),
        imports: JSON.stringify(imports),
        linkage: JSON.stringify(composed.linkage),
        indicator_count: composed.indicators.length,
        cell_count: cells.length,
        suppressed_count: cells.filter((c) => c.status === 'suppressed').length,
        input_count: composed.inputs.length,
        duration_ms: Math.round(performance.now() - started),
      },
      composed.indicators.map((i) => ({
        indicator_id: i.indicator.id,
        definition: JSON.stringify(i.indicator),
        published: JSON.stringify(i.table),
        protected_tables: JSON.stringify(i.protectedTables),
      })),
      composed.inputs,
    );
    return { created: true, release: await releaseDetail(trx, row) };
  });
}

/** A release by number, or the latest; 404 when there is none. */
async function releaseRow(db: Db, release: number | 'latest'): Promise<ReleaseRow> {
  const row = release === 'latest' ? await latestReleaseRow(db) : await releaseRowById(db, release);
  if (!row) throw notFound(release === 'latest' ? 'A statistics release' : `Release ${release}`);
  return row;
}

export const parseRelease = (param: string | undefined): number | 'latest' =>
  param === undefined || param === 'latest' ? 'latest' : Number(param);

export async function listReleases(db: Db): Promise<ReleaseSummary[]> {
  return (await listReleaseRows(db, 200)).map(releaseSummary);
}

export async function getRelease(db: Db, release: number | 'latest'): Promise<ReleaseDetail> {
  return releaseDetail(db, await releaseRow(db, release));
}

/** A finding of a release, with the indicator it is about. */
export type ReleaseFinding = Finding & { indicator: string };

/**
 * Everything a release publishes, for the report generator and anything else that publishes from
 * a release: its metadata (with the ledger, audit and imports), every indicator's definition and
 * published table (values, status, provenance per cell), and every data-quality finding.
 */
export async function loadRelease(
  db: Db,
  release: number | 'latest',
): Promise<{
  release: ReleaseDetail;
  indicators: { definition: IndicatorDefinition; table: IndicatorTable; protectedTables: string[] }[];
  ledger: Ledger;
  findings: ReleaseFinding[];
  linkage: PublishedLinkage[];
}> {
  const row = await releaseRow(db, release);
  const rows = await releaseIndicatorRows(db, Number(row.id));
  const indicators = rows.map((r) => ({ definition: r.definition, table: r.published, protectedTables: r.protected_tables }));
  return {
    release: {
      ...releaseSummary(row),
      settings: row.settings,
      ledger: row.ledger,
      audit: row.audit,
      imports: row.imports,
      indicators: rows.map((r) => r.indicator_id),
    },
    indicators,
    ledger: row.ledger,
    findings: indicators.flatMap((i) => i.table.findings.map((f) => ({ ...f, indicator: i.definition.id }))),
    linkage: row.linkage,
  };
}

/** GET /api/stats/releases/{id}/linkage: unique persons and overlaps across sources, as the release published them. */
export async function getReleaseLinkage(db: Db, release: number | 'latest'): Promise<{ release: number; periods: PublishedLinkage[] }> {
  const row = await releaseRow(db, release);
  return { release: Number(row.id), periods: row.linkage };
}

/** What a release changed from the one before it (everything is «added» in the first). */
export async function getReleaseChanges(db: Db, id: number): Promise<ReleaseChangesAnswer> {
  const row = await releaseRow(db, id);
  const previous = await previousReleaseRow(db, id);
  const tables = async (releaseId: number) =>
    new Map((await releaseIndicatorRows(db, releaseId)).map((r) => [r.indicator_id, r.published] as const));
  const changes = releaseChanges(previous ? await tables(Number(previous.id)) : new Map(), await tables(Number(row.id)));
  return { release: Number(row.id), previous: previous ? Number(previous.id) : null, ...changes };
}

/**
 * A release's published indicators, cached per database by release and indicator: a release never
 * changes, so a cached table is never stale. The newest 256 per database are kept.
 */
type PublishedEntry = { definition: IndicatorDefinition; table: IndicatorTable; protectedTables: string[] };
const publishedCache = new WeakMap<Db, Map<string, PublishedEntry>>();
const CACHE_SIZE = 256;

/** GET /api/stats/indicators/{id}: the indicator as a JSON-stat dataset, read from a release. */
export async function getIndicatorDataset(
  db: Db,
  options: { id: string; filter: DatasetFilter; lang: 'nb' | 'en'; release?: number | 'latest' },
): Promise<JsonStatDataset> {
  const release = await releaseRow(db, options.release ?? 'latest');
  const releaseId = Number(release.id);
  const cacheKey = `${releaseId}|${options.id}`;
  let published = publishedCache.get(db);
  if (!published) publishedCache.set(db, (published = new Map<string, PublishedEntry>()));
  let entry = published.get(cacheKey);
  if (!entry) {
    const row = await releaseIndicatorRow(db, releaseId, options.id);
    if (!row) throw notFound(`Indicator ${options.id} in release ${releaseId}`);
    entry = { definition: row.definition, table: row.published, protectedTables: row.protected_tables };
    published.set(cacheKey, entry);
    if (published.size > CACHE_SIZE) published.delete(published.keys().next().value!);
  }
  return toJsonStat(entry.definition, entry.table, {
    imports: release.imports,
    filter: options.filter,
    protectedTables: entry.protectedTables,
    lang: options.lang,
    release: { id: releaseId, createdAt: release.created_at.toISOString(), codeVersion: release.code_version },
  });
}

/** The person-level sources of the linkage, as a report names them. */
export const LINKAGE_SOURCE_LABELS: Record<string, { nb: string; en: string }> = {
  institution_stay: { nb: 'Opphold i institusjon', en: 'Stayed in an institution' },
  discharge_ready: { nb: 'Meldt utskrivningsklar', en: 'Notified discharge-ready' },
  quality_of_life: { nb: 'Svart på livskvalitet', en: 'Answered quality of life' },
};

/**
 * The report generator's source (the shape of src/stats/report's ReportSource): a release by its
 * number or the latest, its datasets as the public API answers them, and unique persons of the
 * latest year it linked. Release ids are the numbers as text.
 */
export const releaseReportSource = {
  async release(db: Db, id: string | null): Promise<{ id: string; createdAt: string; codeVersion: string }> {
    if (id !== null && id !== 'latest' && !/^[1-9][0-9]{0,14}$/.test(id)) throw notFound(`Release ${id}`);
    const row = await releaseRow(db, id === null || id === 'latest' ? 'latest' : Number(id));
    return { id: String(row.id), createdAt: row.created_at.toISOString(), codeVersion: row.code_version };
  },
  async dataset(db: Db, releaseId: string, indicatorId: string, lang: 'nb' | 'en'): Promise<JsonStatDataset | null> {
    try {
      return await getIndicatorDataset(db, { id: indicatorId, filter: { periods: null, areas: null }, lang, release: Number(releaseId) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  },
  async uniquePersons(
    db: Db,
    releaseId: string,
    lang: 'nb' | 'en' = 'nb',
  ): Promise<{
    sources: { id: string; label: string; persons: number | null }[];
    total: number | null;
    overlap: { a: string; b: string; persons: number | null }[];
  } | null> {
    const { periods } = await getReleaseLinkage(db, Number(releaseId));
    const year = periods.at(-1);
    if (!year) return null;
    return {
      sources: year.sources.map((s) => ({ id: s, label: LINKAGE_SOURCE_LABELS[s]?.[lang] ?? s, persons: year.bySource[s]?.value ?? null })),
      total: year.unique.value,
      overlap: year.overlap.map((o) => ({ a: o.a, b: o.b, persons: o.both.value })),
    };
  },
};
