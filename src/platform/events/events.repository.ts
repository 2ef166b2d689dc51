import { sql, type Expression } from 'kysely';
import type { Db } from '../db.ts';
import type { PlatformEvent } from './events.model.ts';

/** What an event row holds: its topic and its payload, a jsonb value computed by the inserting statement itself. */
type EventRow = { topic: string; payload: Expression<unknown> };

/**
 * Appends one event row (its position comes after commit) and, in the same round trip, the NOTIFY
 * that PostgreSQL delivers when the transaction commits. Returns the row's id and payload.
 */
export async function insertEventAndNotify(db: Db, event: EventRow, channel: string) {
  const result = await sql<{ id: number; payload: Record<string, unknown> }>`
    insert into platform_event (topic, payload) values (${event.topic}, ${event.payload})
    returning id, payload, pg_notify(${channel}, json_build_object('id', id, 'topic', topic)::text)`.execute(db);
  return result.rows[0]!;
}

/**
 * As insertEventAndNotify, with the position given at once (the next after the highest): only for
 * a database whose transactions run one at a time (PGlite), where insert order is commit order.
 */
export async function insertPositionedEventAndNotify(db: Db, event: EventRow, channel: string) {
  const result = await sql<{ id: number; payload: Record<string, unknown> }>`
    insert into platform_event (topic, payload, seq)
    values (${event.topic}, ${event.payload}, (select coalesce(max(seq), 0) + 1 from platform_event))
    returning id, payload, pg_notify(${channel}, json_build_object('id', id, 'topic', topic)::text)`.execute(db);
  return result.rows[0]!;
}

/**
 * Gives every committed event without a position the next ones, in id order, in a transaction of
 * its own (the statement is one; its function takes the order lock). Returns the highest position.
 */
export async function sequenceEvents(db: Db): Promise<number> {
  const result = await sql<{ top: number }>`select veiviser_sequence_events() as top`.execute(db);
  return result.rows[0]?.top ?? 0;
}

/** Events with positions in (after, upTo], in order, optionally of some topics only; an event's id is its position. */
export async function selectEventsAfter(
  db: Db,
  options: { after: number; upTo?: number | undefined; topics?: readonly string[] | undefined; limit: number },
): Promise<PlatformEvent[]> {
  let query = db.selectFrom('platform_event').select(['seq', 'topic', 'payload', 'created_at']).where('seq', '>', options.after);
  if (options.upTo !== undefined) query = query.where('seq', '<=', options.upTo);
  if (options.topics) query = query.where('topic', 'in', [...options.topics]);
  const rows = await query.orderBy('seq').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.seq!, topic: r.topic, payload: r.payload, createdAt: r.created_at }));
}

/** The highest event position there is (0 when there is none). */
export async function selectLastEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('platform_event')
    .select((eb) => eb.fn.max<number | null>('seq').as('id'))
    .executeTakeFirst();
  return row?.id ?? 0;
}

/** Deletes events created before the moment; returns how many. */
export async function deleteEventsBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('platform_event').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
