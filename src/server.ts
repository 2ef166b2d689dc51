import cluster from 'node:cluster';
import { buildApp } from './app.ts';
import { createSetupToken } from './access/setup-tokens.service.ts';
import { bootstrapAdministrator } from './access/users.service.ts';
import { writeAuditCheckpoint } from './access/audit-checkpoint.ts';
import { loadKeys } from './access/keys.ts';
import { seedCatalog } from './catalog/seed.ts';
import { seedStatistics } from './stats/seed.ts';
import { loadSpelling, spellingLoadStats } from './catalog/spelling.ts';
import { searchIndex } from './catalog/search-index.state.ts';
import { ensureTaxonomies } from './catalog/taxonomy.ts';
import { superviseWorkers } from './platform/cluster.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { DataDirLockedError } from './platform/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from './platform/db.ts';
import { allMigrations } from './modules.ts';
import { createJobQueue } from './platform/jobs/create-job-queue.ts';
import { migrateToLatest } from './platform/migrate.ts';

// Only starts and stops: configuration, database, migrations, seed, listen; drains on SIGTERM.
// With VEIVISER_WORKERS > 1 the primary process does the once-only start (migrations, seed, first
// administrator, audit checkpoint) and then forks the workers, which only serve.
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

let database: DatabaseHandle;
try {
  database = await openDatabase(config.database);
} catch (error) {
  // Another process holds the embedded database's directory: say who, without a stack trace.
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// A worker of VEIVISER_WORKERS: the primary has migrated, seeded and written the start checkpoint.
const once = !cluster.isWorker;
if (once) {
  try {
    await migrateToLatest(database.db, allMigrations());
  } catch (error) {
    // The migrations ran in one transaction: nothing of this run stays. Refuse to start, saying which.
    console.error(`Veiviser cannot start: ${(error as Error).message}`);
    await database.close();
    process.exit(1);
  }
  await ensureTaxonomies(database.db);
  if (config.seed) {
    const seeded = await seedCatalog(database.db);
    if (seeded.seeded) console.log(`Seeded the catalog with ${seeded.services} services from the published Oslo data.`);
    const statistics = await seedStatistics(database.db);
    if (statistics.imported) console.log(`Imported ${statistics.imported} published Oslo tables into the statistics.`);
    if (statistics.release) console.log(`Made statistics release ${statistics.release} from them.`);
  }
  const admin = await bootstrapAdministrator(database.db, config.bootstrapAdmin);
  if (admin === 'not_configured') {
    const token = await createSetupToken(database.db);
    console.log(`No users yet. Create the first administrator within 24 hours at http://localhost:${config.port}/oppsett?token=${token}`);
    console.log('(or set VEIVISER_BOOTSTRAP_ADMIN_EMAIL and VEIVISER_BOOTSTRAP_ADMIN_PASSWORD and restart)');
  }
}
const keys = loadKeys({ secret: config.pseudonymSecret, dataDir: config.database.kind === 'pglite' ? config.database.dataDir : null });
if (once && keys.source === 'data-directory') {
  console.warn('VEIVISER_PSEUDONYM_SECRET is not set: using a generated secret kept in the data directory.');
}
// A signed audit checkpoint at start (it also seals rows written before the chain was keyed)
// and at shutdown; printed, so shipped logs hold it too.
const checkpoint = () => writeAuditCheckpoint(database.db, { keys: keys.audit, file: config.auditCheckpointFile });
if (once) console.log(`Audit checkpoint ${JSON.stringify(await checkpoint())}`);

if (cluster.isPrimary && config.workers > 1) {
  superviseWorkers(config.workers, {
    onStopped: async () => {
      console.log(`Audit checkpoint ${JSON.stringify(await checkpoint())}`);
      await database.close();
    },
  });
} else {
  await serve();
}

async function serve() {
  // The queue logs through the app's logger, which exists once the app is built (before the queue starts).
  const jobs = createJobQueue(database.db, config.database, {
    logger: { info: (o, m) => app.log.info(o, m), warn: (o, m) => app.log.warn(o, m), error: (o, m) => app.log.error(o, m) },
  });
  const app = await buildApp({
    db: database.db,
    listen: database.listen,
    config,
    pseudonymKeys: keys.pseudonyms,
    auditKeys: keys.audit,
    jobs,
  });
  await jobs.start();
  // Reading the spelling dictionaries blocks for a few seconds: done before serving, no citizen's search waits for it.
  await loadSpelling();
  console.log(`Spelling dictionaries read in ${Math.round(spellingLoadStats()?.ms ?? 0)} ms`);
  // The in-memory search index too: the first search does not wait for the catalog to load.
  const indexStart = performance.now();
  const index = await searchIndex(database.db);
  console.log(`Search index of ${index.main.size} services built in ${Math.round(performance.now() - indexStart)} ms`);
  await app.listen({ port: config.port, host: config.host });
  const where = config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL server';
  const ofWorkers = cluster.isWorker ? ` (server process ${cluster.worker?.id} of ${config.workers})` : '';
  console.log(`Veiviser on http://localhost:${config.port} (${where})${ofWorkers}`);

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: draining`);
    // Ends open event streams first, then stops accepting and waits for responses; the listener stops last.
    await app.close();
    // Handlers of clients that hung up may still be running: let them finish (at most 10 s).
    for (let waited = 0; app.handlersRunning() > 0 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // Running jobs finish (at most 10 s; the rest fail and are retried later) while the database is still open.
    await jobs.stop({ timeoutMs: 10_000 });
    // A worker's primary writes the checkpoint once all have stopped.
    if (once)
      await checkpoint().then(
        (written) => console.log(`Audit checkpoint ${JSON.stringify(written)}`),
        (error: unknown) => console.error(`Could not write the audit checkpoint at shutdown: ${(error as Error).message}`),
      );
    await database.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
