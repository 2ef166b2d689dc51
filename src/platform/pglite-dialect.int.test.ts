import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './db.ts';

/*
 * The PGlite dialect runs each distinct statement as a named prepared statement (parsed and planned
 * once); values and rows keep the types query() gives them, and a schema change never leaves a
 * stale plan behind.
 */

describe('the PGlite dialect', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  });
  afterAll(async () => handle?.close());

  const preparedCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'veiviser_%'`.execute(handle.db))
      .rows[0]!.n;

  it('prepares a statement once and runs it again by name', async () => {
    const before = await preparedCount();
    for (let i = 0; i < 5; i++) {
      const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(handle.db);
      expect(rows).toEqual([{ n: i + 1 }]);
    }
    // The five runs are one statement (the count's own was prepared by its first run).
    expect((await preparedCount()) - before).toBe(1);
  });

  it('keeps at most 256 statements prepared, closing the least recently used', async () => {
    const hot = () => sql<{ n: number }>`select 41 + ${1}::int as n`.execute(handle.db);
    await hot();
    for (let i = 0; i < 300; i++) {
      expect((await sql<{ n: number }>`select ${sql.lit(i)}::int as n`.execute(handle.db)).rows).toEqual([{ n: i }]);
      if (i % 50 === 0) await hot();
    }
    expect(await preparedCount()).toBeLessThanOrEqual(256);
    const names = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db);
    expect(names.rows.some((r) => r.statement.includes('select 41 +'))).toBe(true);
    expect(names.rows.some((r) => r.statement.includes('select 0::int'))).toBe(false);
    expect((await hot()).rows).toEqual([{ n: 42 }]);
  });

  it('sends and reads values as query() does: dates, times, arrays, json, booleans, nulls, bigints', async () => {
    await sql`create table typed (d date, t timestamptz, a text[], j jsonb, b boolean, n bigint, x text)`.execute(handle.db);
    const at = new Date('2026-12-07T12:34:56.789Z');
    const j = JSON.stringify({ k: [1, 'ø'] });
    const insert = () =>
      sql`insert into typed values (${'2026-12-07'}, ${at}, ${['a', 'b,c', 'd"e']}, ${j}, ${true}, ${9007199254740991}, ${null})`.execute(
        handle.db,
      );
    await insert();
    await insert();
    const { rows } = await sql`select * from typed`.execute(handle.db);
    expect(rows).toEqual([
      { d: '2026-12-07', t: at, a: ['a', 'b,c', 'd"e'], j: { k: [1, 'ø'] }, b: true, n: 9007199254740991, x: null },
      { d: '2026-12-07', t: at, a: ['a', 'b,c', 'd"e'], j: { k: [1, 'ø'] }, b: true, n: 9007199254740991, x: null },
    ]);
    const updated = await handle.db
      .updateTable('typed' as never)
      .set({ x: 'y' } as never)
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
  });

  it('plans again after a schema change: a prepared select * sees a new column', async () => {
    await sql`create table grows (a int)`.execute(handle.db);
    await sql`insert into grows values (1)`.execute(handle.db);
    const all = () => sql`select * from grows`.execute(handle.db);
    expect((await all()).rows).toEqual([{ a: 1 }]);
    await sql`alter table grows add column b text default 'ny'`.execute(handle.db);
    expect((await all()).rows).toEqual([{ a: 1, b: 'ny' }]);
  });

  it('reports a database error with its code and constraint, and goes on working, in and out of a transaction', async () => {
    await sql`create table unique_names (name text constraint unique_names_name unique)`.execute(handle.db);
    const add = (db: typeof handle.db) => sql`insert into unique_names values (${'a'})`.execute(db);
    await add(handle.db);
    await expect(add(handle.db)).rejects.toMatchObject({ code: '23505', constraint: 'unique_names_name' });
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await add(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ n: number }>`select count(*)::int as n from unique_names`.execute(handle.db)).rows).toEqual([{ n: 1 }]);
  });
});
