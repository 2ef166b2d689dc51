import type { FastifyRequest } from 'fastify';
import type { Db } from '../db.ts';
import { AppError } from '../errors.ts';
import { sseFrame, type SseStream } from '../sse.ts';
import type { EventBus } from './event-bus.ts';
import type { PlatformEvent } from './events.model.ts';
import { selectEventsAfter, selectLastEventId } from './events.repository.ts';

const CATCH_UP_BATCH = 500;

/**
 * The SSE frame of an event, made once per event object: the bus hands the same object to every
 * stream of its topic, so 500 streams cost one JSON.stringify and one frame, then 500 writes.
 */
const frames = new WeakMap<PlatformEvent, string>();
function frameOf(event: PlatformEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    text = sseFrame({ id: event.id, event: event.topic, data: JSON.stringify(event.payload) });
    frames.set(event, text);
  }
  return text;
}
const EVENT_ID = /^\d{1,15}$/;

/**
 * Where the client left off: the Last-Event-ID header (an EventSource reconnecting), else the
 * lastEventId query parameter (a page opening a new EventSource after a reload); null when neither.
 * The header wins: an EventSource that reconnects keeps its first URL but sends its newest id.
 */
export function lastEventIdOf(request: FastifyRequest): number | null {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const [value, field] = typeof header === 'string' && header !== '' ? [header, 'Last-Event-ID'] : [query, 'lastEventId'];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !EVENT_ID.test(value)) {
    throw new AppError('INVALID_INPUT', `${field}: must be an event id (digits)`, [{ field, message: 'must be an event id (digits)' }]);
  }
  return Number(value);
}

/**
 * Streams events of the topics to one client: first those after its last event id, read from
 * platform_event, then live ones from the bus, with no gap and no repeat between the two. The
 * stream subscribes before it reads, notes the bus position P at that moment, reads the rows in
 * (last, P] and then sends what the bus delivered meanwhile (all after P); ids only grow.
 * A client without a last id starts at P and is told P (an id-only frame) so a reconnect catches up.
 */
export async function streamEvents(
  stream: SseStream,
  options: { db: Db; bus: EventBus; topics: readonly string[]; lastEventId: number | null },
): Promise<void> {
  const { db, bus, topics } = options;
  let live = false;
  const waiting: PlatformEvent[] = [];
  let lastSent = 0;
  const send = (event: PlatformEvent) => {
    if (event.id <= lastSent) return;
    lastSent = event.id;
    stream.sendText(frameOf(event));
  };
  const unsubscribe = bus.subscribe(topics, (event) => {
    if (live) send(event);
    else waiting.push(event);
  });
  stream.onClose(unsubscribe);

  const position = bus.position;
  if (options.lastEventId === null) {
    lastSent = position;
    stream.send({ id: position });
  } else {
    lastSent = options.lastEventId;
    // An id beyond any event (a restored database, a made-up id) means "now", not "wait for it".
    if (lastSent > position) lastSent = Math.min(lastSent, Math.max(position, await selectLastEventId(db)));
    while (!stream.closed && lastSent < position) {
      const events = await selectEventsAfter(db, { after: lastSent, upTo: position, topics, limit: CATCH_UP_BATCH });
      for (const event of events) send(event);
      if (events.length < CATCH_UP_BATCH) break;
      await stream.drained();
    }
  }
  live = true;
  for (const event of waiting.splice(0)) send(event);
}
