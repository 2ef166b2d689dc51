import { buildApp } from './app.ts';
import { bootstrapAdministrator } from './access/access.service.ts';
import { seedCatalog } from './catalog/seed.ts';
import { ensureTaxonomies } from './catalog/taxonomy.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db.ts';
import { migrateToLatest } from './platform/migrate.ts';

// Only starts and stops: configuration, database, migrations, seed, listen; drains on SIGTERM.
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const database = await openDatabase(config.database);
await migrateToLatest(database.db);
await ensureTaxonomies(database.db);
if (config.seed) {
  const seeded = await seedCatalog(database.db);
  if (seeded.seeded) console.log(`Seeded the catalog with ${seeded.services} services from the published Oslo data.`);
}
const admin = await bootstrapAdministrator(database.db, config.bootstrapAdmin);
if (admin === 'not_configured') {
  console.log('No users yet. Set VEIVISER_BOOTSTRAP_ADMIN_EMAIL and VEIVISER_BOOTSTRAP_ADMIN_PASSWORD and restart to create the first administrator.');
}

const app = await buildApp({ db: database.db, config });
await app.listen({ port: config.port, host: config.host });
console.log(`Veiviser on http://localhost:${config.port} (${database.kind === 'pglite' ? `embedded database in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL server'})`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal}: draining`);
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
