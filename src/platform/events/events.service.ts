import type { Db } from '../db.ts';
import { EVENT_CHANNEL, type EventNotice } from './events.model.ts';
import { deleteEventsBefore, insertEvent, lockEventOrder, notify } from './events.repository.ts';

/** Topics are dotted lower-case names: `catalog.changed`, `intake.place_freed`. */
const TOPIC = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * The advisory lock (one bigint key, 'vvev' in ASCII) that publishing transactions hold from their
 * first publish to their commit. It makes event ids grow in commit order, so "every event after id
 * N" never skips one that committed late: a catch-up by id is complete.
 */
const EVENT_ORDER_LOCK = 0x76_76_65_76;

/**
 * Publishes an event inside the writing transaction: a platform_event row plus a NOTIFY of its id,
 * both visible only if the transaction commits. Publish after the transaction's other writes: from
 * here to commit, other publishing transactions wait (see EVENT_ORDER_LOCK).
 */
export async function publishEvent(trx: Db, event: { topic: string; payload: Record<string, unknown> }): Promise<{ id: number }> {
  if (!trx.isTransaction) throw new Error('publishEvent needs the writing transaction, not the database');
  if (!TOPIC.test(event.topic)) throw new Error(`publishEvent: bad topic "${event.topic}"`);
  await lockEventOrder(trx, EVENT_ORDER_LOCK);
  const id = await insertEvent(trx, event);
  const notice: EventNotice = { id, topic: event.topic };
  await notify(trx, EVENT_CHANNEL, JSON.stringify(notice));
  return { id };
}

/** Deletes events older than the moment (retention; a job calls it). Returns how many went. */
export async function pruneEvents(db: Db, options: { olderThan: Date }): Promise<{ deleted: number }> {
  return { deleted: await deleteEventsBefore(db, options.olderThan) };
}
