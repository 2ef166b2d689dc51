import argon2 from 'argon2';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor, ClientInfo } from './actor.ts';
import type { UserSummary } from './admin.schemas.ts';
import { appendAudit } from './audit.ts';
import { refuseRemovingLastAdministrator } from './last-administrator.ts';
import { ROLES, type Role } from './permissions.ts';
import { deleteUserSessions } from './sessions.repository.ts';
import { announceSessionsEnded } from './sessions.service.ts';
import {
  countUsers,
  insertUser,
  selectUserByEmail,
  selectUserById,
  selectUsers,
  updateUserAccess,
  type UserRow,
} from './users.repository.ts';

/** The identity at an OpenID Connect provider that signs in as this account. */
export type LinkedIdentity = { issuer: string; subject: string };

/** An account as administrators see it: never its password hash or lockout counters. */
export function userRowToUser(u: UserRow): UserSummary {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    districts: u.districts,
    units: u.units,
    disabled: u.disabled,
    identity: u.oidc_issuer && u.oidc_subject ? { issuer: u.oidc_issuer, subject: u.oidc_subject } : null,
    createdAt: u.created_at.toISOString(),
  };
}

/** The account as administrators see it; NOT_FOUND when there is none. */
export async function getUser(db: Db, id: string): Promise<UserSummary> {
  const row = await selectUserById(db, id);
  if (!row) throw notFound('User');
  return userRowToUser(row);
}

/** Every user account. */
export async function listUsers(db: Db): Promise<UserSummary[]> {
  return (await selectUsers(db)).map(userRowToUser);
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

/** An administrator creates a local account (audited). */
export async function createUser(
  db: Db,
  options: {
    actor: Actor;
    client: ClientInfo;
    email: string;
    password: string;
    displayName: string;
    roles: Role[];
    districts: string[];
    units: string[];
  },
): Promise<{ id: string }> {
  const { actor, client, ...account } = options;
  const created = await createLocalUser(db, account);
  await appendAudit(db, {
    actor,
    action: 'create_user',
    outcome: 'allowed',
    purpose: 'authentication',
    resourceType: 'app_user',
    resourceId: created.id,
    personId: null,
    ...client,
    detail: { roles: account.roles, districts: account.districts, units: account.units },
  });
  return created;
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

/** Changes a user's roles, scopes or disabled flag; ends their sessions so the change takes effect. */
export async function updateUser(
  db: Db,
  options: {
    actor: Actor;
    id: string;
    roles: Role[];
    districts: string[];
    units: string[];
    disabled: boolean;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<UserSummary> {
  await refuseRemovingLastAdministrator(db, options);
  const access = { roles: options.roles, districts: options.districts, units: options.units, disabled: options.disabled };
  if (!(await updateUserAccess(db, options.id, access))) throw notFound('User');
  await deleteUserSessions(db, options.id);
  await announceSessionsEnded(db, options.id);
  await appendAudit(db, {
    actor: options.actor,
    action: 'update_user',
    outcome: 'allowed',
    purpose: 'authentication',
    resourceType: 'app_user',
    resourceId: options.id,
    personId: null,
    ip: options.ip,
    userAgent: options.userAgent,
    detail: access,
  });
  return getUser(db, options.id);
}
