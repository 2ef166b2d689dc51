import { sql, type Kysely } from 'kysely';

// Frozen: the audit chain is keyed (HMAC-SHA-256 with a key the database does not hold) and its
// head is anchored in signed checkpoints.
//
// Rows written before this migration keep their plain SHA-256 links and are marked 'sha256'; the
// verifier accepts them only as a prefix of the chain. Every row written after is 'hmac-sha256'.
// The application names the chain on every insert, so the column has no default.
const statements = [
  `alter table audit_event add column chain text not null default 'sha256' check (chain in ('sha256', 'hmac-sha256'))`,
  `alter table audit_event alter column chain drop default`,

  // A signed summary of the chain's head: how many rows, the last row and its hash. The signature
  // is made with a key the database does not hold, so a checkpoint cannot be forged in SQL.
  `create table audit_checkpoint (
    id bigserial primary key,
    written_at timestamptz not null,
    row_count bigint not null,
    legacy_row_count bigint not null,
    last_id bigint not null,
    last_hash text not null,
    signature text not null
  )`,
  `create or replace function veiviser_append_only() returns trigger language plpgsql as $$
     begin
       raise exception '% is append-only', tg_table_name;
     end $$`,
  `create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
     for each row execute function veiviser_append_only()`,
  `create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
     for each statement execute function veiviser_append_only()`,
  `revoke all on audit_checkpoint from public`,

  // Writers under the restricted roles need the chain's head to link a new row, and nothing else
  // of the log: they insert, and read the last id and hash through this function.
  `create function veiviser_audit_head() returns table (id bigint, hash text)
     language sql stable security definer set search_path = pg_catalog, public as $$
       select e.id, e.hash from public.audit_event e order by e.id desc limit 1
     $$`,
  `revoke all on function veiviser_audit_head() from public`,
  `grant execute on function veiviser_audit_head() to veiviser_app, veiviser_analyst`,
  `revoke select, update, delete, truncate on audit_event from veiviser_app, veiviser_analyst`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
