import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { bootstrapAdministrator } from '../src/access/users.service.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';
import { adminQuery, checkPostgres, PG_ADMIN_URL, withDatabase } from '../test/databases.ts';
import { prepareDatabase } from '../test/global-setup.ts';
import { ROOT, sleep } from '../test/server-process.ts';
import { E2E_ADMIN, type E2eDatabaseKind, type E2eRun } from './run.ts';

/**
 * Once per database kind (one Vitest project each, see vitest.e2e.config.ts): a migrated, seeded
 * template that every test file copies into a database of its own for its own server (see
 * startFileServer in harness.ts). Teardown removes whatever a crashed worker left behind.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'dist/web/index.html')))
    throw new Error('dist/web is missing: run `npm run build` first (npm run test:e2e does)');
  const kind = project.name as E2eDatabaseKind;
  const id = randomBytes(4).toString('hex');
  const runDir = mkdtempSync(join(tmpdir(), `veiviser-e2e-${kind}-`));
  const databasePrefix = `veiviser_e2e_${id}_`;
  const teardown = async () => {
    await stopLeftoverServers(runDir);
    if (kind === 'postgres') await dropDatabasesStartingWith(databasePrefix);
    rmSync(runDir, { recursive: true, force: true });
  };
  let template: string;
  try {
    if (kind === 'pglite') {
      template = join(runDir, 'template');
      await prepareTemplate(await openDatabase({ kind: 'pglite', dataDir: template }));
    } else if (kind === 'postgres') {
      if (!(await checkPostgres('the browser tests'))) {
        throw new Error(`PostgreSQL at ${PG_ADMIN_URL} is not reachable: the browser tests on PostgreSQL cannot run`);
      }
      template = `${databasePrefix}template`;
      await adminQuery(`create database ${template}`);
      await prepareTemplate(await openDatabase({ kind: 'postgres', url: withDatabase(PG_ADMIN_URL, template) }));
    } else {
      throw new Error(`unknown browser-test project "${project.name}": name it pglite or postgres`);
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  const run: E2eRun = { kind, runDir, template, databasePrefix };
  project.provide('veiviserE2e', run);

  return teardown;
}

/**
 * Migrated, seeded, and with the bootstrap administrator the servers are configured with (made as
 * the server makes it): each file's server then finds it instead of hashing its password again.
 */
async function prepareTemplate(handle: DatabaseHandle): Promise<void> {
  await prepareDatabase(handle);
  await bootstrapAdministrator(handle.db, E2E_ADMIN);
  await handle.close();
}

/** Servers whose test file never stopped them (a crashed worker): their pid files are still there. */
async function stopLeftoverServers(runDir: string): Promise<void> {
  for (const file of readdirSync(runDir).filter((f) => /^server-\d+\.pid$/.test(f))) {
    const group = Number(/\d+/.exec(file)![0]);
    try {
      process.kill(-group, 'SIGTERM');
      await sleep(2000);
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function dropDatabasesStartingWith(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await client.end();
  }
}
