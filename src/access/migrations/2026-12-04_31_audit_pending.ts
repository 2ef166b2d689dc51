import { sql, type Kysely } from 'kysely';

// Frozen: audit rows written now and chained just after commit, so the chain's lock is not held
// across a business transaction.
//
// A transaction that touches person data may insert its audit row here instead of into
// audit_event: the row commits (or rolls back) with the access it records. Right after the
// commit, and on a timer, the application takes the chain's lock, moves every pending row into
// audit_event in id order, chained with the chain key (which the database does not hold), and
// deletes them here, in one short transaction. audit_event stays append-only and in chain order.
// The restricted roles may only insert here (as in audit_event): reading and moving the rows is
// for the application's own connection.
const statements = [
  `create table audit_pending (
    id bigserial primary key,
    occurred_at timestamptz not null,
    actor_id text not null,
    actor_name text not null,
    actor_roles text[] not null,
    actor_scope jsonb not null,
    action text not null,
    outcome text not null check (outcome in ('allowed', 'denied', 'failed')),
    purpose text not null,
    resource_type text not null,
    resource_id text,
    person_id uuid,
    ip text,
    user_agent text,
    detail jsonb not null default '{}'::jsonb
  )`,
  `revoke all on audit_pending from public`,
  `grant insert on audit_pending to veiviser_app, veiviser_analyst`,
  `grant usage on sequence audit_pending_id_seq to veiviser_app, veiviser_analyst`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
