import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../../test/databases.ts';
import type { DatabaseHandle, Db } from '../db.ts';
import { EventBus } from './event-bus.ts';
import { EVENT_CHANNEL, type PlatformEvent } from './events.model.ts';
import { selectEventsAfter } from './events.repository.ts';
import { publishEvent, pruneEvents } from './events.service.ts';

/**
 * Publishing inside the writing transaction, NOTIFY after commit only, the bus that fans one
 * listener out by topic, catch-up after a lost connection, and retention.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what a subscriber receives. */
function collect(bus: EventBus, topics: string[]) {
  const received: PlatformEvent[] = [];
  const unsubscribe = bus.subscribe(topics, (event) => received.push(event));
  return { received, unsubscribe };
}

describe.each(testDatabaseKinds())('platform events on %s', (kind) => {
  let handle: DatabaseHandle;
  let db: Db;
  let bus: EventBus;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    db = handle.db;
    bus = new EventBus({ db, listen: handle.listen });
    await bus.start();
  });
  afterAll(async () => {
    await bus?.stop();
    await handle?.close();
  });

  it('sends a notification from inside a transaction only when it commits, and never when it rolls back', async () => {
    const notices: string[] = [];
    const unlisten = await handle.listen(EVENT_CHANNEL, (payload) => notices.push(payload));
    try {
      await db
        .transaction()
        .execute(async (trx) => {
          await publishEvent(trx, { topic: 'test.rolled_back', payload: {} });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      let committedId = 0;
      await db.transaction().execute(async (trx) => {
        committedId = (await publishEvent(trx, { topic: 'test.committed', payload: {} })).id;
        await sleep(150);
        expect(notices).toEqual([]); // not yet: the transaction is still open
      });
      await vi.waitFor(() => expect(notices).toHaveLength(1));
      await sleep(150);
      expect(notices.map((n) => JSON.parse(n))).toEqual([{ id: committedId, topic: 'test.committed' }]);
      const rows = await db.selectFrom('platform_event').select('topic').where('topic', 'like', 'test.%').execute();
      expect(rows.map((r) => r.topic)).toEqual(['test.committed']);
    } finally {
      await unlisten();
    }
  });

  it('starts listening for real while another transaction is open, even if that transaction rolls back', async () => {
    // On PGlite there is one connection: a LISTEN run inside someone else's transaction would vanish with its rollback.
    let rollBack!: () => void;
    const mayRollBack = new Promise<void>((resolve) => (rollBack = resolve));
    let begun!: () => void;
    const hasBegun = new Promise<void>((resolve) => (begun = resolve));
    const other = db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        begun();
        await mayRollBack;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await hasBegun;
    const notices: string[] = [];
    // A channel of its own: on PGlite the bus's LISTEN on the event channel shares the one connection.
    const listening = handle.listen('test_listen_during_transaction', (payload) => notices.push(payload));
    await sleep(50);
    rollBack();
    await other;
    const unlisten = await listening;
    try {
      await db.transaction().execute((trx) => sql`select pg_notify('test_listen_during_transaction', 'hello')`.execute(trx));
      await vi.waitFor(() => expect(notices).toEqual(['hello']));
    } finally {
      await unlisten();
    }
  });

  it('publishes nothing from a rolled-back transaction, so a subscriber hears only what committed', async () => {
    const { received, unsubscribe } = collect(bus, ['test.rollback_check']);
    await db
      .transaction()
      .execute(async (trx) => {
        await publishEvent(trx, { topic: 'test.rollback_check', payload: { n: 1 } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.transaction().execute((trx) => publishEvent(trx, { topic: 'test.rollback_check', payload: { n: 2 } }));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await sleep(150);
    expect(received.map((e) => e.payload)).toEqual([{ n: 2 }]);
    unsubscribe();
  });

  it('refuses to publish outside a transaction and refuses a topic that is not a dotted name', async () => {
    await expect(publishEvent(db, { topic: 'test.outside', payload: {} })).rejects.toThrow(/transaction/);
    await expect(db.transaction().execute((trx) => publishEvent(trx, { topic: 'No Topic', payload: {} }))).rejects.toThrow(/topic/);
  });

  it('fans one listener out to every subscriber of a topic, each event once and in id order', async () => {
    const first = collect(bus, ['test.fan']);
    const second = collect(bus, ['test.fan', 'test.other']);
    const other = collect(bus, ['test.other']);
    const ids: number[] = [];
    await db.transaction().execute(async (trx) => {
      for (let n = 0; n < 3; n++) ids.push((await publishEvent(trx, { topic: 'test.fan', payload: { n } })).id);
    });
    await db.transaction().execute(async (trx) => ids.push((await publishEvent(trx, { topic: 'test.other', payload: { n: 3 } })).id));
    await vi.waitFor(() => expect(second.received).toHaveLength(4));
    await sleep(100);
    expect(ids).toHaveLength(4);
    // An event's id for listeners is its position (commit order), given after commit.
    expect(first.received.map((e) => e.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(second.received.map((e) => e.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    const positions = second.received.map((e) => e.id);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(4);
    expect(first.received.map((e) => e.id)).toEqual(positions.slice(0, 3));
    expect(other.received.map((e) => e.payload)).toEqual([{ n: 3 }]);
    expect(bus.position).toBe(positions[3]);
    // The row is what listeners get: the notification carries the id only.
    expect(first.received[0]).toMatchObject({ topic: 'test.fan', payload: { n: 0 }, createdAt: expect.any(Date) });
    for (const s of [first, second, other]) s.unsubscribe();
  });

  it('prunes events older than the moment and keeps the rest', async () => {
    const [old, recent] = await db
      .transaction()
      .execute(async (trx) => [
        (await publishEvent(trx, { topic: 'test.prune', payload: { age: 'old' } })).id,
        (await publishEvent(trx, { topic: 'test.prune', payload: { age: 'recent' } })).id,
      ]);
    await sql`update platform_event set created_at = now() - interval '8 days' where id = ${old}`.execute(db);
    const { deleted } = await pruneEvents(db, { olderThan: new Date(Date.now() - 7 * 24 * 3600 * 1000) });
    expect(deleted).toBe(1);
    const left = await db.selectFrom('platform_event').select('id').where('topic', '=', 'test.prune').execute();
    expect(left.map((r) => r.id)).toEqual([recent]);
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('platform events on one PostgreSQL server with concurrent writers', () => {
  let handle: DatabaseHandle;
  let bus: EventBus;

  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
    bus = new EventBus({ db: handle.db, listen: handle.listen });
    await bus.start();
  });
  afterAll(async () => {
    await bus?.stop();
    await handle?.close();
  });

  it('lets a later writer commit and be delivered while an earlier one is still open, and orders events by commit', async () => {
    const { received, unsubscribe } = collect(bus, ['test.order']);
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowPublished!: () => void;
    const slowHasPublished = new Promise<void>((resolve) => (slowPublished = resolve));
    const slow = handle.db.transaction().execute(async (trx) => {
      await publishEvent(trx, { topic: 'test.order', payload: { who: 'slow' } });
      slowPublished();
      await slowMayCommit;
    });
    await slowHasPublished;
    // No lock is held from a publish to its commit: the later writer commits at once and is heard.
    await handle.db.transaction().execute((trx) => publishEvent(trx, { topic: 'test.order', payload: { who: 'fast' } }));
    await vi.waitFor(() => expect(received.map((e) => e.payload.who)).toEqual(['fast']));
    const fastPosition = received[0]!.id;
    releaseSlow();
    await slow;
    await vi.waitFor(() => expect(received.map((e) => e.payload.who)).toEqual(['fast', 'slow']));
    // The earlier-started writer committed later, so it comes later: a catch-up after the fast one gets it.
    expect(received[1]!.id).toBeGreaterThan(fastPosition);
    const after = await selectEventsAfter(handle.db, { after: fastPosition, topics: ['test.order'], limit: 10 });
    expect(after.map((e) => e.payload.who)).toEqual(['slow']);
    unsubscribe();
  });

  it('gives many concurrent writers dense positions in commit order, so a catch-up from any position is complete', async () => {
    const { received, unsubscribe } = collect(bus, ['test.many']);
    const writers = 40;
    const sleepsMs = Array.from({ length: writers }, (_, i) => (i * 7919) % 23);
    await Promise.all(
      sleepsMs.map((ms, n) =>
        handle.db.transaction().execute(async (trx) => {
          await publishEvent(trx, { topic: 'test.many', payload: { n } });
          await sleep(ms);
        }),
      ),
    );
    await vi.waitFor(() => expect(received).toHaveLength(writers));
    const positions = received.map((e) => e.id);
    expect(new Set(received.map((e) => e.payload.n)).size).toBe(writers);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The stored rows agree with what listeners heard, and every position is there.
    const stored = await selectEventsAfter(handle.db, { after: positions[0]! - 1, topics: ['test.many'], limit: 100 });
    expect(stored.map((e) => e.id)).toEqual(positions);
    for (let k = 0; k < writers; k++) {
      const rest = await selectEventsAfter(handle.db, { after: positions[k]!, topics: ['test.many'], limit: 100 });
      expect(rest.map((e) => e.payload.n)).toEqual(received.slice(k + 1).map((e) => e.payload.n));
    }
    unsubscribe();
  });

  it('catches up on what was published while its connection was gone', async () => {
    const { received, unsubscribe } = collect(bus, ['test.reconnect']);
    const killed = await sql<{ pid: number }>`
      select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()
    `.execute(handle.db);
    expect(killed.rows).toHaveLength(1);
    await sql`select pg_terminate_backend(${killed.rows[0]!.pid})`.execute(handle.db);
    // Published while nobody listens: the notification is lost, the row is not.
    await handle.db.transaction().execute((trx) => publishEvent(trx, { topic: 'test.reconnect', payload: { n: 1 } }));
    await vi.waitFor(() => expect(received.map((e) => e.payload)).toEqual([{ n: 1 }]), { timeout: 10_000 });
    // And it listens again: a later event arrives live.
    await handle.db.transaction().execute((trx) => publishEvent(trx, { topic: 'test.reconnect', payload: { n: 2 } }));
    await vi.waitFor(() => expect(received.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]), { timeout: 10_000 });
    const listeners = await sql<{ pid: number }>`
      select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %'
    `.execute(handle.db);
    expect(listeners.rows).toHaveLength(1);
    unsubscribe();
  });
});
