/**
 * Statistics release benchmark: `npm run bench:stats [-- --runs=N] [--database=pglite|postgres]`.
 *
 * A migrated database with the default dataset (every published Oslo table in seed/stats, imported
 * through the same validation as any import). Each run makes a release the whole way, as
 * POST /api/stats/releases does: read the current imports, compute every indicator of the
 * catalogue, protect all their count tables together (one ledger), audit the ledger with HiGHS,
 * and store the release (its inputs copied, every indicator's published table, the ledger). Every
 * run stores a new release (the catalogue is varied by a note so the repeat is not recognised as
 * unchanged). HiGHS is loaded before the runs; the first run is reported apart, the rest as the
 * median. Then, per run, the report from the newest release as its job builds it (every indicator
 * of the outline read from the release, the HTML, the PDF printed by Chromium) in bokmål and English.
 * Results go to bench/results/stats-<timestamp>.json and a markdown table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { allMigrations } from '../src/modules.ts';
import { openDatabase } from '../src/platform/db.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { CATALOGUE } from '../src/stats/catalogue.ts';
import { highsSolver } from '../src/stats/disclosure/intervals.ts';
import { auditRelease, protect } from '../src/stats/disclosure/protect.ts';
import { SEED_FILES } from '../src/stats/seed.ts';
import { seedStatistics } from '../src/stats/seed.ts';
import { composeRelease, makeRelease, releaseReportSource } from '../src/stats/stats.service.ts';
import { buildReport } from '../src/stats/report/report.service.ts';
import { insertReport, reportStatus } from '../src/stats/report/report.repository.ts';
import { newId } from '../src/platform/ids.ts';
import { DEFAULT_CHROMIUM_PATH } from '../src/platform/config.ts';
import { adminQuery, dropDatabase, PG_ADMIN_URL, postgresUnreachable, withDatabase } from '../test/databases.ts';
import { ROOT } from '../test/server-process.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k!, v.length ? v.join('=') : 'true'] as const;
  }),
);
const known = new Set(['runs', 'database']);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const runs = Number(args.get('runs') ?? 5);
const kinds = args.has('database')
  ? [args.get('database') as 'pglite' | 'postgres']
  : (['pglite', ...((await postgresUnreachable()) === null ? ['postgres' as const] : [])] as const);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type Phases = {
  readMs: number;
  computeMs: number;
  protectMs: number;
  auditMs: number;
  totalMs: number;
  reportNbMs: number;
  reportEnMs: number;
};

/** Builds the report of the newest release in a language as the job does; its time in ms. */
async function timeReport(db: Parameters<typeof buildReport>[0], lang: 'nb' | 'en'): Promise<number> {
  const release = await releaseReportSource.release(db, null);
  const id = newId();
  await insertReport(db, { id, releaseId: release.id, lang, requestedBy: 'bench' });
  const t0 = performance.now();
  await buildReport(db, releaseReportSource, { id, chromiumPath: process.env.VEIVISER_CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH });
  const ms = performance.now() - t0;
  const row = await reportStatus(db, id);
  if (row?.state !== 'done') throw new Error(`the report was not built: ${row?.error ?? 'no row'}`);
  return ms;
}

async function measure(kind: 'pglite' | 'postgres') {
  const name = `veiviser_bench_stats_${Date.now()}`;
  if (kind === 'postgres') await adminQuery(`create database ${name}`);
  const handle =
    kind === 'pglite'
      ? await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
      : await openDatabase({ kind: 'postgres', url: withDatabase(PG_ADMIN_URL, name) }, { poolSize: 5 });
  try {
    await migrateToLatest(handle.db, allMigrations());
    const seedStart = performance.now();
    const seeded = await seedStatistics(handle.db);
    const seedMs = performance.now() - seedStart;
    await highsSolver();
    const phases: Phases[] = [];
    let shape = { inputs: 0, indicators: 0, protectTables: 0, cells: 0, suppressed: 0, ledger: 0, intervals: 0 };
    for (let run = 0; run < runs; run++) {
      // The phases as composeRelease measures them, then the whole release as the route makes it.
      const composed = await composeRelease(handle.db, { protector: protect, auditor: auditRelease });
      const indicators = CATALOGUE.map((i, n) => (n === 0 ? { ...i, notes: `${i.notes} (bench run ${run})` } : i));
      const t0 = performance.now();
      const made = await makeRelease(handle.db, { protector: protect, auditor: auditRelease, createdBy: 'bench', indicators });
      const totalMs = performance.now() - t0;
      if (!made.created || !made.release.audit.ok) throw new Error('the release was not made, or its audit failed');
      const reportNbMs = await timeReport(handle.db, 'nb');
      const reportEnMs = await timeReport(handle.db, 'en');
      phases.push({ ...composed.timings, totalMs, reportNbMs, reportEnMs });
      shape = {
        inputs: composed.inputs.length,
        indicators: composed.indicators.length,
        protectTables: composed.indicators.reduce((n, i) => n + i.protectedTables.length, 0),
        cells: made.release.cellCount,
        suppressed: made.release.suppressedCount,
        ledger: composed.ledger.entries.length,
        intervals: composed.audit.intervalCount,
      };
    }
    return { kind, seedFiles: SEED_FILES.length, seedMs: Math.round(seedMs), seedRelease: seeded.release, shape, phases };
  } finally {
    await handle.close();
    if (kind === 'postgres') await dropDatabase(name);
  }
}

const results = [];
for (const kind of kinds) results.push(await measure(kind));

const when = new Date().toISOString();
const result = { when, machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, runs, results };
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `stats-${when.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(result, null, 2));
const ms = (values: number[]) => `${Math.round(values[0]!)}, ${Math.round(median(values.slice(1).length ? values.slice(1) : values))}`;
console.log(
  [
    '| database | indicators | inputs | count tables | published cells (suppressed) | ledger entries | audit intervals | ' +
      'read | compute | protect | audit (HiGHS) | whole release, stored | report nb (HTML + PDF) | report en |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.kind} | ${r.shape.indicators} | ${r.shape.inputs} | ${r.shape.protectTables} | ${r.shape.cells} (${r.shape.suppressed}) | ` +
        `${r.shape.ledger} | ${r.shape.intervals} | ${ms(r.phases.map((p) => p.readMs))} | ${ms(r.phases.map((p) => p.computeMs))} | ` +
        `${ms(r.phases.map((p) => p.protectMs))} | ${ms(r.phases.map((p) => p.auditMs))} | ${ms(r.phases.map((p) => p.totalMs))} | ` +
        `${ms(r.phases.map((p) => p.reportNbMs))} | ${ms(r.phases.map((p) => p.reportEnMs))} |`,
    ),
  ].join('\n'),
);
console.log('\n(ms: first run, median of the others)');
console.log(results.map((r) => `${r.kind}: seeding ${r.seedFiles} files and the first release took ${r.seedMs} ms`).join('\n'));
console.log(`\n${file}`);
