import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';

/**
 * Test databases. Every integration test runs on both: embedded PGlite (from a seeded snapshot
 * made once by test/global-setup.ts) and a PostgreSQL server (a fresh database per test file,
 * copied from a seeded template database). The server is skipped, loudly, when unreachable.
 */
export type TestDatabaseKind = 'pglite' | 'postgres';

export const PG_ADMIN_URL = process.env.VEIVISER_TEST_PG_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when the run must include PostgreSQL: in CI (CI=true) or with VEIVISER_REQUIRE_POSTGRES=true. */
export function postgresRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1' || env.VEIVISER_REQUIRE_POSTGRES === 'true';
}

/** Null when the server at PG_ADMIN_URL answers; otherwise why not. */
export async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

/**
 * Whether this run tests on PostgreSQL: yes when the server answers; when it does not, no, or an
 * error when the run requires it, so CI cannot pass quietly on PGlite alone.
 */
export async function checkPostgres(what: string): Promise<boolean> {
  const reason = await postgresUnreachable();
  if (reason === null) return true;
  if (postgresRequired()) {
    throw new Error(
      `PostgreSQL at ${PG_ADMIN_URL} is not reachable (${reason}), ` +
        `and CI=true or VEIVISER_REQUIRE_POSTGRES=true requires ${what} to run on it. ` +
        'Start the server, or point VEIVISER_TEST_PG_URL at one.',
    );
  }
  console.warn(`\n!! PostgreSQL at ${PG_ADMIN_URL} is not reachable (${reason}): ${what} run on PGlite only.\n`);
  return false;
}

/** The kinds available in this run (global setup writes which). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.VEIVISER_TEST_PG_TEMPLATE ? ['pglite', 'postgres'] : ['pglite'];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server's admin database. */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections are gone. pg-pool's end() resolves before its
 * clients have finished saying goodbye; forcing the drop at once would kill them mid-way and
 * surface as uncaught errors in the test run, so wait for them first and force only as a last resort.
 */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const open = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/** A seeded database of this kind for one test file (url: the server's, for child processes); close() removes it. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle & { url?: string }> {
  if (kind === 'pglite') {
    const path = process.env.VEIVISER_TEST_PGLITE_SNAPSHOT;
    if (!path) throw new Error('global setup did not write a PGlite snapshot');
    const snapshot = new Blob([await readFile(path)]);
    return openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { pgliteSnapshot: snapshot });
  }
  const template = process.env.VEIVISER_TEST_PG_TEMPLATE;
  if (!template) throw new Error('no PostgreSQL template database');
  const name = `veiviser_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template}`);
  const url = withDatabase(PG_ADMIN_URL, name);
  const handle = await openDatabase({ kind: 'postgres', url }, { poolSize: 5 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await dropDatabase(name);
    },
  };
}

export { sql, withDatabase };
