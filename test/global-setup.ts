import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedCatalog } from '../src/catalog/seed.ts';
import { ensureTaxonomies } from '../src/catalog/taxonomy.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';
import { allMigrations } from '../src/modules.ts';
import { migrateToLatest } from '../src/platform/migrate.ts';
import { adminQuery, PG_ADMIN_URL, withDatabase } from './databases.ts';

async function prepare(handle: DatabaseHandle) {
  await migrateToLatest(handle.db, allMigrations());
  await ensureTaxonomies(handle.db);
  await seedCatalog(handle.db);
}

async function serverReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Makes the seeded PGlite snapshot and the PostgreSQL template once per test run. */
export default async function setup() {
  const id = randomBytes(4).toString('hex');
  const snapshotPath = join(tmpdir(), `veiviser-test-${id}.tar`);
  const pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await prepare(pglite);
  const dump = await pglite.dumpPglite!();
  await writeFile(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  process.env.VEIVISER_TEST_PGLITE_SNAPSHOT = snapshotPath;

  let template: string | null = null;
  if (await serverReachable()) {
    template = `veiviser_template_${id}`;
    await adminQuery(`create database ${template}`);
    const server = await openDatabase({ kind: 'postgres', url: withDatabase(PG_ADMIN_URL, template) });
    await prepare(server);
    await server.close();
    process.env.VEIVISER_TEST_PG_TEMPLATE = template;
  } else {
    console.warn(`\n!! PostgreSQL at ${PG_ADMIN_URL} is not reachable: integration tests run on PGlite only.\n`);
  }

  return async () => {
    await rm(snapshotPath, { force: true });
    if (template) await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
