import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { PlatformEvent } from './events.model.ts';

/** Appends one event row; its id comes from the sequence. */
export async function insertEvent(db: Db, event: { topic: string; payload: Record<string, unknown> }): Promise<number> {
  const row = await db
    .insertInto('platform_event')
    .values({ topic: event.topic, payload: JSON.stringify(event.payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Events with ids in (after, upTo], oldest first, optionally of some topics only. */
export async function selectEventsAfter(
  db: Db,
  options: { after: number; upTo?: number | undefined; topics?: readonly string[] | undefined; limit: number },
): Promise<PlatformEvent[]> {
  let query = db.selectFrom('platform_event').select(['id', 'topic', 'payload', 'created_at']).where('id', '>', options.after);
  if (options.upTo !== undefined) query = query.where('id', '<=', options.upTo);
  if (options.topics) query = query.where('topic', 'in', [...options.topics]);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.id, topic: r.topic, payload: r.payload, createdAt: r.created_at }));
}

/** The highest event id there is (0 when there is none). */
export async function selectLastEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('platform_event')
    .select((eb) => eb.fn.max<number | null>('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? 0;
}

/** Deletes events created before the moment; returns how many. */
export async function deleteEventsBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('platform_event').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Takes the transaction-scoped lock that keeps event ids in commit order (see publishEvent). */
export async function lockEventOrder(db: Db, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(db);
}

/** Tells every listener on the channel, when the transaction commits. */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
