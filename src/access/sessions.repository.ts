import type { Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { AppSessionTable } from './access.table.ts';

export async function insertSession(db: Db, session: Insertable<AppSessionTable>): Promise<void> {
  await db.insertInto('app_session').values(session).execute();
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof selectSession>>>;

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

/** Ends one session; returns its user's id (undefined when there was none). */
export async function deleteSession(db: Db, tokenHash: string): Promise<string | undefined> {
  return (await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).returning('user_id').executeTakeFirst())?.user_id;
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

/** Removes every session past the idle or the absolute limit; returns how many. */
export async function deleteExpiredSessionsBefore(db: Db, idleBefore: Date, createdBefore: Date): Promise<number> {
  const deleted = await db
    .deleteFrom('app_session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
