import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/databases.ts';
import type { Db } from '../platform/db.ts';
import { wordsOf } from './search-document.ts';
import { stem } from './stemmer.ts';

/** The stemmer agrees with PostgreSQL's Norwegian Snowball stemmer on every word of the seeded catalog. */
describe('the Norwegian stemmer', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    handle = await openTestDatabase('pglite');
    db = handle.db;
  });
  afterAll(async () => handle?.close());

  it('stems like ts_lexize(norwegian_stem) for the catalog words and everyday words', async () => {
    const rows = await db.selectFrom('service').select(['name', 'description', 'description_en']).execute();
    const words = new Set(rows.flatMap((r) => wordsOf(`${r.name} ${r.description} ${r.description_en ?? ''}`)));
    for (const w of ['drikker', 'drikke', 'angsten', 'sønnen', 'deprimerte', 'pårørande', 'ungdommane', 'hjelpa', 'sjølvmordet'])
      words.add(w);
    const list = [...words];
    const result = await sql<{ w: string; s: string | null }>`
      select w, (ts_lexize('norwegian_stem', w))[1] as s from unnest(${list}::text[]) as t(w)`.execute(db);
    // Norwegian stop words have no stem in PostgreSQL (an empty lexeme list).
    const mismatches = result.rows.filter((r) => r.s !== null && stem(r.w) !== r.s).map((r) => `${r.w}: ${stem(r.w)} ≠ ${r.s}`);
    expect(list.length).toBeGreaterThan(500);
    expect(mismatches).toEqual([]);
  });

  it('reduces inflected forms to one stem', () => {
    expect(new Set(['drikke', 'drikker', 'drikk'].map(stem))).toEqual(new Set(['drikk']));
    expect(stem('sønnen')).toBe(stem('sønn'));
    expect(stem('ungdommen')).toBe(stem('ungdommer'));
    expect(stem('angsten')).toBe('angst');
  });
});
