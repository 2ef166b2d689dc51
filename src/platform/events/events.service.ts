import { isExpression, sql, type Expression } from 'kysely';
import { isSingleConnection, type Db } from '../db.ts';
import { EVENT_CHANNEL } from './events.model.ts';
import { deleteEventsBefore, insertEventAndNotify, insertPositionedEventAndNotify } from './events.repository.ts';

/** Topics are dotted lower-case names: `catalog.changed`, `intake.place_freed`. */
const TOPIC = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Publishes an event inside the writing transaction: a platform_event row plus a NOTIFY of its
 * row id, in one round trip, both visible only if the transaction commits. No lock: the event's
 * position (its id for listeners and Last-Event-ID) is given after commit, in commit order, by the
 * bus that the NOTIFY wakes (veiviser_sequence_events, see the 2026-12-04_30 migration).
 * On PGlite (one connection, transactions one at a time) the position is given at once: insert
 * order is commit order there, and a second commit per event would only cost time.
 * The payload is a JSON object, or a SQL expression of one that the insert computes in the same
 * statement (a writer's numbers as they are now in its transaction, without a read of its own
 * first). Returns the row id (not the position) and the payload as stored.
 */
export async function publishEvent<P extends Record<string, unknown>>(
  trx: Db,
  event: { topic: string; payload: P | Expression<P> },
): Promise<{ id: number; payload: P }> {
  if (!trx.isTransaction) throw new Error('publishEvent needs the writing transaction, not the database');
  if (!TOPIC.test(event.topic)) throw new Error(`publishEvent: bad topic "${event.topic}"`);
  const insert = isSingleConnection(trx) ? insertPositionedEventAndNotify : insertEventAndNotify;
  const payload = isExpression(event.payload) ? event.payload : sql`${JSON.stringify(event.payload)}::jsonb`;
  const row = await insert(trx, { topic: event.topic, payload }, EVENT_CHANNEL);
  return { id: row.id, payload: row.payload as P };
}

/** Deletes events older than the moment (retention; a job calls it). Returns how many went. */
export async function pruneEvents(db: Db, options: { olderThan: Date }): Promise<{ deleted: number }> {
  return { deleted: await deleteEventsBefore(db, options.olderThan) };
}
