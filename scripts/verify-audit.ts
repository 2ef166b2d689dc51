/**
 * `npm run audit:verify`: recomputes the audit log's keyed hash chain, checks it against every
 * signed checkpoint (the audit_checkpoint table and the checkpoint file), and exits 1 if any row
 * was changed, removed, reordered or written without the key, or rows were deleted from the end
 * up to the newest checkpoint. Uses the same configuration as the server (DATABASE_URL and
 * VEIVISER_PSEUDONYM_SECRET, or VEIVISER_DATA_DIR). The embedded database is one process only:
 * while the server runs on it, use GET /api/admin/audit/verify (administrators) instead.
 */
import { verifyAuditChain } from '../src/access/audit-verify.ts';
import { loadKeys } from '../src/access/keys.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
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
const keys = loadKeys({ secret: config.pseudonymSecret, dataDir: config.database.kind === 'pglite' ? config.database.dataDir : null });
const handle = await openDatabase(config.database);
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
