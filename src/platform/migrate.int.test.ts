import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import { allMigrations } from '../modules.ts';
import type { DatabaseHandle } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { composeMigrations } from './module.ts';

type Db = Parameters<typeof migrateToLatest>[0];
const good = {
  up: async (db: Db) => {
    await sql`create table migrate_probe (id int)`.execute(db);
  },
};
const broken = {
  up: async (db: Db) => {
    await sql`alter table no_such_table add column x int`.execute(db);
  },
};

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => handle?.close());

  it('refuses a failing migration by name and leaves the database as it was', async () => {
    handle = await openTestDatabase(kind);
    const before = await handle.db
      .selectFrom('schema_migration' as never)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const migrations = { ...allMigrations(), '2099-01-01_01_probe': good, '2099-01-01_02_broken': broken };
    await expect(migrateToLatest(handle.db, migrations)).rejects.toThrow(/Migration 2099-01-01_02_broken failed: .*no_such_table/);
    const after = await handle.db
      .selectFrom('schema_migration' as never)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const probe = await sql<{ t: string | null }>`select to_regclass('migrate_probe')::text as t`.execute(handle.db);
    expect(probe.rows[0]?.t).toBeNull();
  });

  it('has nothing to run on a database that is up to date', async () => {
    handle = await openTestDatabase(kind);
    expect(await migrateToLatest(handle.db, allMigrations())).toEqual([]);
  });
});

describe('composing migrations', () => {
  it('refuses two modules that declare the same migration name', () => {
    const one = { name: 'one', migrations: { '2026-01-01_01_x': good } };
    const two = { name: 'two', migrations: { '2026-01-01_01_x': good } };
    expect(() => composeMigrations([one, two])).toThrow(/declared by both one and two/);
  });
});
