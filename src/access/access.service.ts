import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import {
  countUsers,
  deleteSession,
  deleteUserSessions,
  insertSession,
  insertUser,
  recordFailedLogin,
  resetFailedLogins,
  selectSession,
  selectUserByEmail,
  touchSession,
} from './access.repository.ts';
import type { Actor } from './actor.ts';
import { ROLES, type Role } from './permissions.ts';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const LOCK_AFTER_FAILURES = 5;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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
export async function bootstrapAdministrator(db: Db, admin: { email: string; password: string } | null): Promise<'created' | 'exists' | 'not_configured'> {
  if ((await countUsers(db)) > 0) return 'exists';
  if (!admin) return 'not_configured';
  await createLocalUser(db, { email: admin.email, password: admin.password, displayName: 'Administrator', roles: ['administrator', 'catalog_editor'] });
  return 'created';
}

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | null = null;

export type Authentication = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'locked' | 'wrong_password' | 'disabled'; userId: string | null };

/**
 * Checks e-mail and password. Failures are returned, not thrown, so the caller commits the
 * failure count; after five failures the account locks for a doubling while.
 */
export async function authenticate(db: Db, options: { email: string; password: string; now: Date }): Promise<Authentication> {
  const user = await selectUserByEmail(db, options.email);
  if (!user || !user.password_hash || user.disabled) {
    // Spend the same time as a real check, so timing does not reveal which accounts exist.
    dummyHash ??= argon2.hash('not-a-real-password', { type: argon2.argon2id });
    await argon2.verify(await dummyHash, options.password);
    return { ok: false, reason: user?.disabled ? 'disabled' : 'unknown', userId: user?.id ?? null };
  }
  if (user.locked_until && user.locked_until > options.now) return { ok: false, reason: 'locked', userId: user.id };
  if (!(await argon2.verify(user.password_hash, options.password))) {
    const failures = user.failed_logins + 1;
    const lockedUntil = failures >= LOCK_AFTER_FAILURES ? new Date(options.now.getTime() + 2 ** Math.min(failures - LOCK_AFTER_FAILURES, 6) * 60_000) : null;
    await recordFailedLogin(db, user.id, lockedUntil);
    return { ok: false, reason: 'wrong_password', userId: user.id };
  }
  await resetFailedLogins(db, user.id);
  return { ok: true, userId: user.id };
}

/** Starts a session; returns the secret cookie token and the CSRF token for the client. */
export async function startSession(db: Db, options: { userId: string; userAgent: string | null; ip: string | null }) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(db, { token_hash: hashToken(token), user_id: options.userId, csrf_token: csrfToken, user_agent: options.userAgent, ip: options.ip });
  return { token, csrfToken };
}

export type SessionActor = { actor: Actor; csrfToken: string };

/** The actor behind a session token, or null when the session is unknown, idle or too old. */
export async function resolveSession(db: Db, options: { token: string; now: Date }): Promise<SessionActor | null> {
  const tokenHash = hashToken(options.token);
  const session = await selectSession(db, tokenHash);
  if (!session || session.disabled) return null;
  const now = options.now.getTime();
  if (now - session.last_seen_at.getTime() > SESSION_IDLE_MS || now - session.created_at.getTime() > SESSION_ABSOLUTE_MS) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (now - session.last_seen_at.getTime() > 60_000) await touchSession(db, tokenHash, options.now);
  return {
    actor: { userId: session.user_id, displayName: session.display_name, roles: session.roles, districts: session.districts, units: session.units },
    csrfToken: session.csrf_token,
  };
}

/** Ends one session. */
export async function endSession(db: Db, options: { token: string }): Promise<void> {
  await deleteSession(db, hashToken(options.token));
}

/** Ends every session of a user (log out everywhere). */
export async function endAllSessions(db: Db, options: { userId: string }): Promise<void> {
  await deleteUserSessions(db, options.userId);
}
