import { sql, type Kysely } from 'kysely';

// Frozen: an entry that is an agreement, a contract, a project or an arrangement between agencies
// rather than an offer a citizen can use. Null is an offer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table service add column arrangement text
    check (arrangement in ('framework_agreement', 'procurement_contract', 'internal_project', 'interagency_arrangement'))`.execute(db);
}
