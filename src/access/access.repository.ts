import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { AppSessionTable, AppUserTable } from './access.table.ts';

export type UserRow = Selectable<AppUserTable>;

export async function selectUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Db, user: Insertable<AppUserTable>): Promise<void> {
  await db.insertInto('app_user').values(user).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordFailedLogin(db: Db, userId: string, lockedUntil: Date | null): Promise<void> {
  await db
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), locked_until: lockedUntil }))
    .where('id', '=', userId)
    .execute();
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
    .select(['s.token_hash', 's.csrf_token', 's.created_at', 's.last_seen_at', 'u.id as user_id', 'u.display_name', 'u.email', 'u.roles', 'u.districts', 'u.units', 'u.disabled'])
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
