import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import { openSse, type SseClient, type SseMessage } from '../../test/sse-client.ts';
import { buildTestApp, createTestApp, listenOn, signIn, startTwoInstances, type TestApp, type TwoInstances } from '../../test/test-app.ts';

/**
 * Live catalog changes over Server-Sent Events, through real HTTP: who may listen, live events,
 * catch-up after a reconnect, heartbeats, shutdown with open streams, and two app instances on
 * one PostgreSQL database.
 */

type Headers = Record<string, string>;
type Change = { serviceId: string; action: string; revision: number };

let counter = 0;
/** Creates a service through the API over HTTP; returns its id. */
async function createService(base: string, editor: Headers, name = `Strømtest ${++counter}`): Promise<string> {
  const response = await fetch(`${base}/api/services`, {
    method: 'POST',
    headers: { ...editor, 'content-type': 'application/json' },
    body: JSON.stringify({ name, description: 'Et tilbud som testene for live-hendelser lager.', kind: 'other', districts: ['alna'] }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const STREAM = '/api/catalog/changes/stream';

const changeOf = (frame: SseMessage): Change | null => (frame.data === undefined ? null : (JSON.parse(frame.data) as Change));
/** Matches the catalog.changed event about this service (an earlier test's event may still be on its way). */
const about = (serviceId: string) => (frame: SseMessage) => changeOf(frame)?.serviceId === serviceId;

describe.each(testDatabaseKinds())('catalog change stream on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let editor: Headers;
  const clients: SseClient[] = [];
  const open = async (headers: Headers = editor, query = '') => {
    const client = await openSse(`${base}${STREAM}${query}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { sseHeartbeatMs: 150 });
    base = await listenOn(t.app);
    editor = (await signIn(t, ['catalog_editor'])).headers;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => t?.close());

  it('answers editors with an event stream that no cache keeps, and refuses everyone else', async () => {
    const anonymous = await fetch(`${base}${STREAM}`);
    expect(anonymous.status).toBe(401);
    const viewer = (await signIn(t, ['district_caseworker'])).headers;
    expect((await fetch(`${base}${STREAM}`, { headers: viewer })).status).toBe(403);
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
  });

  it('sends an editor each catalog change as it happens, with its id, topic and revision', async () => {
    const stream = await open();
    const start = await stream.next((f) => f.id !== undefined);
    const serviceId = await createService(base, editor);
    const event = await stream.next(about(serviceId));
    expect(event.event).toBe('catalog.changed');
    expect(Number(event.id)).toBeGreaterThan(Number(start.id));
    const change = changeOf(event)!;
    expect(change).toMatchObject({ serviceId, action: 'create' });
    const revision = await t.db.selectFrom('catalog_state').select('revision').executeTakeFirstOrThrow();
    expect(change.revision).toBe(revision.revision);
  });

  it('tells a new stream where it starts, so reconnecting from there gets what happened in between', async () => {
    const first = await open();
    const start = await first.next();
    expect(start).toEqual({ id: expect.stringMatching(/^\d+$/) });
    first.close();
    const missed = await createService(base, editor);
    const again = await open({ ...editor, 'last-event-id': start.id! });
    await again.next(about(missed));
  });

  it('after a reconnect with Last-Event-ID sends exactly the missed changes, in order, then live ones', async () => {
    const first = await open();
    const seen = await first.next(about(await createService(base, editor)));
    first.close();
    const missed = [await createService(base, editor), await createService(base, editor)];
    const again = await open({ ...editor, 'last-event-id': seen.id! });
    const caughtUp = [await again.nextEvent(), await again.nextEvent()];
    expect(caughtUp.map((e) => changeOf(e)?.serviceId)).toEqual(missed);
    const live = await createService(base, editor);
    expect(changeOf(await again.nextEvent())?.serviceId).toBe(live);
    const events = again.frames.filter((f) => f.data !== undefined);
    expect(events.map((f) => changeOf(f)?.serviceId)).toEqual([...missed, live]);
    const ids = events.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(seen.id));
  });

  it('takes the last event id from the query when a page opens a new stream, the header when both are sent', async () => {
    const first = await open();
    const seen = await first.next(about(await createService(base, editor)));
    first.close();
    const missed = await createService(base, editor);
    const byQuery = await open(editor, `?lastEventId=${seen.id!}`);
    const missedEvent = await byQuery.nextEvent();
    expect(changeOf(missedEvent)?.serviceId).toBe(missed);
    // EventSource keeps its first URL when it reconnects but sends its newest id as the header.
    const both = await open({ ...editor, 'last-event-id': missedEvent.id }, `?lastEventId=${seen.id!}`);
    await both.next();
    const live = await createService(base, editor);
    expect(changeOf(await both.nextEvent())?.serviceId).toBe(live);
  });

  it('refuses a Last-Event-ID that is not an event id', async () => {
    const response = await fetch(`${base}${STREAM}`, { headers: { ...editor, 'last-event-id': 'abc' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/Last-Event-ID/);
    expect((await fetch(`${base}${STREAM}?lastEventId=-1`, { headers: editor })).status).toBe(400);
  });

  it('sends a heartbeat comment on an idle stream every interval', async () => {
    const stream = await open();
    const startedAt = Date.now();
    await stream.next((f) => f.comment === 'heartbeat', 2000);
    await stream.next((f) => f.comment === 'heartbeat', 2000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
  });

  it('stops counting a stream as a running handler once its client hangs up', async () => {
    const stream = await open();
    await stream.next();
    expect(t.app.handlersRunning()).toBeGreaterThan(0);
    stream.close();
    await vi.waitFor(() => expect(t.app.handlersRunning()).toBe(0), { timeout: 2000 });
  });
});

describe.each(testDatabaseKinds())('shutting down with open streams on %s', (kind) => {
  it('app.close() ends every open stream promptly, and the database closes after', async () => {
    const handle = await openTestDatabase(kind);
    const app = await buildTestApp(handle);
    const base = await listenOn(app);
    const editor = (await signIn({ app, db: handle.db }, ['catalog_editor'])).headers;
    const streams = [await openSse(`${base}${STREAM}`, editor), await openSse(`${base}${STREAM}`, editor)];
    await Promise.all(streams.map((s) => s.next()));
    let ended = 0;
    for (const s of streams) void s.ended.then(() => (ended += 1));

    const startedAt = Date.now();
    await app.close();
    const closeMs = Date.now() - startedAt;
    expect(closeMs).toBeLessThan(2000);
    await Promise.all(streams.map((s) => s.ended));
    expect(ended).toBe(2);
    expect(app.handlersRunning()).toBe(0);
    // The database outlived the streams: it still answers, then closes without waiting on anyone.
    await expect(handle.db.selectFrom('catalog_state').select('revision').executeTakeFirstOrThrow()).resolves.toBeDefined();
    await handle.close();
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('two app instances on one PostgreSQL database', () => {
  let two: TwoInstances;
  let a: FastifyInstance;
  let baseA: string;
  let baseB: string;
  let editor: Headers;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    two = await startTwoInstances();
    ({ a, baseA, baseB } = two);
    // A session lives in the database: signed in through A, the editor is signed in on B too.
    editor = (await signIn({ app: a, db: two.first.db }, ['catalog_editor'])).headers;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => two?.close());

  it('delivers a write through instance A to an SSE client connected to instance B', async () => {
    const stream = await openSse(`${baseB}${STREAM}`, editor);
    clients.push(stream);
    await stream.next();
    const serviceId = await createService(baseA, editor);
    const event = await stream.next(about(serviceId));
    expect(event.event).toBe('catalog.changed');
    expect(changeOf(event)).toMatchObject({ serviceId, action: 'create' });
  });

  it('catches a client up on instance B from the id it last saw on instance A', async () => {
    const onA = await openSse(`${baseA}${STREAM}`, editor);
    clients.push(onA);
    const seen = await onA.next(about(await createService(baseA, editor)));
    onA.close();
    const missed = await createService(baseA, editor);
    const onB = await openSse(`${baseB}${STREAM}`, { ...editor, 'last-event-id': seen.id! });
    clients.push(onB);
    expect(changeOf(await onB.nextEvent())?.serviceId).toBe(missed);
  });

  it("shows A's edit in B's search as soon as the event arrives, not after B's once-a-second revision check", async () => {
    const word = `kvitrefugl${Date.now()}`;
    const search = async () => {
      const answer = (await (await fetch(`${baseB}/api/services?q=${word}`)).json()) as { items: { id: string }[] };
      return answer.items.map((i) => i.id);
    };
    expect(await search()).toEqual([]);
    // B's clock stands still: its cached revision would never expire by itself.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now);
    const stream = await openSse(`${baseB}${STREAM}`, editor);
    clients.push(stream);
    await stream.next();
    const serviceId = await createService(baseA, editor, `Tilbud om ${word}`);
    await stream.next(about(serviceId));
    expect(await search()).toEqual([serviceId]);
  });
});
