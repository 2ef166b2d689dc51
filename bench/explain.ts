/**
 * Where a search's time goes: `npx tsx bench/explain.ts [--services=50000] [--db=postgres|pglite]
 * [--repeat=3] [--analyze-top=8] ["q=rus&district=alna" …]`.
 *
 * Builds a fresh database like the benchmark (dropped / deleted at the end), runs public searches
 * through the application's own searchServices on a Kysely instance that records every SQL
 * statement with its time, prints the statements per search, and EXPLAIN (ANALYZE, BUFFERS) of the
 * slowest statement shapes. Output also goes to bench/results/explain-<timestamp>.txt.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { searchQuerySchema } from '../src/catalog/catalog.schemas.ts';
import { seedCatalog } from '../src/catalog/seed.ts';
import { searchFilters, searchServices } from '../src/catalog/search.service.ts';
import { ensureTaxonomies } from '../src/catalog/taxonomy.ts';
import { openDatabase, type Db } from '../src/platform/db.ts';
import type { Database } from '../src/platform/database.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { generateServices } from './generate.ts';
import { onCleanup, ROOT, runCleanups } from '../test/server-process.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=') ?? fallback;
const services = Number(opt('services', '50000'));
const kind = opt('db', 'postgres');
const repeat = Number(opt('repeat', '3'));
const analyzeTop = Number(opt('analyze-top', '8'));
const pgAdminUrl = opt('pg-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const shapes = argv.filter((a) => !a.startsWith('--'));
const SHAPES = shapes.length
  ? shapes
  : [
      'q=rusbehandling',
      'q=rusbehandlng',
      'q=kanyle',
      'q=housing',
      'q=mental health',
      'q=psyksik helse',
      'q=overdose nalokson',
      'q=bolig&district=gamle-oslo',
      'q=møteplass&page=2',
      'q=alkohol&target=rus&noDrugFreeRequirement=true',
      'q=legevakt&openNow=true',
      'district=sagene',
      'openNow=true',
      'dropIn=true&openNow=true',
      'q=aktivitetshsu oppfølging',
      'q=team&district=stovner&page=3',
    ];

const out: string[] = [];
const say = (line = '') => {
  out.push(line);
  console.log(line);
};

type Captured = { sql: string; parameters: readonly unknown[]; ms: number };

async function main() {
  let handle;
  let pool: pg.Pool | null = null;
  if (kind === 'postgres') {
    const name = `veiviser_bench_${randomBytes(6).toString('hex')}`;
    const admin = async (s: string) => {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      try {
        await c.query(s);
      } finally {
        await c.end();
      }
    };
    await admin(`create database ${name}`);
    onCleanup(`drop ${name}`, async () => {
      await admin(`drop database if exists ${name} with (force)`);
      console.log(`dropped database ${name}`);
    });
    const u = new URL(pgAdminUrl);
    u.pathname = `/${name}`;
    handle = await openDatabase({ kind: 'postgres', url: u.toString() }, { poolSize: 4 });
    pool = new pg.Pool({ connectionString: u.toString(), max: 4 });
    onCleanup('pool', () => pool!.end());
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'veiviser-explain-'));
    onCleanup(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
    handle = await openDatabase({ kind: 'pglite', dataDir: dir });
  }
  const closeHandle = onCleanup('handle', () => handle.close());
  await migrateToLatest(handle.db, allMigrations());
  await ensureTaxonomies(handle.db);
  await seedCatalog(handle.db);
  const g = await generateServices(handle.db, { total: services, concurrency: kind === 'postgres' ? 2 : 1 });
  await sql`analyze`.execute(handle.db);
  say(`# ${kind}, ${g.services} services`);

  // A Kysely that records each statement and its time; for PGlite the same connection is reused.
  const captured: Captured[] = [];
  const logged: Db =
    kind === 'postgres'
      ? new Kysely<Database>({
          dialect: new PostgresDialect({ pool: pool! }),
          log: (e) => {
            if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
          },
        })
      : handle.db;
  if (kind !== 'postgres') say('(PGlite: per-statement times are not recorded; totals only)');

  const shapesByCost = new Map<string, { sql: string; parameters: readonly unknown[]; ms: number; from: string }>();
  for (const shape of SHAPES) {
    const q = searchQuerySchema.parse(Object.fromEntries(new URLSearchParams(shape)));
    let last: Captured[] = [];
    let totalMs: number;
    for (let i = 0; i < repeat; i++) {
      captured.length = 0;
      const t0 = performance.now();
      const res = await searchServices(logged, { q: q.q, filters: searchFilters(q, new Date()), page: q.page, perPage: q.perPage });
      totalMs = performance.now() - t0;
      last = [...captured];
      if (i === repeat - 1)
        say(`\n## ${shape}  → total ${res.total}, matchMode ${res.matchMode}, ${totalMs.toFixed(1)} ms, ${last.length} statements`);
    }
    for (const c of last) {
      const oneLine = c.sql.replace(/\s+/g, ' ').trim();
      say(`  ${c.ms.toFixed(1).padStart(7)} ms  ${oneLine.slice(0, 150)}${oneLine.length > 150 ? '…' : ''}`);
      const key = `${oneLine.slice(0, 60)}|${shape}`;
      const prev = shapesByCost.get(key);
      if (!prev || prev.ms < c.ms) shapesByCost.set(key, { ...c, from: shape });
    }
  }

  if (kind === 'postgres') {
    const top = [...shapesByCost.values()].sort((a, b) => b.ms - a.ms).slice(0, analyzeTop);
    for (const t of top) {
      say(`\n## EXPLAIN ANALYZE (${t.ms.toFixed(1)} ms in the search "${t.from}")`);
      say(t.sql.replace(/\s+/g, ' ').trim());
      say(`-- parameters: ${JSON.stringify(t.parameters).slice(0, 400)}`);
      const res = await pool!.query(`explain (analyze, buffers) ${t.sql}`, t.parameters as unknown[]);
      for (const row of res.rows as { 'QUERY PLAN': string }[]) say(`  ${row['QUERY PLAN']}`);
    }
  }
  await closeHandle();
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `explain-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
  writeFileSync(file, `${out.join('\n')}\n`);
  console.log(`\nwritten to ${file}`);
}

try {
  await main();
} finally {
  await runCleanups();
}
