/**
 * `npm run audit:verify`: recomputes the audit log's keyed hash chain, checks it against every
 * signed checkpoint (the audit_checkpoint table and the checkpoint file), and exits 1 if any row
 * was changed, removed, reordered or written without the key, or rows were deleted from the end
 * up to the newest checkpoint. Uses the same configuration as the server (DATABASE_URL and
 * VEIVISER_PSEUDONYM_SECRET, or VEIVISER_DATA_DIR). The embedded database is one process only:
 * while a server holds the data directory this exits 2 naming it; use GET /api/admin/audit/verify
 * (administrators) instead.
 */
import { verifyAuditChain } from '../src/access/audit-verify.ts';
import { loadKeys } from '../src/access/keys.ts';
import { loadConfig } from '../src/platform/config.ts';
import { DataDirLockedError } from '../src/platform/data-dir-lock.ts';
import { openDatabase, type DatabaseHandle } from '../src/platform/db.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
let handle: DatabaseHandle;
try {
  handle = await openDatabase(config.database);
} catch (error) {
  if (!(error instanceof DataDirLockedError)) throw error;
  console.error(`${error.message}\nWhile the server runs, an administrator can use GET /api/admin/audit/verify instead.`);
  process.exit(2);
}
const keys = loadKeys({ secret: config.pseudonymSecret, dataDir: config.database.kind === 'pglite' ? config.database.dataDir : null });
try {
  const result = await verifyAuditChain(handle.db, { keys: keys.audit, checkpointFile: config.auditCheckpointFile });
  if (result.ok) {
    const legacy = result.legacyRows ? ` (the first ${result.legacyRows} written before the chain was keyed, with plain SHA-256)` : '';
    console.log(`Audit log intact: ${result.rows} rows${legacy}, every hash matches its row and its predecessor.`);
    if (result.checkpoint) {
      const { source, writtenAt, rows, lastId } = result.checkpoint;
      console.log(`Matches the newest signed checkpoint (${source}, ${writtenAt}: ${rows} rows up to row ${lastId}).`);
      if (result.rowsAfterCheckpoint) {
        const after = result.rowsAfterCheckpoint;
        console.log(`${after} rows were written after it: removing those from the end would not be detected until the next checkpoint.`);
      }
    } else {
      console.log('No signed checkpoint found: rows removed from the end cannot be detected.');
    }
    for (const warning of result.warnings) console.warn(`Warning: ${warning}.`);
  } else {
    console.error(`AUDIT LOG BROKEN at row ${result.brokenAt} (after checking ${result.rows} rows): ${result.reason}.`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
