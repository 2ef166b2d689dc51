import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import {
  countAuditEvents,
  insertAuditCheckpoint,
  lockAuditHead,
  selectAuditCheckpoints,
  selectNewestAuditCheckpoint,
  type AuditCheckpointRow,
} from './audit-log.repository.ts';
import { canonical, chainPendingAudit, GENESIS_HASH } from './audit.ts';
import type { AuditKeys } from './keys.ts';

/**
 * A signed summary of the audit chain's head: how many rows it had (and how many of them were
 * legacy SHA-256 rows), its last row and that row's hash, and when. Signed with the checkpoint
 * key, which the database does not hold. The verifier checks the chain against every checkpoint:
 * rows deleted from the end, or a chain rebuilt from some row on, no longer match one.
 */
export type AuditCheckpoint = {
  version: 1;
  writtenAt: string;
  rows: number;
  legacyRows: number;
  lastId: number;
  lastHash: string;
  signature: string;
};

/** A checkpoint and where it was found: a row of audit_checkpoint, or the checkpoint file. */
export type FoundCheckpoint = AuditCheckpoint & { source: string };

const checkpointSchema = z.strictObject({
  version: z.literal(1),
  writtenAt: z.iso.datetime(),
  rows: z.number().int().min(0),
  legacyRows: z.number().int().min(0),
  lastId: z.number().int().min(0),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The signature of a checkpoint's content. Pure. */
export function signCheckpoint(key: Buffer, body: Omit<AuditCheckpoint, 'signature'>): string {
  const { version, writtenAt, rows, legacyRows, lastId, lastHash } = body;
  const content = canonical({ version, writtenAt, rows, legacyRows, lastId, lastHash });
  return createHmac('sha256', key).update('veiviser-audit-checkpoint\n').update(content).digest('hex');
}

/** True when the checkpoint was signed with this key and not changed since. */
export function checkpointIsSigned(key: Buffer, checkpoint: AuditCheckpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Writes a checkpoint of the chain's head: a row in audit_checkpoint (append-only, no rights for
 * the application's restricted roles) and, when `file` is given, that file (replaced atomically,
 * owner-only). Holds the chain's lock while it counts, so no row is half-way in. When nothing was
 * appended since the newest checkpoint, that one is kept and only the file is written.
 * Call periodically and at shutdown; the lower the interval, the fewer rows a deletion from the
 * end can take unnoticed. Chains the pending audit rows first, so a checkpoint at shutdown covers
 * every access committed before it.
 */
export async function writeAuditCheckpoint(
  db: Db,
  options: { keys: AuditKeys; file: string | null; now?: Date },
): Promise<AuditCheckpoint> {
  await chainPendingAudit(db, options.keys);
  const checkpoint = await db.transaction().execute(async (trx) => {
    const last = await lockAuditHead(trx);
    const { rows, legacyRows } = await countAuditEvents(trx);
    const lastId = last?.id ?? 0;
    const lastHash = last?.hash ?? GENESIS_HASH;
    const newest = await selectNewestAuditCheckpoint(trx);
    const unchanged =
      newest?.row_count === rows && newest.legacy_row_count === legacyRows && newest.last_id === lastId && newest.last_hash === lastHash;
    if (newest && unchanged) return rowToCheckpoint(newest);
    const body = { version: 1 as const, writtenAt: (options.now ?? new Date()).toISOString(), rows, legacyRows, lastId, lastHash };
    const signed: AuditCheckpoint = { ...body, signature: signCheckpoint(options.keys.checkpoint, body) };
    await insertAuditCheckpoint(trx, {
      written_at: new Date(signed.writtenAt),
      row_count: rows,
      legacy_row_count: legacyRows,
      last_id: lastId,
      last_hash: lastHash,
      signature: signed.signature,
    });
    return signed;
  });
  if (options.file) writeCheckpointFile(options.file, checkpoint);
  return checkpoint;
}

function rowToCheckpoint(row: AuditCheckpointRow): AuditCheckpoint {
  return {
    version: 1,
    writtenAt: row.written_at.toISOString(),
    rows: row.row_count,
    legacyRows: row.legacy_row_count,
    lastId: row.last_id,
    lastHash: row.last_hash,
    signature: row.signature,
  };
}

function writeCheckpointFile(file: string, checkpoint: AuditCheckpoint): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Every checkpoint the verifier can find: the rows of audit_checkpoint and the file (when one is
 * configured). `file` says whether the configured file was there. A file that is not a checkpoint
 * is reported as `unreadable`.
 */
export async function findAuditCheckpoints(
  db: Db,
  file: string | null,
): Promise<{ checkpoints: FoundCheckpoint[]; file: 'found' | 'missing' | 'unreadable' | null }> {
  const rows = await selectAuditCheckpoints(db);
  const checkpoints: FoundCheckpoint[] = rows.map((row) => ({ ...rowToCheckpoint(row), source: `audit_checkpoint row ${row.id}` }));
  if (!file) return { checkpoints, file: null };
  if (!existsSync(file)) return { checkpoints, file: 'missing' };
  let parsed: ReturnType<typeof checkpointSchema.safeParse>;
  try {
    parsed = checkpointSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { checkpoints, file: 'unreadable' };
  }
  if (!parsed.success) return { checkpoints, file: 'unreadable' };
  return { checkpoints: [...checkpoints, { ...parsed.data, source: `checkpoint file ${file}` }], file: 'found' };
}
