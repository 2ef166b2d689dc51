/**
 * Audit write benchmark: `npm run bench:audit [-- --quick] [--db=postgres|pglite|both] [--runs=N]`.
 *
 * For each database kind, a fresh migrated database (PGlite in a temporary directory on disk, or
 * a new database on the PostgreSQL server), then audit rows written four ways, each timed over
 * several runs; the table shows medians:
 * - "1 row a transaction": what a single read request writes (lock, head, insert, commit);
 * - the same from 8 concurrent writers (they queue on the chain's lock);
 * - "per row, 1,000 in one transaction": appendAudit called once per row, as a list of persons
 *   was audited before appendAuditBatch;
 * - "batch, 1,000 in one transaction": appendAuditBatch, one lock, one head read, one insert.
 * Results go to bench/results/audit-<timestamp>.json and a markdown table.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../src/access/actor.ts';
import { appendAudit, appendAuditBatch, configureAuditKeys, type AuditEntry } from '../src/access/audit.ts';
import { deriveAuditKeys } from '../src/access/keys.ts';
import { openDatabase, type DatabaseTarget, type Db } from '../src/platform/db.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { adminQuery, withDatabase } from '../test/databases.ts';
import { onCleanup, ROOT, runCleanups } from '../test/server-process.ts';

type Kind = 'postgres' | 'pglite';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k!, v.length ? v.join('=') : 'true'] as const;
  }),
);
const known = new Set(['quick', 'db', 'runs', 'pg-url']);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const quick = args.get('quick') === 'true';
const config = {
  runs: Number(args.get('runs') ?? (quick ? 3 : 5)),
  singles: quick ? 50 : 200,
  listSize: 1000,
  concurrency: 8,
  kinds: (args.get('db') && args.get('db') !== 'both' ? [args.get('db')!] : ['pglite', 'postgres']).map((k): Kind => {
    if (k !== 'postgres' && k !== 'pglite') throw new Error(`--db must be postgres, pglite or both, not ${k}`);
    return k;
  }),
  pgAdminUrl: args.get('pg-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};

const log = (line: string) => console.log(line);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

let counter = 0;
const entry = (): AuditEntry => ({
  actor: { ...SYSTEM_ACTOR, userId: 'bench', displayName: 'Benchmark', roles: ['district_caseworker'], districts: ['alna'] },
  action: 'read',
  outcome: 'allowed',
  purpose: 'case_handling',
  resourceType: 'person',
  resourceId: null,
  personId: crypto.randomUUID(),
  ip: '192.0.2.10',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) benchmark',
  detail: { via: 'list', n: (counter += 1) },
});

type Scenario = { name: string; rows: number; run: (db: Db) => Promise<void> };

const scenarios: Scenario[] = [
  {
    name: '1 row a transaction',
    rows: config.singles,
    run: async (db) => {
      for (let i = 0; i < config.singles; i++) await db.transaction().execute((trx) => appendAudit(trx, entry()));
    },
  },
  {
    name: `1 row a transaction, ${config.concurrency} concurrent writers`,
    rows: config.singles,
    run: async (db) => {
      const each = config.singles / config.concurrency;
      await Promise.all(
        Array.from({ length: config.concurrency }, async () => {
          for (let i = 0; i < each; i++) await db.transaction().execute((trx) => appendAudit(trx, entry()));
        }),
      );
    },
  },
  {
    name: `per row, ${config.listSize.toLocaleString('en')} in one transaction (before)`,
    rows: config.listSize,
    run: async (db) => {
      const entries = Array.from({ length: config.listSize }, entry);
      await db.transaction().execute(async (trx) => {
        for (const e of entries) await appendAudit(trx, e);
      });
    },
  },
  {
    name: `batch, ${config.listSize.toLocaleString('en')} in one transaction (appendAuditBatch)`,
    rows: config.listSize,
    run: async (db) => {
      const entries = Array.from({ length: config.listSize }, entry);
      await db.transaction().execute((trx) => appendAuditBatch(trx, entries));
    },
  },
];

type Row = {
  database: Kind;
  scenario: string;
  rows: number;
  runs: number;
  medianMs: number;
  medianRowsPerSec: number;
  allRowsPerSec: number[];
};

async function prepare(kind: Kind): Promise<DatabaseTarget> {
  if (kind === 'postgres') {
    const name = `veiviser_bench_audit_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    onCleanup(`drop database ${name}`, () => adminQuery(`drop database if exists ${name} with (force)`));
    return { kind: 'postgres', url: withDatabase(config.pgAdminUrl, name) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'veiviser-bench-audit-'));
  onCleanup(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  return { kind: 'pglite', dataDir: dir };
}

async function benchDatabase(kind: Kind): Promise<Row[]> {
  log(`\n## ${kind === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded, on disk)'}`);
  const target = await prepare(kind);
  const handle = await openDatabase(target, { poolSize: config.concurrency + 2 });
  const close = onCleanup('close database', () => handle.close());
  const rows: Row[] = [];
  try {
    await migrateToLatest(handle.db, allMigrations());
    // Warm up: a few rows, so the first run does not pay for cold caches alone.
    await handle.db.transaction().execute((trx) => appendAuditBatch(trx, Array.from({ length: 50 }, entry)));
    for (const scenario of scenarios) {
      const times: number[] = [];
      for (let run = 0; run < config.runs; run++) {
        const t0 = performance.now();
        await scenario.run(handle.db);
        times.push(performance.now() - t0);
      }
      const perSec = times.map((ms) => scenario.rows / (ms / 1000));
      const row: Row = {
        database: kind,
        scenario: scenario.name,
        rows: scenario.rows,
        runs: config.runs,
        medianMs: median(times),
        medianRowsPerSec: median(perSec),
        allRowsPerSec: perSec,
      };
      rows.push(row);
      const each = perSec.map((v) => v.toFixed(0)).join(', ');
      const rate = row.medianRowsPerSec.toFixed(0);
      log(`${scenario.name}: median ${row.medianMs.toFixed(0)} ms for ${scenario.rows} rows = ${rate} rows/s (runs: ${each})`);
    }
  } finally {
    await close();
  }
  return rows;
}

try {
  configureAuditKeys(deriveAuditKeys(randomBytes(32)));
  log(`Audit write benchmark: ${config.runs} runs each, ${cpus().length} CPUs, Node ${process.version}`);
  const results: Row[] = [];
  for (const kind of config.kinds) results.push(...(await benchDatabase(kind)));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `audit-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ config, results }, null, 2)}\n`);
  log(`\n| database | how | rows | median ms | median rows/s |\n|---|---|---:|---:|---:|`);
  for (const r of results) {
    const database = r.database === 'postgres' ? 'PostgreSQL' : 'PGlite';
    log(`| ${database} | ${r.scenario} | ${r.rows} | ${r.medianMs.toFixed(0)} | ${r.medianRowsPerSec.toFixed(0)} |`);
  }
  log(`\nresults: ${file}`);
} finally {
  await runCleanups();
}
