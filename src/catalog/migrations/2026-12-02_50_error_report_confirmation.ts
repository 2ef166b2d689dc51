import { sql, type Kysely } from 'kysely';

// Frozen: error reports are triaged privately. A report is confirmed by an editor before the public
// page says anything; until now an anonymous report put the entry under review at once, so every
// entry under review today is so on an unconfirmed report and leaves review.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table error_report add column confirmed_at timestamptz, add column confirmed_by text`.execute(db);
  await sql`update service set under_review = false where under_review`.execute(db);
}
