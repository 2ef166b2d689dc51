/**
 * Search load benchmark: `npm run bench:catalog [-- --quick] [--db=postgres|pglite]`.
 *
 * For each database kind: a fresh database, migrated and seeded with the 181 real services, grown
 * to 50,000 generated services (5,000 with --quick), then the real server as a child process and
 * autocannon against GET /api/services ("repeated": a fixed realistic mix the result cache mostly
 * answers; "unique": every request different, the database path) and GET /hsds/services ("hsds",
 * uncached) at 1, 50 and 200 connections. Results go to bench/results/catalog-<timestamp>.json
 * and a markdown table. Fails (exit 1) on any non-2xx response or connection error.
 *
 * Options: --quick  --db=postgres|pglite|both  --services=N  --duration=S  --warmup=S
 *          --connections=1,50,200  --scenarios=repeated,unique,hsds  --pg-url=postgres://…
 *          --profile (write V8 CPU profiles of the server to bench/results/)
 *          --workers=1,2 (VEIVISER_WORKERS of the server on PostgreSQL, one run of every scenario each; PGlite: 1)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request } from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { searchQuerySchema } from '../src/catalog/catalog.schemas.ts';
import { searchIndex } from '../src/catalog/search-index.state.ts';
import { findServiceIds, searchFilters } from '../src/catalog/search.service.ts';
import { seedCatalog } from '../src/catalog/seed.ts';
import { ensureTaxonomies } from '../src/catalog/taxonomy.ts';
import { openDatabase, type DatabaseTarget } from '../src/platform/db.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { generateServices, type GenerateResult } from './generate.ts';
import { freePort, onCleanup, ROOT, runCleanups, startServer, type ServerProcess } from '../test/server-process.ts';
import { cpuSnapshot } from './lifecycle.ts';
import { REPEATED_MIX, uniqueHsdsSearches, uniqueSearches } from './queries.ts';

type Kind = 'postgres' | 'pglite';
type Scenario = 'repeated' | 'unique' | 'hsds';

/** The in-process comparison of the two search engines on the same unique searches. */
type EngineComparison = {
  queries: number;
  rounds: number;
  /** cpuMs: this process's CPU per query (for SQL, PostgreSQL's own work is not in it). */
  engines: { engine: 'sql' | 'index'; p50: number; p95: number; mean: number; cpuMs: number }[];
  /** Searches whose ids (first page), totals and match mode are the same on both. */
  identical: number;
  indexBuildMs: number;
};

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k!, v.length ? v.join('=') : 'true'] as const;
  }),
);
const known = new Set([
  'engine-queries',
  'quick',
  'db',
  'services',
  'duration',
  'warmup',
  'connections',
  'scenarios',
  'pg-url',
  'profile',
  'workers',
]);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const quick = args.get('quick') === 'true';
const config = {
  mode: quick ? 'quick' : 'full',
  services: Number(args.get('services') ?? (quick ? 5_000 : 50_000)),
  durationSec: Number(args.get('duration') ?? (quick ? 3 : 10)),
  warmupSec: Number(args.get('warmup') ?? (quick ? 1 : 2)),
  connections: (args.get('connections') ?? '1,50,200').split(',').map(Number),
  scenarios: (args.get('scenarios') ?? 'repeated,unique,hsds').split(',') as Scenario[],
  kinds: args.get('db') && args.get('db') !== 'both' ? [args.get('db') ?? ''] : ['postgres', 'pglite'],
  pgAdminUrl: args.get('pg-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  profile: args.get('profile') === 'true',
  workers: (args.get('workers') ?? '1,2').split(',').map(Number),
  timeoutSec: 30,
};
const kinds = config.kinds.map((k): Kind => {
  if (k !== 'postgres' && k !== 'pglite') throw new Error(`--db must be postgres, pglite or both, not ${k}`);
  return k;
});
for (const s of config.scenarios) if (!['repeated', 'unique', 'hsds'].includes(s)) throw new Error(`unknown scenario ${s}`);

const TARGET = { kind: 'postgres' as Kind, connections: 50, p95Ms: 25 };
const log = (line: string) => console.log(line);
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

type Run = {
  /** Server processes (VEIVISER_WORKERS). */
  workers: number;
  scenario: Scenario;
  connections: number;
  durationSec: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU seconds per wall second (2.0 = both cores busy) during the measured run. */
  cpu: { server: number; postgres: number; loadGenerator: number };
  distinctUrls?: number;
};

type Preflight = { url: string; status: number; total?: number; matchMode?: string; items?: number; ms: number };

type DatabaseResult = {
  kind: Kind;
  services: number;
  setup: { migrateMs: number; taxonomiesMs: number; seedMs: number; generation: GenerateResult; analyzeMs: number };
  sizes: Record<string, string>;
  serverStartMs: number[];
  preflight: {
    repeated: Preflight[];
    uniqueSample: { requests: number; zeroResults: number; anyFallback: number; meanMs: number };
    hsdsSample: { requests: number; meanMs: number };
  };
  engines?: EngineComparison;
  runs: Run[];
  serverStop?: { exitCode: number | null; signal: string | null; stopMs: number }[];
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: config.pgAdminUrl });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh, migrated, seeded and generated database; returns its target and how long each step took. */
async function prepareDatabase(
  kind: Kind,
): Promise<{ target: DatabaseTarget; setup: DatabaseResult['setup']; sizes: Record<string, string>; services: number }> {
  let target: DatabaseTarget;
  if (kind === 'postgres') {
    const name = `veiviser_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    // The planner setting the README recommends for a server whose data sits in memory or on SSD.
    await adminQuery(`alter database ${name} set random_page_cost = 1.1`);
    onCleanup(`drop database ${name}`, async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      log(`dropped database ${name}`);
    });
    target = { kind: 'postgres', url: withDatabase(config.pgAdminUrl, name) };
    log(`database ${name}`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'veiviser-bench-'));
    onCleanup(`remove ${dir}`, async () => {
      rmSync(dir, { recursive: true, force: true });
      log(`removed ${dir}`);
    });
    target = { kind: 'pglite', dataDir: dir };
    log(`PGlite data directory ${dir}`);
  }
  const handle = await openDatabase(target, { poolSize: 4 });
  const close = onCleanup('close generator database handle', () => handle.close());
  try {
    const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
      const t0 = performance.now();
      const value = await f();
      return [value, performance.now() - t0];
    };
    const [, migrateMs] = await timed(() => migrateToLatest(handle.db, allMigrations()));
    const [, taxonomiesMs] = await timed(() => ensureTaxonomies(handle.db));
    const [seeded, seedMs] = await timed(() => seedCatalog(handle.db));
    log(`migrated in ${fmt(migrateMs)} ms, taxonomies ${fmt(taxonomiesMs)} ms, seeded ${seeded.services} services in ${fmt(seedMs)} ms`);
    const generation = await generateServices(handle.db, { total: config.services, concurrency: kind === 'postgres' ? 2 : 1, log });
    log(
      `generated ${generation.services} services (${generation.schedules} weekly rules, ${generation.exceptions} exceptions, ` +
        `${generation.locations} locations, ${generation.lexiconWords} lexicon words) in ${(generation.totalMs / 1000).toFixed(1)} s`,
    );
    const [, analyzeMs] = await timed(() => sql`analyze`.execute(handle.db));
    log(`ANALYZE in ${fmt(analyzeMs)} ms`);
    const sizeRows = await sql<{ name: string; size: string }>`
      select c.relname as name, pg_size_pretty(pg_total_relation_size(c.oid)) as size
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname in
        ('service', 'schedule', 'search_lexicon', 'service_version', 'location')
      order by pg_total_relation_size(c.oid) desc`.execute(handle.db);
    const sizes = Object.fromEntries(sizeRows.rows.map((r) => [r.name, r.size]));
    const services = (await sql<{ n: number }>`select count(*)::int as n from service`.execute(handle.db)).rows[0]!.n;
    return { target, setup: { migrateMs, taxonomiesMs, seedMs, generation, analyzeMs }, sizes, services };
  } finally {
    // PGlite is single-process: the server can only open the directory once this handle is closed.
    await close();
  }
}

/**
 * Both engines on the same unique public searches, in this process, alternated query by query over
 * a few rounds: per-search latency of PostgreSQL (the SQL path) and of the in-memory index, and
 * whether they answer alike (ids of the first page, total, match mode).
 */
async function compareEngines(target: DatabaseTarget): Promise<EngineComparison> {
  const handle = await openDatabase(target, { poolSize: 4 });
  const close = onCleanup('close engine comparison handle', () => handle.close());
  try {
    const t0 = performance.now();
    await searchIndex(handle.db);
    const indexBuildMs = performance.now() - t0;
    log(`search index built in ${fmt(indexBuildMs)} ms`);
    const source = uniqueSearches(11);
    const count = Number(args.get('engine-queries') ?? (quick ? 100 : 300));
    const queries = Array.from({ length: count }, () => {
      const params = Object.fromEntries(new URL(source.next(), 'http://x').searchParams);
      return searchQuerySchema.parse(params);
    });
    const rounds = 3;
    const times = { sql: queries.map(() => [] as number[]), index: queries.map(() => [] as number[]) };
    let identical = 0;
    const cpu = { sql: 0, index: 0 };
    const now = new Date();
    for (let round = 0; round < rounds; round++) {
      for (const [i, q] of queries.entries()) {
        const options = { q: q.q, filters: searchFilters(q, now), page: q.page, perPage: q.perPage };
        const answers: Partial<Record<'sql' | 'index', Awaited<ReturnType<typeof findServiceIds>>>> = {};
        for (const engine of round % 2 ? (['index', 'sql'] as const) : (['sql', 'index'] as const)) {
          const start = performance.now();
          const cpu0 = process.cpuUsage();
          answers[engine] = await findServiceIds(handle.db, { ...options, engine });
          times[engine][i]!.push(performance.now() - start);
          const used = process.cpuUsage(cpu0);
          cpu[engine] += (used.user + used.system) / 1000;
        }
        const a = answers.sql!;
        const b = answers.index!;
        if (round === 0 && a.total === b.total && a.matchMode === b.matchMode && a.ids.join() === b.ids.join()) identical++;
      }
    }
    const summary = (engine: 'sql' | 'index') => {
      const medians = Float64Array.from(times[engine].map((t) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)]!)).sort();
      return {
        engine,
        p50: percentile(medians, 50),
        p95: percentile(medians, 95),
        mean: medians.reduce((x, y) => x + y, 0) / medians.length,
        cpuMs: cpu[engine] / (count * rounds),
      };
    };
    const result = { queries: count, rounds, engines: [summary('sql'), summary('index')], identical, indexBuildMs };
    for (const e of result.engines)
      log(
        `engine ${e.engine.padEnd(5)} p50 ${fmt(e.p50)} ms  p95 ${fmt(e.p95)} ms  mean ${fmt(e.mean)} ms  ` +
          `cpu ${e.cpuMs.toFixed(2)} ms/query`,
      );
    log(`identical answers: ${identical}/${count}`);
    return result;
  } finally {
    await close();
  }
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> | null; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, ms };
}

/** Checks every request shape once before loading the server; a non-2xx here stops the run. */
async function preflight(
  server: ServerProcess,
  unique: ReturnType<typeof uniqueSearches>,
  hsds: ReturnType<typeof uniqueHsdsSearches>,
): Promise<DatabaseResult['preflight']> {
  const fail = (url: string, r: { status: number; text: string }) => {
    throw new Error(`preflight: GET ${url} answered ${r.status}: ${r.text.slice(0, 500)}`);
  };
  const repeated: Preflight[] = [];
  for (const url of REPEATED_MIX) {
    const r = await getJson(server.url + url);
    if (r.status !== 200) fail(url, r);
    repeated.push({
      url,
      status: r.status,
      total: r.body?.total as number,
      matchMode: r.body?.matchMode as string,
      items: (r.body?.items as unknown[] | undefined)?.length,
      ms: r.ms,
    });
  }
  let zeroResults = 0;
  let anyFallback = 0;
  let uniqueMs = 0;
  const sampleSize = 60;
  for (let i = 0; i < sampleSize; i++) {
    const url = unique.next();
    const r = await getJson(server.url + url);
    if (r.status !== 200) fail(url, r);
    if (r.body?.total === 0) zeroResults++;
    if (r.body?.matchMode === 'any') anyFallback++;
    uniqueMs += r.ms;
  }
  let hsdsMs = 0;
  const hsdsSize = config.scenarios.includes('hsds') ? 15 : 0;
  for (let i = 0; i < hsdsSize; i++) {
    const url = hsds.next();
    const r = await getJson(server.url + url);
    if (r.status !== 200) fail(url, r);
    hsdsMs += r.ms;
  }
  return {
    repeated,
    uniqueSample: { requests: sampleSize, zeroResults, anyFallback, meanMs: uniqueMs / sampleSize },
    hsdsSample: { requests: hsdsSize, meanMs: hsdsSize ? hsdsMs / hsdsSize : 0 },
  };
}

/** One autocannon run; latencies are kept exactly (autocannon's own histogram has no p95). */
async function load(server: ServerProcess, requests: Request[], connections: number, durationSec: number, record: boolean) {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instance = autocannon({ url: server.url, connections, duration: durationSec, timeout: config.timeoutSec, requests });
  if (record) {
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    });
  }
  const t0 = performance.now();
  const result = await instance;
  const wallSec = (performance.now() - t0) / 1000;
  // Requests still running when autocannon stops keep the server busy: wait until it answers
  // again (the health check queues behind them for the database), so runs do not overlap.
  await fetch(`${server.url}/healthz`).catch(() => undefined);
  return { result, latencies, statusCodes, wallSec };
}

function requestsFor(
  scenario: Scenario,
  unique: ReturnType<typeof uniqueSearches>,
  hsds: ReturnType<typeof uniqueHsdsSearches>,
): Request[] {
  if (scenario === 'repeated') return REPEATED_MIX.map((path) => ({ method: 'GET', path }));
  const source = scenario === 'unique' ? unique : hsds;
  return [{ method: 'GET', setupRequest: (req: Request) => ({ ...req, path: source.next() }) }];
}

async function benchDatabase(kind: Kind, stamp: string): Promise<DatabaseResult> {
  log(`\n## ${kind === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded)'}: ${config.services.toLocaleString('en')} services`);
  const prepared = await prepareDatabase(kind);
  const engines = await compareEngines(prepared.target);
  const unique = uniqueSearches();
  const hsds = uniqueHsdsSearches();
  // PGlite is one process: several server processes only on PostgreSQL.
  const workerCounts = kind === 'postgres' ? config.workers : [1];
  const served = [];
  for (const workers of workerCounts) served.push(await benchServer(kind, prepared.target, workers, stamp, unique, hsds));
  return {
    kind,
    services: prepared.services,
    setup: prepared.setup,
    sizes: prepared.sizes,
    serverStartMs: served.map((s) => s.startMs),
    preflight: served[0]!.preflight,
    engines,
    runs: served.flatMap((s) => s.runs),
    serverStop: served.map((s) => s.stop),
  };
}

/** The server with `workers` processes against a prepared database: every scenario at every connection count. */
async function benchServer(
  kind: Kind,
  target: DatabaseTarget,
  workers: number,
  stamp: string,
  unique: ReturnType<typeof uniqueSearches>,
  hsds: ReturnType<typeof uniqueHsdsSearches>,
) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VEIVISER_SEED: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    VEIVISER_WORKERS: String(workers),
  };
  // Its own pseudonym secret: without one the server keeps a generated secret in ./data (and a server with DATABASE_URL will refuse).
  env.VEIVISER_PSEUDONYM_SECRET = randomBytes(32).toString('base64');
  delete env.DATABASE_URL;
  delete env.VEIVISER_DATA_DIR;
  if (target.kind === 'postgres') env.DATABASE_URL = target.url;
  else env.VEIVISER_DATA_DIR = target.dataDir;
  // Node refuses --cpu-prof in NODE_OPTIONS: it goes on the command line (cluster workers inherit it).
  const nodeArgs: string[] = [];
  if (config.profile) {
    const dir = join(ROOT, 'bench', 'results', `profile-${stamp}-${kind}-${workers}`);
    mkdirSync(dir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
    log(`CPU profiles of the server go to ${dir}`);
  }
  const server = await startServer(env, { nodeArgs });
  // /healthz answers once one process listens; every one of them must have built its index first.
  for (let waited = 0; workers > 1 && !server.output().includes(`${workers} server processes listening`); waited += 100) {
    if (waited > 300_000) throw new Error(`the ${workers} server processes did not all listen within 5 minutes:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(
    `server (${workers} process${workers > 1 ? 'es' : ''}) pid ${server.pid} on ${server.url}, ` +
      `answering /healthz after ${fmt(server.startMs)} ms`,
  );
  const runs: Run[] = [];
  let pre!: DatabaseResult['preflight'];
  let serverStop: NonNullable<DatabaseResult['serverStop']>[number];
  try {
    pre = await preflight(server, unique, hsds);
    log(
      `preflight: ${pre.repeated.length} repeated-mix searches OK (totals ${pre.repeated.map((p) => p.total).join(', ')}); ` +
        `unique sample: ${pre.uniqueSample.zeroResults}/${pre.uniqueSample.requests} empty, ` +
        `${pre.uniqueSample.anyFallback} fell back to any-term, mean ${fmt(pre.uniqueSample.meanMs)} ms`,
    );
    for (const scenario of config.scenarios) {
      for (const connections of config.connections) {
        const requests = requestsFor(scenario, unique, hsds);
        if (config.warmupSec > 0) await load(server, requests, connections, config.warmupSec, false);
        const before = cpuSnapshot(server.pid);
        const distinctBefore = scenario === 'unique' ? unique.count : 0;
        const { result, latencies, statusCodes, wallSec } = await load(server, requests, connections, config.durationSec, true);
        const after = cpuSnapshot(server.pid);
        const sorted = Float64Array.from(latencies).sort();
        const mean = latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length);
        const run: Run = {
          workers,
          scenario,
          connections,
          durationSec: result.duration,
          requests: latencies.length,
          reqPerSec: latencies.length / result.duration,
          latencyMs: {
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            mean,
            max: sorted[sorted.length - 1] ?? NaN,
          },
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          cpu: {
            server: (after.server - before.server) / wallSec,
            postgres: kind === 'postgres' ? (after.postgres - before.postgres) / wallSec : 0,
            loadGenerator: (after.bench - before.bench) / wallSec,
          },
          ...(scenario === 'unique' ? { distinctUrls: unique.count - distinctBefore } : {}),
        };
        runs.push(run);
        log(
          `w=${workers} ${scenario.padEnd(8)} c=${String(connections).padStart(3)}  p50 ${fmt(run.latencyMs.p50)} ms  ` +
            `p95 ${fmt(run.latencyMs.p95)} ms  p99 ${fmt(run.latencyMs.p99)} ms  ` +
            `${run.reqPerSec.toFixed(0)} req/s  non-2xx ${run.non2xx}  errors ${run.errors}  ` +
            `cpu server ${run.cpu.server.toFixed(2)} pg ${run.cpu.postgres.toFixed(2)} loadgen ${run.cpu.loadGenerator.toFixed(2)}`,
        );
        if (run.non2xx || run.errors)
          console.error(
            `!! ${kind} ${scenario} c=${connections}: ${run.non2xx} non-2xx responses, ${run.errors} errors ` +
              `(${run.timeouts} timeouts): ${JSON.stringify(statusCodes)}`,
          );
      }
    }
  } catch (error) {
    console.error(`server output:\n${server.output()}`);
    throw error;
  } finally {
    serverStop = await server.stop();
    log(`server stopped (exit ${serverStop.exitCode ?? serverStop.signal}) in ${fmt(serverStop.stopMs)} ms`);
  }
  if (server.output().trim())
    log(
      `server said:\n${server
        .output()
        .trim()
        .split('\n')
        .filter((l) => !l.includes('npm warn'))
        .slice(-20)
        .join('\n')}`,
    );
  return { startMs: server.startMs, preflight: pre, runs, stop: serverStop };
}

const packageVersion = (name: string) =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

async function machineInfo() {
  const info: {
    cpus: number;
    cpuModel: string | undefined;
    memoryGiB: number;
    os: string;
    node: string;
    pglite: string;
    autocannon: string;
    postgres?: string;
    postgresSettings?: Record<string, string>;
  } = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${process.platform} ${release()}`,
    node: process.version,
    pglite: packageVersion('@electric-sql/pglite'),
    autocannon: packageVersion('autocannon'),
  };
  if (kinds.includes('postgres')) {
    const [v] = await adminQuery<{ version: string }>('select version()');
    const settings = await adminQuery<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('shared_buffers','work_mem','effective_cache_size','jit',` +
        `'max_connections','random_page_cost','max_parallel_workers_per_gather')`,
    );
    info.postgres = v?.version;
    info.postgresSettings = Object.fromEntries(settings.map((s) => [s.name, s.unit ? `${s.setting} ${s.unit}` : s.setting]));
  }
  return info;
}

function enginesTable(results: DatabaseResult[]): string {
  const lines = [
    '| database | engine | p50 (ms) | p95 (ms) | mean (ms) | CPU in this process (ms/query) | identical answers |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const d of results) {
    if (!d.engines) continue;
    for (const e of d.engines.engines)
      lines.push(
        `| ${d.kind} | ${e.engine} | ${fmt(e.p50)} | ${fmt(e.p95)} | ${fmt(e.mean)} | ${e.cpuMs.toFixed(2)} | ` +
          `${d.engines.identical}/${d.engines.queries} |`,
      );
  }
  return lines.join('\n');
}

function table(results: DatabaseResult[]): string {
  const lines = [
    '| database | processes | scenario | connections | p50 (ms) | p95 (ms) | p99 (ms) | req/s | CPU server / pg | errors |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const d of results) {
    for (const r of d.runs) {
      const errors = r.non2xx + r.errors;
      lines.push(
        `| ${d.kind} | ${r.workers} | ${r.scenario} | ${r.connections} | ${fmt(r.latencyMs.p50)} | ${fmt(r.latencyMs.p95)} | ` +
          `${fmt(r.latencyMs.p99)} | ${r.reqPerSec.toFixed(0)} | ${r.cpu.server.toFixed(2)} / ${r.cpu.postgres.toFixed(2)} | ` +
          `${errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''} |`,
      );
    }
  }
  return lines.join('\n');
}

const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

async function main() {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const machine = await machineInfo();
  log(
    `# Veiviser search benchmark (${config.mode}): ${config.kinds.join(' + ')}, ${config.services.toLocaleString('en')} services, ` +
      `${config.durationSec} s runs at ${config.connections.join('/')} connections`,
  );
  log(
    `${machine.cpus} × ${machine.cpuModel ?? 'unknown CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}` +
      (machine.postgres ? `, ${machine.postgres.split(' on ')[0] ?? ''}` : ''),
  );
  const results: DatabaseResult[] = [];
  let failure: unknown = null;
  try {
    for (const kind of kinds) {
      results.push(await benchDatabase(kind, stamp));
      await runCleanups(); // drop this database before building the next
    }
  } catch (error) {
    failure = error;
  } finally {
    await runCleanups();
  }

  const targets = results
    .filter((d) => d.kind === TARGET.kind)
    .flatMap((d) => d.runs.filter((r) => r.connections === TARGET.connections && r.scenario !== 'hsds'))
    .map((r) => ({
      workers: r.workers,
      scenario: r.scenario,
      connections: r.connections,
      p95Ms: r.latencyMs.p95,
      targetMs: TARGET.p95Ms,
      met: r.latencyMs.p95 <= TARGET.p95Ms,
    }));
  const totalErrors = results.flatMap((d) => d.runs).reduce((s, r) => s + r.non2xx + r.errors, 0);
  const report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    config,
    machine,
    results,
    targets,
    totalErrors,
    failure: failure ? describeError(failure) : null,
  };
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `catalog-${stamp}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

  log(`\n## Results (${config.mode}, ${config.services.toLocaleString('en')} services, ${config.durationSec} s per run)\n`);
  log(table(results));
  log(`\nSearch engines in process (the same unique searches, median of 3 rounds each):\n${enginesTable(results)}`);
  log('');
  for (const d of results) {
    const g = d.setup.generation;
    log(
      `- ${d.kind}: seed ${fmt(d.setup.seedMs)} ms; generated ${g.services - 181} services in ${(g.totalMs / 1000).toFixed(1)} s ` +
        `(${((g.services - 181) / (g.totalMs / 1000)).toFixed(0)}/s); ANALYZE ${fmt(d.setup.analyzeMs)} ms; sizes ${Object.entries(d.sizes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
  }
  if (targets.length) {
    log(`\nTarget: p95 ≤ ${TARGET.p95Ms} ms at ${TARGET.connections} concurrent connections on PostgreSQL`);
    for (const t of targets) log(`- ${t.scenario}, ${t.workers} process(es): p95 ${fmt(t.p95Ms)} ms → ${t.met ? 'MET' : 'MISSED'}`);
  }
  log(`\nresults: ${outFile}`);
  if (failure) {
    console.error(`\n!! BENCHMARK FAILED: ${describeError(failure)}`);
    process.exit(1);
  }
  if (totalErrors > 0) {
    console.error(`\n!! ${totalErrors} non-2xx responses or connection errors: the numbers above are not valid.`);
    process.exit(1);
  }
}

await main().catch(async (error: unknown) => {
  await runCleanups();
  console.error(error);
  process.exit(1);
});
