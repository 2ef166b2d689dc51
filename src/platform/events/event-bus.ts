import { isSingleConnection, type Db } from '../db.ts';
import type { Listen, Unlisten } from '../listen.ts';
import { EVENT_CHANNEL, parseEventNotice, type PlatformEvent } from './events.model.ts';
import { selectEventsAfter, selectLastEventId, sequenceEvents } from './events.repository.ts';

type Handler = (event: PlatformEvent) => void;
type Log = { warn: (object: object, message: string) => void; error: (object: object, message: string) => void };

const BATCH = 500;
/** After a failed read the bus tries again this soon (and at the next notification). */
const RETRY_MS = 1000;
/** How long a notification waits for the next ones before the bus reads (one read for a burst). */
const GATHER_MS = 5;

/**
 * One database listener per process, fanned out to many subscribers by topic. A notification only
 * says "an event committed"; the bus then gives every committed event without a position its
 * position (veiviser_sequence_events: one statement, serialised with other instances' runs by the
 * order lock, so when it returns every event committed before it has a position and is visible),
 * and reads every row after the last position it delivered, in order. A burst costs one sequencing
 * statement and one read, and a dropped connection costs nothing but a catch-up when it is back.
 * Each event reaches each subscriber once, in position order (commit order).
 */
export class EventBus {
  private readonly subscribers = new Map<string, Set<Handler>>();
  private cursor = 0;
  private unlisten: Unlisten | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private retry: NodeJS.Timeout | null = null;
  private gathering: NodeJS.Timeout | null = null;
  private stopped = false;
  private ready = false;

  constructor(private readonly options: { db: Db; listen: Listen; log?: Log }) {}

  /** Listens, then starts from the newest event there is: subscribers get what is published from now on. */
  async start(): Promise<void> {
    if (this.unlisten) return;
    this.stopped = false;
    this.unlisten = await this.options.listen(EVENT_CHANNEL, (payload) => this.onNotice(payload), {
      onReconnect: () => this.poke(),
      onError: (error) => this.options.log?.warn({ err: error }, 'event listener connection'),
    });
    // Events up to here happened before the start; one read after it covers a notification that
    // arrived while the newest id was being read.
    try {
      this.cursor = Math.max(this.cursor, await selectLastEventId(this.options.db));
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.stopped = false;
    this.ready = true;
    this.poke();
  }

  /** Stops listening and waits for a read in progress; subscribers stay but hear nothing more. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.ready = false;
    if (this.retry) clearTimeout(this.retry);
    if (this.gathering) clearTimeout(this.gathering);
    this.gathering = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.();
    await this.running;
  }

  /** The position (id) of the last event delivered to subscribers: everything after it is still to come. */
  get position(): number {
    return this.cursor;
  }

  /** Calls the handler with each event of the topics from now on; returns the unsubscribe function. */
  subscribe(topics: readonly string[], handler: Handler): () => void {
    for (const topic of topics) {
      let set = this.subscribers.get(topic);
      if (!set) this.subscribers.set(topic, (set = new Set()));
      set.add(handler);
    }
    return () => {
      for (const topic of topics) {
        const set = this.subscribers.get(topic);
        set?.delete(handler);
        if (set?.size === 0) this.subscribers.delete(topic);
      }
    };
  }

  private onNotice(payload: string): void {
    if (!this.ready) return;
    const notice = parseEventNotice(payload);
    if (!notice) {
      this.options.log?.warn({ payload: payload.slice(0, 200) }, 'ignored a notification that is not an event');
      return;
    }
    // The notice carries the row id, not the position: any notice may mean new positions. The read
    // waits a moment, so the notices of a burst of commits cost one read, not one each.
    if (this.gathering) return;
    this.gathering = setTimeout(() => {
      this.gathering = null;
      this.poke();
    }, GATHER_MS);
  }

  /** Reads and delivers everything after the cursor; a poke during a read makes it read once more. */
  private poke(): void {
    if (this.stopped || !this.ready) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverNew().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  private async deliverNew(): Promise<void> {
    try {
      // On PGlite every event has its position from its insert (publishEvent): nothing to sequence.
      if (!isSingleConnection(this.options.db) && (await sequenceEvents(this.options.db)) <= this.cursor) return;
      for (;;) {
        const events = await selectEventsAfter(this.options.db, { after: this.cursor, limit: BATCH });
        for (const event of events) {
          this.cursor = event.id;
          this.dispatch(event);
        }
        if (events.length < BATCH || this.stopped) return;
      }
    } catch (error) {
      this.options.log?.error({ err: error }, 'reading new events failed; trying again');
      if (!this.stopped) {
        this.retry = setTimeout(() => this.poke(), RETRY_MS);
        this.retry.unref();
      }
    }
  }

  private dispatch(event: PlatformEvent): void {
    for (const handler of this.subscribers.get(event.topic) ?? []) {
      try {
        handler(event);
      } catch (error) {
        this.options.log?.error({ err: error, topic: event.topic }, 'event subscriber failed');
      }
    }
  }
}
