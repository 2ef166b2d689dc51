import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { AppUserTable } from './access.table.ts';

export type UserRow = Selectable<AppUserTable>;

export async function selectUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function selectUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectUserByOidcSubject(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

/** Links an identity to an account not linked yet; false when another sign-in linked it first. */
export async function linkOidcSubject(db: Db, userId: string, issuer: string, subject: string): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ oidc_issuer: issuer, oidc_subject: subject })
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertUser(db: Db, user: Insertable<AppUserTable>): Promise<void> {
  await db.insertInto('app_user').values(user).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Counts a password sign-in attempt against the account before the password is checked, in one
 * statement, so attempts running at the same time each see the others. The attempt that reaches
 * `lockAfter` locks the account for 1, 2, 4 … 64 minutes (doubling with each further failure).
 * Returns the account's id and hash only when the attempt may go on: the account exists, has a
 * password, is not disabled and not locked. Such attempts are not counted.
 */
export async function claimPasswordAttempt(
  db: Db,
  email: string,
  now: Date,
  lockAfter: number,
): Promise<{ id: string; password_hash: string } | undefined> {
  const row = await db
    .updateTable('app_user')
    .set({
      failed_logins: sql<number>`failed_logins + 1`,
      locked_until: sql<Date | null>`case when failed_logins + 1 >= ${lockAfter}
        then cast(${now} as timestamptz) + power(2, least(failed_logins + 1 - ${lockAfter}, 6)) * interval '1 minute' end`,
    })
    .where('email', '=', email.toLowerCase())
    .where('password_hash', 'is not', null)
    .where('disabled', '=', false)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['id', 'password_hash'])
    .executeTakeFirst();
  return row?.password_hash ? { id: row.id, password_hash: row.password_hash } : undefined;
}

export async function resetFailedLogins(db: Db, userId: string): Promise<void> {
  await db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** Every account, by e-mail. */
export async function selectUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('app_user').selectAll().orderBy('email').execute();
}

/** Sets an account's roles, scopes and disabled flag; false when there is no such account. */
export async function updateUserAccess(
  db: Db,
  id: string,
  access: { roles: string[]; districts: string[]; units: string[]; disabled: boolean },
): Promise<boolean> {
  const result = await db.updateTable('app_user').set(access).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The account, other than `exceptId`, that this identity signs in as. */
export async function selectOtherIdentityHolder(
  db: Db,
  identity: { issuer: string; subject: string },
  exceptId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('app_user')
    .select('id')
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

/** Sets or clears the OpenID Connect identity of an account; false when there is no such account. */
export async function updateUserIdentity(db: Db, id: string, identity: { issuer: string; subject: string } | null): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ oidc_issuer: identity?.issuer ?? null, oidc_subject: identity?.subject ?? null })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The enabled administrators' ids, their rows locked until the transaction ends. */
export async function lockEnabledAdministrators(db: Db): Promise<{ id: string }[]> {
  return db
    .selectFrom('app_user')
    .select('id')
    .where(sql<boolean>`'administrator' = any(roles)`)
    .where('disabled', '=', false)
    .forUpdate()
    .execute();
}
