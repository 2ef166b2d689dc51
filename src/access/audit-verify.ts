import type { Db } from '../platform/db.ts';
import { checkpointIsSigned, findAuditCheckpoints, type FoundCheckpoint } from './audit-checkpoint.ts';
import { countPendingAuditEvents, selectAuditEventsAfter } from './audit-log.repository.ts';
import { auditHmac, GENESIS_HASH, legacyAuditHash, storedFields } from './audit.ts';
import type { AuditKeys } from './keys.ts';

export type AuditVerification =
  | {
      ok: true;
      rows: number;
      /** Rows written before the chain was keyed, verified as an unkeyed prefix. */
      legacyRows: number;
      /** The newest checkpoint the chain matched; null when there is none. */
      checkpoint: { source: string; writtenAt: string; rows: number; lastId: number } | null;
      /** Rows after the newest checkpoint: deleting these from the end would not be noticed yet. */
      rowsAfterCheckpoint: number;
      /** Things an operator should know that do not break the chain (a configured checkpoint file is missing). */
      warnings: string[];
    }
  | { ok: false; rows: number; brokenAt: number; reason: string };

const describe = (cp: FoundCheckpoint) => `${cp.source} (written ${cp.writtenAt})`;

/**
 * Recomputes the whole chain and checks it against every signed checkpoint; reports the first
 * row that was changed, removed, reordered or written without the key, and rows deleted from the
 * end up to the newest checkpoint. Rows after the newest checkpoint can be deleted from the end
 * without a trace here: `rowsAfterCheckpoint` says how many there are.
 */
export async function verifyAuditChain(db: Db, options: { keys: AuditKeys; checkpointFile: string | null }): Promise<AuditVerification> {
  const found = await findAuditCheckpoints(db, options.checkpointFile);
  const fail = (rows: number, brokenAt: number, reason: string): AuditVerification => ({ ok: false, rows, brokenAt, reason });
  if (found.file === 'unreadable') {
    return fail(0, 0, `the checkpoint file ${options.checkpointFile} is not a checkpoint (it was changed or damaged)`);
  }
  for (const cp of found.checkpoints) {
    if (!checkpointIsSigned(options.keys.checkpoint, cp)) {
      const why = 'it was changed or forged, or VEIVISER_PSEUDONYM_SECRET is not the secret that wrote it';
      return fail(0, cp.lastId, `the ${describe(cp)} does not carry this installation's signature: ${why}`);
    }
  }
  const pending = [...found.checkpoints].sort((a, b) => a.lastId - b.lastId || a.rows - b.rows);
  // Only code that keys the chain writes checkpoints: every row after the first one must be keyed.
  const legacyEndsAt = pending[0]?.lastId ?? Number.POSITIVE_INFINITY;
  let next = 0;
  let matched: FoundCheckpoint | null = null;
  const matchEmpty = () => {
    while (pending[next]?.lastId === 0) {
      const cp = pending[next]!;
      if (cp.rows !== 0) return fail(0, 0, `the ${describe(cp)} recorded ${cp.rows} rows but no last row`);
      matched = cp;
      next += 1;
    }
    return null;
  };
  const empty = matchEmpty();
  if (empty) return empty;

  let prevHash = GENESIS_HASH;
  let rows = 0;
  let legacyRows = 0;
  let lastId = 0;
  let keyed = false;
  for (;;) {
    const batch = await selectAuditEventsAfter(db, lastId, 5000);
    if (batch.length === 0) break;
    for (const row of batch) {
      const skipped = pending[next];
      if (skipped && skipped.lastId < row.id) {
        const what = `row ${skipped.lastId}, the last row the ${describe(skipped)} recorded`;
        return fail(rows, skipped.lastId, `${what}, is missing (rows were removed)`);
      }
      rows += 1;
      if (row.prev_hash !== prevHash) return fail(rows, row.id, 'link to the previous row is broken (a row was removed or reordered)');
      let expected: string;
      if (row.chain === 'sha256') {
        if (keyed || row.id > legacyEndsAt) {
          return fail(rows, row.id, 'the row is linked without the key after the chain was keyed (written or rewritten without the key)');
        }
        legacyRows += 1;
        expected = legacyAuditHash(prevHash, storedFields(row));
      } else {
        keyed = true;
        expected = auditHmac(options.keys.chain, prevHash, storedFields(row));
      }
      if (row.hash !== expected) {
        return fail(rows, row.id, 'row content does not match its hash (the row was changed, or written without the key)');
      }
      prevHash = row.hash;
      lastId = row.id;
      while (pending[next]?.lastId === row.id) {
        const cp = pending[next]!;
        if (cp.lastHash !== row.hash || cp.rows !== rows || cp.legacyRows !== legacyRows) {
          const counts = `it recorded ${cp.rows} rows, the log has ${rows}`;
          const what = `the chain up to row ${row.id} does not match the ${describe(cp)}`;
          return fail(rows, row.id, `${what}: ${counts} (rows were removed or rewritten)`);
        }
        matched = cp;
        next += 1;
      }
    }
  }
  const beyond = pending[next];
  if (beyond) {
    const recorded = `the ${describe(beyond)} recorded ${beyond.rows} rows up to row ${beyond.lastId}`;
    return fail(rows, beyond.lastId, `rows were deleted from the end: the log ends at row ${lastId} after ${rows} rows, but ${recorded}`);
  }
  const cp = matched;
  const missing =
    `the checkpoint file ${options.checkpointFile} is missing: ` +
    'it is written at start and shutdown; if it was there before, it was removed';
  const warnings = found.file === 'missing' ? [missing] : [];
  const pendingRows = await countPendingAuditEvents(db);
  if (pendingRows > 0) {
    warnings.push(
      `${pendingRows} audit rows are committed but not yet chained (audit_pending); ` +
        'the running application chains them within a second, and every checkpoint chains them first',
    );
  }
  return {
    ok: true,
    rows,
    legacyRows,
    checkpoint: cp ? { source: cp.source, writtenAt: cp.writtenAt, rows: cp.rows, lastId: cp.lastId } : null,
    rowsAfterCheckpoint: rows - (cp?.rows ?? 0),
    warnings,
  };
}
