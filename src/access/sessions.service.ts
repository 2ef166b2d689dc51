import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import type { Actor, ClientInfo } from './actor.ts';
import { auditAuthentication } from './audit.ts';
import {
  deleteExpiredUserSessions,
  deleteSession,
  deleteUserSessions,
  insertSession,
  selectSession,
  touchSession,
  type SessionRow,
} from './sessions.repository.ts';
import { cachedSession, forgetSession, rememberSession, SESSIONS_ENDED } from './session-cache.ts';
import { hashToken } from './tokens.ts';
import { selectUserById } from './users.repository.ts';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/** The same answer for every failed sign-in: it must not tell whether the account exists. */
export const SIGN_IN_REFUSED = 'The e-mail or password is wrong, or the account is locked for a while.';

export type OpenedSession = { token: string; csrfToken: string; actor: Actor };

/**
 * Opens a fresh session for a user who has just proved who they are (password or OIDC): ends the
 * session the browser came with (no session fixation: every sign-in gets a new token; the caller
 * forgets it from memory after the commit), sweeps the user's expired sessions, and audits the
 * sign-in. Runs in a transaction.
 */
export async function openSession(
  db: Db,
  options: { userId: string; now: Date; client: ClientInfo; previousToken: string | undefined; detail: Record<string, unknown> },
): Promise<OpenedSession> {
  const replaced = options.previousToken ? await deleteSession(db, hashToken(options.previousToken)) : undefined;
  if (replaced) await announceSessionsEnded(db, replaced);
  const now = options.now.getTime();
  await deleteExpiredUserSessions(db, options.userId, new Date(now - SESSION_IDLE_MS), new Date(now - SESSION_ABSOLUTE_MS));
  const user = await selectUserById(db, options.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', SIGN_IN_REFUSED);
  const actor: Actor = { userId: user.id, displayName: user.display_name, roles: user.roles, districts: user.districts, units: user.units };
  const { token, csrfToken } = await startSession(db, { userId: user.id, now: options.now, ...options.client });
  await auditAuthentication(db, {
    actor,
    action: 'login',
    outcome: 'allowed',
    resourceType: 'session',
    client: options.client,
    detail: options.detail,
  });
  return { token, csrfToken, actor };
}

/** Starts a session; returns the secret cookie token and the CSRF token for the client. */
export async function startSession(db: Db, options: { userId: string; now: Date; userAgent: string | null; ip: string | null }) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(db, {
    token_hash: hashToken(token),
    user_id: options.userId,
    csrf_token: csrfToken,
    created_at: options.now,
    last_seen_at: options.now,
    user_agent: options.userAgent?.slice(0, 500) ?? null,
    ip: options.ip,
  });
  return { token, csrfToken };
}

export type SessionCheck =
  { ok: true; actor: Actor; csrfToken: string } | { ok: false; reason: 'unknown' | 'idle_timeout' | 'absolute_timeout' | 'disabled' };

// What startSession issues: 32 random bytes, base64url. Anything else is not worth a query.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** How old a session's last_seen_at may get before a request touches it. */
const TOUCH_AFTER_MS = 60_000;

/**
 * The actor behind a session token, or why there is none (unknown or tampered, timed out,
 * disabled). Call with the app's database handle (not a transaction): a session resolved a moment
 * ago comes from memory (session-cache.ts) when its copy needs neither a timeout nor a touch.
 */
export async function resolveSession(db: Db, options: { token: string; now: Date }): Promise<SessionCheck> {
  if (!TOKEN_SHAPE.test(options.token)) return { ok: false, reason: 'unknown' };
  const tokenHash = hashToken(options.token);
  const now = options.now.getTime();
  const cached = cachedSession(db, tokenHash, now);
  // A copy (only a session found valid is kept) only ever says yes: a timeout or a touch due, the database decides.
  if (cached && now - cached.last_seen_at.getTime() <= TOUCH_AFTER_MS && withinAbsoluteLimit(cached, now)) return accepted(cached);
  const session = await selectSession(db, tokenHash);
  if (!session) return { ok: false, reason: 'unknown' };
  if (session.disabled) return { ok: false, reason: 'disabled' };
  const idle = now - session.last_seen_at.getTime() > SESSION_IDLE_MS;
  if (idle || !withinAbsoluteLimit(session, now)) {
    await deleteSession(db, tokenHash);
    forgetSession(db, tokenHash);
    return { ok: false, reason: idle ? 'idle_timeout' : 'absolute_timeout' };
  }
  if (now - session.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await touchSession(db, tokenHash, options.now);
    session.last_seen_at = options.now;
  }
  rememberSession(db, tokenHash, session, now);
  return accepted(session);
}

const withinAbsoluteLimit = (session: SessionRow, now: number) => now - session.created_at.getTime() <= SESSION_ABSOLUTE_MS;

function accepted(session: SessionRow): SessionCheck {
  return {
    ok: true,
    actor: {
      userId: session.user_id,
      displayName: session.display_name,
      roles: session.roles,
      districts: session.districts,
      units: session.units,
    },
    csrfToken: session.csrf_token,
  };
}

/**
 * Tells every instance (session-cache.ts) that the user's sessions ended or their access changed,
 * in the transaction that does it; the caller forgets them in its own process after the commit
 * (forgetUserSessions), the other instances when the event reaches them.
 */
export async function announceSessionsEnded(trx: Db, userId: string): Promise<void> {
  await publishEvent(trx, { topic: SESSIONS_ENDED, payload: { userId } });
}

/** Compares a presented CSRF token with the session's in constant time (no timing oracle). */
export function csrfTokenMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Signs out of one session: ends it and, when the caller was signed in, audits it. */
export async function signOut(db: Db, options: { token: string; actor: Actor | null; client: ClientInfo }): Promise<void> {
  await deleteSession(db, hashToken(options.token));
  if (options.actor) {
    await announceSessionsEnded(db, options.actor.userId);
    await auditAuthentication(db, {
      actor: options.actor,
      action: 'logout',
      outcome: 'allowed',
      resourceType: 'session',
      client: options.client,
    });
  }
}

/** Signs a user out of every session (log out everywhere), audited. */
export async function signOutEverywhere(db: Db, options: { actor: Actor; client: ClientInfo }): Promise<void> {
  await deleteUserSessions(db, options.actor.userId);
  await announceSessionsEnded(db, options.actor.userId);
  await auditAuthentication(db, {
    actor: options.actor,
    action: 'logout_everywhere',
    outcome: 'allowed',
    resourceType: 'session',
    client: options.client,
  });
}
