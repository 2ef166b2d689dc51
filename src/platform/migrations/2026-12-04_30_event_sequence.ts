import { sql, type Kysely } from 'kysely';

// Frozen: event order without a lock held across the writing transaction.
//
// Before, every publishing transaction took one advisory lock from its publish to its commit, so
// ids followed commit order; that serialised every write that published, commit (WAL flush)
// included. Now a publisher only inserts its row (seq null) and notifies; after commit, a listener
// calls veiviser_sequence_events(), which under that same lock gives every committed row without
// a seq the next numbers, in id order, in one short transaction. `seq` is the event's position:
// listeners and Last-Event-ID catch-up read by seq. A row is visible with a seq only when the
// sequencing transaction that gave it commits, and those transactions are serialised by the lock
// (held until their commit), so "every event after seq N" is always complete.
const statements = [
  `alter table platform_event add column seq bigint`,
  // Rows written before this migration were published under the lock: their ids are in commit order.
  `update platform_event set seq = id`,
  `create unique index platform_event_seq_idx on platform_event (seq)`,
  `create index platform_event_unsequenced_idx on platform_event (id) where seq is null`,
  `create index platform_event_topic_seq_idx on platform_event (topic, seq)`,
  `drop index platform_event_topic_id_idx`,
  // One round trip: the lock (key 'vvev', as before), then, in a snapshot taken after it is held,
  // every committed row still without a position. Returns the highest position there is.
  `create function veiviser_sequence_events() returns bigint language plpgsql volatile as $$
     declare
       top bigint;
     begin
       perform pg_advisory_xact_lock(1987470710); -- 0x76766576, 'vvev'
       select coalesce(max(seq), 0) into top from platform_event;
       update platform_event e set seq = p.n
         from (select id, top + row_number() over (order by id) as n from platform_event where seq is null) p
        where e.id = p.id;
       return (select coalesce(max(seq), 0) from platform_event);
     end $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
