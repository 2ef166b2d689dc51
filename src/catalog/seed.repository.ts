import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

/** Locks the catalog's one state row until the transaction ends; true when the catalog was seeded before. */
export async function lockSeedState(db: Db): Promise<boolean> {
  const state = await sql<{ seeded_at: Date | null }>`select seeded_at from catalog_state where id = 1 for update`.execute(db);
  return Boolean(state.rows[0]?.seeded_at);
}

/** Records that the catalog is seeded. */
export async function markSeeded(db: Db): Promise<void> {
  await sql`update catalog_state set seeded_at = now() where id = 1`.execute(db);
}

/** Inserts the seed's organisations, skipping any that exist. */
export async function insertSeedOrganizations(db: Db, organizations: { id: string; name: string }[]): Promise<void> {
  if (organizations.length === 0) return;
  await db
    .insertInto('organization')
    .values(organizations.map(({ id, name }) => ({ id, seed_key: name, name, description: '' })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
