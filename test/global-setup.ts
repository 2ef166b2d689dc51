import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { seedCatalog } from '../src/catalog/seed.ts';
import { seedStatistics } from '../src/stats/seed.ts';
import { ensureTaxonomies } from '../src/catalog/taxonomy.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { adminQuery, checkPostgres, PG_ADMIN_URL, withDatabase } from './databases.ts';

/** Migrates and seeds a test database: what every test file starts from. */
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  await migrateToLatest(handle.db, allMigrations());
  await ensureTaxonomies(handle.db);
  await seedCatalog(handle.db);
  await seedStatistics(handle.db);
}

/**
 * Makes the seeded PGlite snapshot and the PostgreSQL template once per test run. An unreachable
 * server fails the run in CI (CI=true) or with VEIVISER_REQUIRE_POSTGRES=true.
 */
export default async function setup() {
  // First, so a run that requires PostgreSQL fails at once.
  const usePostgres = await checkPostgres('the integration tests');
  const id = randomBytes(4).toString('hex');
  const snapshotPath = join(tmpdir(), `veiviser-test-${id}.tar`);
  const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await prepareDatabase(pglite);
  const dump = await pglite.dumpPglite!();
  await writeFile(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  process.env.VEIVISER_TEST_PGLITE_SNAPSHOT = snapshotPath;

  let template: string | null = null;
  if (usePostgres) {
    template = `veiviser_template_${id}`;
    await adminQuery(`create database ${template}`);
    const server = await openDatabase({ kind: 'postgres', url: withDatabase(PG_ADMIN_URL, template) });
    await prepareDatabase(server);
    await server.close();
    process.env.VEIVISER_TEST_PG_TEMPLATE = template;
  }

  return async () => {
    await rm(snapshotPath, { force: true });
    if (template) await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
