import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import type { Db } from '../platform/db.ts';
import { bumpRevision } from './catalog.repository.ts';
import { pruneCatalogChanges, selectChangesSince } from './search-index.repository.ts';
import { forgetRevision } from './search-state.ts';
import { findServiceIds, searchFilters } from './search.service.ts';
import { searchIndex } from './search-index.state.ts';

const evalQueries = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/search-eval.json', import.meta.url), 'utf8')) as {
    queries: { q: string }[];
  }
).queries.map((q) => q.q);

const NOW = new Date('2026-12-02T18:30:00Z');

/** Filter combinations a citizen uses, each with and without words. */
const FILTERS: Parameters<typeof searchFilters>[0][] = [
  {},
  { district: 'grunerlokka' },
  { district: 'sondre-nordstrand', dropIn: true },
  { openNow: true },
  { evenings: true, target: 'rus' },
  { age: 16 },
  { kind: ['treatment'], includeClosed: true },
];

describe.each(testDatabaseKinds())('the in-memory search index answers as the SQL search does (%s)', (kind) => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    db = handle.db;
  });
  afterAll(async () => handle?.close());

  it('gives the same ids in the same order, totals, match mode and reasons for the citizen queries and filters', async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const q of ['', ...evalQueries, 'xyzzy qqq', 'og i på']) {
      for (const f of q ? FILTERS.slice(0, 3) : FILTERS) {
        const filters = searchFilters(f, NOW);
        const options = { q, filters, page: 1, perPage: 50 };
        const [a, b] = await Promise.all([
          findServiceIds(db, { ...options, engine: 'sql' }),
          findServiceIds(db, { ...options, engine: 'index' }),
        ]);
        expect(b.index).not.toBeNull();
        compared++;
        const strip = (p: typeof a) => ({
          ids: p.ids,
          total: p.total,
          matchMode: p.matchMode,
          reasons: [...p.reasons],
          all: p.allDistrictsTotal,
        });
        try {
          expect(strip(b)).toEqual(strip(a));
        } catch {
          differences.push(`${JSON.stringify(q)} ${JSON.stringify(f)}: ${b.ids.length}/${b.total} vs ${a.ids.length}/${a.total}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(400);
    // Without a chosen engine, a public search runs on the index; HSDS's own filters go to SQL.
    expect((await findServiceIds(db, { q: 'rus', filters: searchFilters({}, NOW), page: 1, perPage: 5 })).index).not.toBeNull();
    const hsdsOnly = { ...searchFilters({}, NOW), postalCode: '0150' };
    expect((await findServiceIds(db, { q: 'rus', filters: hsdsOnly, page: 1, perPage: 5 })).index).toBeNull();
    expect(differences).toEqual([]);
    // Over 400 searches on both engines: about 16 s on PGlite alone, so the default 30 s is too close on a shared machine.
  }, 120_000);

  it('follows a change to the catalog: the changed service is found by its new words, not its old', async () => {
    const before = await searchIndex(db);
    const row = await db.selectFrom('service').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await sql`update service set search_vector = search_vector || to_tsvector('norwegian', 'zyxkvalitet') where id = ${row.id}`.execute(
        trx,
      );
      await bumpRevision(trx, { serviceId: row.id, action: 'update' });
    });
    forgetRevision(db);
    const page = await findServiceIds(db, { q: 'zyxkvalitet', filters: searchFilters({}, NOW), page: 1, perPage: 10, noCorrection: true });
    expect(page.ids).toEqual([row.id]);
    const after = await searchIndex(db);
    expect(after.revision).toBeGreaterThan(before.revision);
    // The same main segment: only the changed service was reloaded.
    expect(after.main).toBe(before.main);
    expect(after.delta.size).toBe(1);
    const all = await findServiceIds(db, { q: '', filters: searchFilters({ includeClosed: true }, NOW), page: 1, perPage: 1000 });
    expect(all.ids.filter((id) => id === row.id)).toHaveLength(1);
  });

  it('prunes old change-log rows but keeps the newest, and an index behind the pruned rows rebuilds', async () => {
    await sql`update catalog_change set changed_at = now() - interval '30 days'`.execute(db);
    const pruned = await pruneCatalogChanges(db, { before: new Date(Date.now() - 86_400_000) });
    expect(pruned.deleted).toBeGreaterThan(0);
    const left = await db.selectFrom('catalog_change').select('revision').execute();
    const state = await db.selectFrom('catalog_state').select('revision').executeTakeFirstOrThrow();
    expect(left.map((r) => r.revision)).toEqual([state.revision]);
    expect((await selectChangesSince(db, 0)).gap).toBe(true);
  });
});
