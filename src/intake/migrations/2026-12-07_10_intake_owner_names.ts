import { sql, type Kysely } from 'kysely';

// Frozen: the intake reads under row-level security (veiviser_app) show who owns a task or made
// an agreement: the restricted role may read a staff account's id and display name, nothing else.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`grant select (id, display_name) on app_user to veiviser_app`.execute(db);
}
