import type { Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { OidcLoginTable } from './access.table.ts';

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
