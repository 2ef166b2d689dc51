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

  // Every writer of the chain (rows and checkpoints) first takes the chain's transaction-scoped
  // advisory lock (the number the application used before), then reads the head: in this
  // volatile function the read takes its snapshot after the lock is held, so it sees the row the
  // previous holder committed. One round trip for both. Writers under the restricted roles need
  // nothing else of the log: they insert, and learn the last id and hash only through this.
  `create function veiviser_audit_lock_head() returns table (id bigint, hash text)
     language plpgsql volatile security definer set search_path = pg_catalog, public as $$
     begin
       perform pg_advisory_xact_lock(7317001);
       return query select e.id, e.hash from public.audit_event e order by e.id desc limit 1;
     end $$`,
  `revoke all on function veiviser_audit_lock_head() from public`,
  `grant execute on function veiviser_audit_lock_head() to veiviser_app, veiviser_analyst`,
  `revoke select, update, delete, truncate on audit_event from veiviser_app, veiviser_analyst`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
