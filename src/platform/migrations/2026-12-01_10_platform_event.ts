import { sql, type Kysely } from 'kysely';

// Frozen: the platform's event log. Each row is one event published inside the transaction that
// wrote what it announces; listeners are told its id by NOTIFY and read it here, and a client that
// reconnects catches up by id. Rows are pruned after a retention period.
const statements = [
  `create table platform_event (
    id bigserial primary key,
    topic text not null,
    payload jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index platform_event_topic_id_idx on platform_event (topic, id)`,
  `create index platform_event_created_at_idx on platform_event (created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
