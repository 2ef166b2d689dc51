import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit, type Purpose } from './audit.ts';
import { SETUP_TOKEN_TTL_MS } from './expiry.ts';
import { refuseRemovingLastAdministrator } from './last-administrator.ts';
import { checkNationalId } from './national-id.ts';
import type { Role } from './permissions.ts';
import { pseudonymize, type PseudonymKeys } from './pseudonym.ts';

export type AuditFilter = {
  from?: string | undefined;
  to?: string | undefined;
  actorId?: string | undefined;
  personId?: string | undefined;
  action?: string | undefined;
  outcome?: 'allowed' | 'denied' | 'failed' | undefined;
  limit: number;
};

/** Audit rows, newest first, for the administrator's view and CSV export. */
export async function searchAudit(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.from) q = q.where('occurred_at', '>=', new Date(f.from));
  if (f.to) q = q.where('occurred_at', '<', new Date(f.to));
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.personId) q = q.where('person_id', '=', f.personId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRoles: r.actor_roles,
    actorScope: r.actor_scope,
    action: r.action,
    outcome: r.outcome,
    purpose: r.purpose,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    personId: r.person_id,
    ip: r.ip,
    detail: r.detail,
  }));
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

/** Audit rows as CSV (RFC 4180, UTF-8). */
export function auditToCsv(rows: Awaited<ReturnType<typeof searchAudit>>): string {
  const header = [
    'id',
    'occurred_at',
    'actor_id',
    'actor_name',
    'actor_roles',
    'actor_scope',
    'action',
    'outcome',
    'purpose',
    'resource_type',
    'resource_id',
    'person_id',
    'ip',
  ];
  const lines = rows.map((r) =>
    [
      r.id,
      r.occurredAt,
      r.actorId,
      r.actorName,
      r.actorRoles.join(' '),
      r.actorScope,
      r.action,
      r.outcome,
      r.purpose,
      r.resourceType,
      r.resourceId,
      r.personId,
      r.ip,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${header.join(',')}\r\n${lines.map((l) => `${l}\r\n`).join('')}`;
}

/**
 * "Who has looked at my data": every recorded access to one person's data, as a citizen would get
 * it on request. Found by the national ID's pseudonym, so the identity table is never read.
 * Producing the report is itself audited.
 */
export async function accessReport(
  db: Db,
  options: { actor: Actor; keys: PseudonymKeys; nationalId: string; allowSynthetic: boolean; ip: string | null; userAgent: string | null },
) {
  const check = checkNationalId(options.nationalId, { allowSynthetic: options.allowSynthetic });
  if (!check.valid) throw new AppError('INVALID_INPUT', `nationalId: ${check.reason}`, [{ field: 'nationalId', message: check.reason }]);
  const pseudonym = pseudonymize(options.keys, 'linkage', options.nationalId.replace(/\s/g, ''));
  const person = await db.selectFrom('person').select('id').where('pseudonym', '=', pseudonym).executeTakeFirst();
  const purpose: Purpose = 'access_report';
  await appendAudit(db, {
    actor: options.actor,
    action: 'access_report',
    outcome: 'allowed',
    purpose,
    resourceType: 'person',
    resourceId: person?.id ?? null,
    personId: person?.id ?? null,
    ip: options.ip,
    userAgent: options.userAgent,
  });
  if (!person) return { entries: [] };
  const rows = await db
    .selectFrom('audit_event')
    .select(['occurred_at', 'actor_name', 'actor_roles', 'actor_scope', 'action', 'outcome', 'purpose'])
    .where('person_id', '=', person.id)
    .orderBy('occurred_at')
    .execute();
  return {
    entries: rows.map((r) => ({
      when: r.occurred_at.toISOString(),
      who: r.actor_name,
      roles: r.actor_roles,
      organisationUnit: r.actor_scope,
      what: r.action,
      outcome: r.outcome,
      purpose: r.purpose,
    })),
  };
}

/** The identity at an OpenID Connect provider that signs in as this account. */
export type LinkedIdentity = { issuer: string; subject: string };

export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  districts: string[];
  units: string[];
  disabled: boolean;
  identity: LinkedIdentity | null;
  createdAt: string;
};

/** Every user account. */
export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('email').execute();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    districts: u.districts,
    units: u.units,
    disabled: u.disabled,
    identity: u.oidc_issuer && u.oidc_subject ? { issuer: u.oidc_issuer, subject: u.oidc_subject } : null,
    createdAt: u.created_at.toISOString(),
  }));
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
) {
  await refuseRemovingLastAdministrator(db, options);
  const result = await db
    .updateTable('app_user')
    .set({ roles: options.roles, districts: options.districts, units: options.units, disabled: options.disabled })
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('User');
  await db.deleteFrom('app_session').where('user_id', '=', options.id).execute();
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
    detail: { roles: options.roles, districts: options.districts, units: options.units, disabled: options.disabled },
  });
  return (await listUsers(db)).find((u) => u.id === options.id)!;
}

/**
 * Links an account to an identity at an OpenID Connect provider, or removes the link. This is how
 * people whose provider sends no verified e-mail (ID-porten) get in: their refused first sign-in
 * is audited with the issuer and subject, and an administrator links those to their account.
 * One identity signs in as one account only.
 */
export async function setUserIdentity(
  db: Db,
  options: { actor: Actor; id: string; identity: LinkedIdentity | null; ip: string | null; userAgent: string | null },
) {
  const { identity } = options;
  if (identity) {
    const holder = await db
      .selectFrom('app_user')
      .select('id')
      .where('oidc_issuer', '=', identity.issuer)
      .where('oidc_subject', '=', identity.subject)
      .where('id', '<>', options.id)
      .executeTakeFirst();
    if (holder)
      throw new AppError('CONFLICT', 'subject: this identity signs in as another account', [
        { field: 'subject', message: 'is linked to another account' },
      ]);
  }
  const result = await db
    .updateTable('app_user')
    .set({ oidc_issuer: identity?.issuer ?? null, oidc_subject: identity?.subject ?? null })
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('User');
  await appendAudit(db, {
    actor: options.actor,
    action: identity ? 'link_identity' : 'unlink_identity',
    outcome: 'allowed',
    purpose: 'authentication',
    resourceType: 'app_user',
    resourceId: options.id,
    personId: null,
    ip: options.ip,
    userAgent: options.userAgent,
    detail: identity ? { issuer: identity.issuer, subject: identity.subject } : {},
  });
  return (await listUsers(db)).find((u) => u.id === options.id)!;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A one-time setup token for creating the first administrator, when none was configured. */
export async function createSetupToken(db: Db): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.deleteFrom('setup_token').where('used_at', 'is', null).execute();
  await db
    .insertInto('setup_token')
    .values({ token_hash: hashToken(token) })
    .execute();
  return token;
}

/** Uses a setup token once: true when it was valid, unused, younger than a day, and no user exists. */
export async function consumeSetupToken(db: Db, token: string): Promise<boolean> {
  const users = await db
    .selectFrom('app_user')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  if (users.n > 0) return false;
  const result = await db
    .updateTable('setup_token')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('created_at', '>', new Date(Date.now() - SETUP_TOKEN_TTL_MS))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
