import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { AppSessionTable, AppUserTable, OidcLoginTable } from './access.table.ts';

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

export async function insertSession(db: Db, session: Insertable<AppSessionTable>): Promise<void> {
  await db.insertInto('app_session').values(session).execute();
}

export async function selectSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('app_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.display_name',
      'u.email',
      'u.roles',
      'u.districts',
      'u.units',
      'u.disabled',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('app_session').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('app_session').where('user_id', '=', userId).execute();
}

/** Removes a user's sessions that are past the idle or the absolute limit. */
export async function deleteExpiredUserSessions(db: Db, userId: string, idleBefore: Date, createdBefore: Date): Promise<void> {
  await db
    .deleteFrom('app_session')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}

export async function insertOidcLogin(db: Db, login: Insertable<OidcLoginTable>): Promise<void> {
  await db.insertInto('oidc_login').values(login).execute();
}

/** Removes and returns a pending sign-in, so each can be completed at most once. */
export async function takeOidcLogin(db: Db, flowHash: string) {
  return db.deleteFrom('oidc_login').where('flow_hash', '=', flowHash).returningAll().executeTakeFirst();
}

/** Deletes OpenID Connect sign-ins whose ten minutes have passed without a callback; returns how many. */
export async function deleteExpiredOidcLogins(db: Db, now: Date): Promise<number> {
  const deleted = await db.deleteFrom('oidc_login').where('expires_at', '<', now).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
