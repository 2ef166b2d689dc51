import type { Db } from '../platform/db.ts';

/** Replaces every unused setup token with this one (by its hash). */
export async function replaceUnusedSetupTokens(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('setup_token').where('used_at', 'is', null).execute();
  await db.insertInto('setup_token').values({ token_hash: tokenHash }).execute();
}

/** Marks an unused token made after `createdAfter` as used; false when there is none. */
export async function markSetupTokenUsed(db: Db, tokenHash: string, options: { now: Date; createdAfter: Date }): Promise<boolean> {
  const result = await db
    .updateTable('setup_token')
    .set({ used_at: options.now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('created_at', '>', options.createdAfter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes tokens that were used or made at or before `createdBy`; returns how many. */
export async function deleteUsedOrOldSetupTokens(db: Db, createdBy: Date): Promise<number> {
  const deleted = await db
    .deleteFrom('setup_token')
    .where((eb) => eb.or([eb('used_at', 'is not', null), eb('created_at', '<=', createdBy)]))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
