import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { searchQuerySchema } from '../src/catalog/catalog.schemas.ts';
import { searchIndex } from '../src/catalog/search-index.state.ts';
import { findServiceIds, searchFilters } from '../src/catalog/search.service.ts';
import { seedCatalog } from '../src/catalog/seed.ts';
import { ensureTaxonomies } from '../src/catalog/taxonomy.ts';
import { openDatabase } from '../src/platform/db.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { generateServices } from './generate.ts';
import { uniqueSearches } from './queries.ts';
const name = `veiviser_prof_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client('postgres://postgres@127.0.0.1/postgres'); await admin.connect();
await admin.query(`create database ${name}`);
const h = await openDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1/${name}` }, { poolSize: 4 });
try {
  await migrateToLatest(h.db, allMigrations()); await ensureTaxonomies(h.db); await seedCatalog(h.db);
  await generateServices(h.db, { total: Number(process.env.N ?? 5000), concurrency: 2, log: () => {} });
  await searchIndex(h.db);
  const src = uniqueSearches(11);
  const qs = Array.from({ length: 300 }, () => searchQuerySchema.parse(Object.fromEntries(new URL(src.next(), 'http://x').searchParams)));
  const now = new Date();
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (const q of qs) await findServiceIds(h.db, { q: q.q, filters: searchFilters(q, now), page: q.page, perPage: q.perPage, engine: 'index' });
    console.log('round', r, ((performance.now() - t0) / qs.length).toFixed(2), 'ms/query');
  }
} finally { await h.close(); await admin.query(`drop database ${name} with (force)`); await admin.end(); }
