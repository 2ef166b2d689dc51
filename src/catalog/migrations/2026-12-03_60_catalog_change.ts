import { sql, type Kysely } from 'kysely';

// Frozen: which service each catalog revision changed, so every instance's in-memory search index
// reloads exactly those services (a null service: many changed, reload all). Written by
// bumpRevision under the catalog_state row lock, so revisions appear in commit order.
const statements = [
  `create table catalog_change (
    revision bigint primary key,
    service_id uuid,
    changed_at timestamptz not null default now()
  )`,
  `insert into catalog_change (revision, service_id) select revision, null from catalog_state where id = 1`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
