import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  countUsers,
  deleteExpiredUserSessions,
  deleteSession,
  deleteUserSessions,
  insertSession,
  claimPasswordAttempt,
  insertUser,
  resetFailedLogins,
  selectSession,
  selectUserByEmail,
  selectUserById,
  touchSession,
} from './access.repository.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { ROLES, type Role } from './permissions.ts';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const LOCK_AFTER_FAILURES = 5;

/** Session tokens are stored hashed: a copy of the table does not hold usable cookies. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where a request came from, for the audit log. */
export type ClientInfo = { ip: string | null; userAgent: string | null };

/** Someone not (yet) known as a user: an audit row still needs an actor. */
export const anonymousActor = (displayName = 'Anonymous'): Actor => ({
  userId: 'anonymous',
  displayName,
  roles: [],
  districts: [],
  units: [],
});

/** Writes one sign-in related audit row (purpose: authentication). Call inside a transaction. */
export async function auditAuthentication(
  db: Db,
  entry: {
    actor: Actor;
    action: string;
    outcome: 'allowed' | 'denied' | 'failed';
    resourceType: string;
    resourceId?: string | null;
    /** The person whose data the request was about, so the row shows in their access report. */
    personId?: string | null;
    client: ClientInfo;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(db, {
    actor: entry.actor,
    action: entry.action,
    outcome: entry.outcome,
    purpose: 'authentication',
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    personId: entry.personId ?? null,
    ip: entry.client.ip,
    userAgent: entry.client.userAgent,
    detail: entry.detail ?? {},
  });
}

/** Creates a local account with an argon2id password hash. */
export async function createLocalUser(
  db: Db,
  options: { email: string; password: string; displayName: string; roles: Role[]; districts?: string[]; units?: string[] },
): Promise<{ id: string }> {
  for (const role of options.roles) if (!ROLES.includes(role)) throw new AppError('INVALID_INPUT', `roles: unknown role ${role}`);
  if (await selectUserByEmail(db, options.email)) {
    throw new AppError('CONFLICT', 'email: a user with this e-mail exists', [{ field: 'email', message: 'is taken' }]);
  }
  const id = newId();
  await insertUser(db, {
    id,
    email: options.email.toLowerCase(),
    display_name: options.displayName,
    password_hash: await argon2.hash(options.password, { type: argon2.argon2id }),
    oidc_issuer: null,
    oidc_subject: null,
    roles: options.roles,
    districts: options.districts ?? [],
    units: options.units ?? [],
    locked_until: null,
  });
  return { id };
}

/** On first start, creates the administrator named in configuration if no user exists yet. */
export async function bootstrapAdministrator(
  db: Db,
  admin: { email: string; password: string } | null,
): Promise<'created' | 'exists' | 'not_configured'> {
  if ((await countUsers(db)) > 0) return 'exists';
  if (!admin) return 'not_configured';
  await createLocalUser(db, {
    email: admin.email,
    password: admin.password,
    displayName: 'Administrator',
    roles: ['administrator', 'catalog_editor'],
  });
  return 'created';
}

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

/** The same answer for every failed sign-in: it must not tell whether the account exists. */
export const SIGN_IN_REFUSED = 'The e-mail or password is wrong, or the account is locked for a while.';

export type OpenedSession = { token: string; csrfToken: string; actor: Actor };

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

/**
 * Opens a fresh session for a user who has just proved who they are (password or OIDC): ends the
 * session the browser came with (no session fixation: every sign-in gets a new token), sweeps the
 * user's expired sessions, and audits the sign-in.
 */
export async function openSession(
  db: Db,
  options: { userId: string; now: Date; client: ClientInfo; previousToken: string | undefined; detail: Record<string, unknown> },
): Promise<OpenedSession> {
  if (options.previousToken) await deleteSession(db, hashToken(options.previousToken));
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

/** The actor behind a session token, or why there is none (unknown or tampered, timed out, disabled). */
export async function resolveSession(db: Db, options: { token: string; now: Date }): Promise<SessionCheck> {
  if (!TOKEN_SHAPE.test(options.token)) return { ok: false, reason: 'unknown' };
  const tokenHash = hashToken(options.token);
  const session = await selectSession(db, tokenHash);
  if (!session) return { ok: false, reason: 'unknown' };
  if (session.disabled) return { ok: false, reason: 'disabled' };
  const now = options.now.getTime();
  const idle = now - session.last_seen_at.getTime() > SESSION_IDLE_MS;
  if (idle || now - session.created_at.getTime() > SESSION_ABSOLUTE_MS) {
    await deleteSession(db, tokenHash);
    return { ok: false, reason: idle ? 'idle_timeout' : 'absolute_timeout' };
  }
  if (now - session.last_seen_at.getTime() > 60_000) await touchSession(db, tokenHash, options.now);
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

/** Compares a presented CSRF token with the session's in constant time (no timing oracle). */
export function csrfTokenMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Ends one session. */
export async function endSession(db: Db, options: { token: string }): Promise<void> {
  await deleteSession(db, hashToken(options.token));
}

/** Ends every session of a user (log out everywhere). */
export async function endAllSessions(db: Db, options: { userId: string }): Promise<void> {
  await deleteUserSessions(db, options.userId);
}
