import { createHash } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { canonicalJson } from './intake-rules.ts';
import { claimIdempotencyKey, deleteIdempotencyBefore, selectIdempotencyAnswer, storeIdempotencyAnswer } from './intake.repository.ts';

export type Answer<T> = { status: number; body: T };

/**
 * Runs a POST once per Idempotency-Key (per route and actor), in the caller's transaction: the
 * first call claims the key and stores its answer when it succeeds; a repeat with the same request
 * gets that answer again (`replayed`); the same key with another request is UNPROCESSABLE (422).
 * A call that fails rolls the claim back with everything else, so it may be tried again.
 * Concurrent repeats wait on the claimed key until the first commits.
 */
export async function runIdempotent<T extends Record<string, unknown>>(
  trx: Db,
  options: { key: string | undefined; route: string; actorId: string; request: unknown },
  run: () => Promise<Answer<T>>,
): Promise<Answer<T> & { replayed: boolean }> {
  if (options.key === undefined) return { ...(await run()), replayed: false };
  const id = { key: options.key, route: options.route, actor_id: options.actorId };
  const requestHash = createHash('sha256').update(canonicalJson(options.request)).digest('hex');
  if (await claimIdempotencyKey(trx, { ...id, request_hash: requestHash })) {
    const answer = await run();
    await storeIdempotencyAnswer(trx, id, answer);
    return { ...answer, replayed: false };
  }
  const stored = await selectIdempotencyAnswer(trx, id);
  if (stored.request_hash !== requestHash) {
    throw new AppError('UNPROCESSABLE', 'Idempotency-Key: was used before with a different request', [
      { field: 'Idempotency-Key', message: 'was used before with a different request' },
    ]);
  }
  if (stored.status_code === null || stored.response === null) {
    throw new AppError('CONFLICT', 'Idempotency-Key: the first request with this key has not finished', [
      { field: 'Idempotency-Key', message: 'the first request with this key has not finished' },
    ]);
  }
  return { status: stored.status_code, body: stored.response as T, replayed: true };
}

/** Forgets stored answers older than the moment (the prune job). */
export async function pruneIdempotencyKeys(db: Db, options: { olderThan: Date }): Promise<{ deleted: number }> {
  return { deleted: await deleteIdempotencyBefore(db, options.olderThan) };
}
