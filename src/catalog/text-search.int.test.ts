import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import type { Db } from '../platform/db.ts';
import { toTsquery, tokenize } from './search-query.ts';
import { expand } from './search.service.ts';
import { matches, parseTsquery, parseTsvector, tsRank, tsRankCd, viewOf, wordSimilarity } from './text-search.ts';

const evalQueries = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/search-eval.json', import.meta.url), 'utf8')) as {
    queries: { q: string }[];
  }
).queries.map((q) => q.q);

/** The tsqueries the search makes of the evaluation's citizen queries: all and any terms, each term, the own words. */
async function searchTsqueries(db: Db): Promise<{ raw: string; tsquery: string }[]> {
  const out: { raw: string; tsquery: string }[] = [];
  // Words that stem alike, with and without a prefix: ts_rank counts the one its (unstable) sort keeps, below 7 operands and above.
  const sameStems = [
    'bolig:* | boliger | husvære',
    'boliger | bolig:* | kafe:* | kafeen | hus | huset:* | rus:* | rusen',
    'boliger & bolig:* & hjelp',
  ];
  for (const raw of [...evalQueries, 'rus <-> og <-> psykiatri', 'og', 'rusbehandling & ungdom:*', ...sameStems]) {
    if (raw.includes('<->') || raw.includes('&') || raw.includes('|') || raw === 'og') {
      out.push({ raw, tsquery: raw });
      continue;
    }
    const groups = await expand(db, tokenize(raw), true);
    if (groups.length === 0) continue;
    out.push({ raw, tsquery: toTsquery(groups, 'all') }, { raw, tsquery: toTsquery(groups, 'any') });
    for (const g of groups) out.push({ raw, tsquery: toTsquery([g], 'all') });
  }
  return out;
}

describe.each(testDatabaseKinds())('full-text search in memory agrees with PostgreSQL (%s)', (kind) => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    db = handle.db;
  });
  afterAll(async () => handle?.close());

  it('matches, ts_rank, ts_rank_cd and word_similarity on every seeded service for the citizen queries', async () => {
    const queries = await searchTsqueries(db);
    expect(queries.length).toBeGreaterThan(300);
    const services = await sql<{ id: string; name: string; vector: string }>`
      select id, name, search_vector::text as vector from service order by id`.execute(db);
    const views = services.rows.map((s) => ({ ...s, view: viewOf(parseTsvector(s.vector)) }));
    let compared = 0;
    const differences: string[] = [];
    for (const { raw, tsquery } of queries) {
      const parsed = parseTsquery(tsquery);
      const expected = await sql<{ id: string; m: boolean; r: number; cd: number; ws: number }>`
        select id, search_vector @@ to_tsquery('norwegian', ${tsquery}) as m,
          ts_rank('{0.1, 0.2, 0.4, 1.0}', search_vector, to_tsquery('norwegian', ${tsquery}), 32) as r,
          ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', search_vector, to_tsquery('norwegian', ${tsquery}), 32) as cd,
          word_similarity(${raw}, name) as ws
        from service order by id`.execute(db);
      for (const [i, row] of expected.rows.entries()) {
        const s = views[i]!;
        compared++;
        const got = {
          m: matches(s.view, parsed),
          r: tsRank(s.view, parsed),
          cd: tsRankCd(s.view, parsed),
          ws: wordSimilarity(raw, s.name),
        };
        // PostgreSQL's real (float4) prints exactly enough digits to read back the same float: compared to the bit.
        const same = (a: number, b: number) => a === Math.fround(b);
        if (got.m !== row.m || !same(got.r, row.r) || !same(got.cd, row.cd) || !same(got.ws, row.ws))
          differences.push(
            `${tsquery} on ${s.name}: ${JSON.stringify(got)} vs ${JSON.stringify({ m: row.m, r: row.r, cd: row.cd, ws: row.ws })}`,
          );
      }
    }
    expect(compared).toBeGreaterThan(50_000);
    expect(differences.slice(0, 10)).toEqual([]);
  }, 180_000);
});
