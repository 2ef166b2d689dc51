import argon2 from 'argon2';
import type { Db } from '../platform/db.ts';
import { anonymousActor, type ClientInfo } from './actor.ts';
import { auditAuthentication } from './audit.ts';
import { openSession, type OpenedSession } from './sessions.service.ts';
import { claimPasswordAttempt, resetFailedLogins, selectUserByEmail } from './users.repository.ts';

const LOCK_AFTER_FAILURES = 5;

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | null = null;

export type Authentication =
  { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'locked' | 'wrong_password' | 'disabled'; userId: string | null };

/**
 * Checks e-mail and password. Call it outside any transaction: the argon2 check takes a while and
 * holds no database connection (PGlite has only one), so sign-ins cannot stall other requests.
 * Each attempt is counted as a failure before its password is checked, in one statement (see
 * claimPasswordAttempt): parallel tries cannot pass the lockout, and once five have been counted
 * the rest are refused without a check. After five failures the account locks for a doubling
 * while (1, 2, 4 … 64 min); a right password resets the count (signInWithPassword). Every path
 * spends one argon2 verification, so timing does not tell which accounts exist.
 */
export async function authenticate(db: Db, options: { email: string; password: string; now: Date }): Promise<Authentication> {
  const claimed = await claimPasswordAttempt(db, options.email, options.now, LOCK_AFTER_FAILURES);
  if (claimed) {
    const right = await argon2.verify(claimed.password_hash, options.password);
    return right ? { ok: true, userId: claimed.id } : { ok: false, reason: 'wrong_password', userId: claimed.id };
  }
  dummyHash ??= argon2.hash('not-a-real-password', { type: argon2.argon2id });
  await argon2.verify(await dummyHash, options.password);
  const user = await selectUserByEmail(db, options.email);
  const reason = !user || !user.password_hash ? 'unknown' : user.disabled ? 'disabled' : 'locked';
  return { ok: false, reason, userId: user?.id ?? null };
}

/**
 * Completes a password sign-in that authenticate() has checked: audits a failure, or resets the
 * failure count and opens a session. Run in one transaction, so the reset, the audit row and the
 * session commit together.
 */
export async function signInWithPassword(
  db: Db,
  options: { authentication: Authentication; email: string; now: Date; client: ClientInfo; previousToken: string | undefined },
): Promise<{ ok: true; session: OpenedSession } | { ok: false }> {
  const result = options.authentication;
  if (!result.ok) {
    await auditAuthentication(db, {
      actor: { ...anonymousActor(options.email), userId: result.userId ?? 'anonymous' },
      action: 'login',
      outcome: 'failed',
      resourceType: 'session',
      client: options.client,
      detail: { method: 'password', reason: result.reason },
    });
    return { ok: false };
  }
  await resetFailedLogins(db, result.userId);
  const session = await openSession(db, {
    userId: result.userId,
    now: options.now,
    client: options.client,
    previousToken: options.previousToken,
    detail: { method: 'password' },
  });
  return { ok: true, session };
}
