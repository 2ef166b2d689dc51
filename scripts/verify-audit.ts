/**
 * `npm run audit:verify`: recomputes the audit log's hash chain and exits 1 if any row was
 * changed, removed or reordered. Uses the same configuration as the server (DATABASE_URL or
 * VEIVISER_DATA_DIR). The embedded database is one process only: while a server holds the data
 * directory this exits 2 naming it; use GET /api/admin/audit/verify (administrators) instead.
 */
import { verifyAuditChain } from '../src/access/audit.ts';
import { loadConfig } from '../src/platform/config.ts';
import { DataDirLockedError } from '../src/platform/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';

const config = loadConfig();
let handle: DatabaseHandle;
try {
  handle = await openDatabase(config.database);
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}\nWhile the server runs, an administrator can use GET /api/admin/audit/verify instead.`);
  process.exit(2);
}
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
