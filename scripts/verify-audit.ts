/**
 * `npm run audit:verify`: recomputes the audit log's hash chain and exits 1 if any row was
 * changed, removed or reordered. Uses the same configuration as the server (DATABASE_URL or
 * VEIVISER_DATA_DIR). The embedded database is one process only: while the server runs on it,
 * use GET /api/admin/audit/verify (administrators) instead.
 */
import { verifyAuditChain } from '../src/access/audit.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';

const config = loadConfig();
if (config.database.kind === 'pglite') {
  const running = await fetch(`http://127.0.0.1:${config.port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (running) {
    console.error(`A server answers on port ${config.port} and the embedded database allows one process: stop it, or use GET /api/admin/audit/verify.`);
    process.exit(2);
  }
}
const handle = await openDatabase(config.database);
try {
  const result = await verifyAuditChain(handle.db);
  if (result.ok) {
    console.log(`Audit log intact: ${result.rows} rows, every hash matches its row and its predecessor.`);
  } else {
    console.error(`AUDIT LOG BROKEN at row ${result.brokenAt} (after checking ${result.rows} rows): ${result.reason}.`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
