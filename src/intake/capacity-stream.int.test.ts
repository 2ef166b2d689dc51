import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import { openSse, type SseMessage } from '../../test/sse-client.ts';
import { buildTestApp, signIn } from '../../test/test-app.ts';
import { openDatabase, type DatabaseHandle } from '../platform/db.ts';
import type { CapacityUnit } from './intake.schemas.ts';

/** The capacity stream across two app instances on one PostgreSQL database, over real HTTP. */

async function listenOn(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const until = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const aboutUnit = (id: string) => (frame: SseMessage) =>
  frame.event === 'intake.capacity_changed' && (JSON.parse(frame.data ?? '{}') as CapacityUnit).id === id;

describe.runIf(testDatabaseKinds().includes('postgres'))('the capacity stream on two app instances on one PostgreSQL database', () => {
  let first: DatabaseHandle & { url?: string };
  let second: DatabaseHandle;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let baseA: string;
  let baseB: string;
  let intake: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    first = await openTestDatabase('postgres');
    second = await openDatabase({ kind: 'postgres', url: first.url! }, { poolSize: 5 });
    a = await buildTestApp(first);
    b = await buildTestApp(second);
    baseA = await listenOn(a);
    baseB = await listenOn(b);
    intake = (await signIn({ app: a, db: first.db }, ['common_intake'])).headers;
    staff = (await signIn({ app: a, db: first.db }, ['institution_staff'], { units: ['gatehospitalet'] })).headers;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await second?.close();
    await first?.close();
  });

  const block = async (base: string, places: number) => {
    const response = await fetch(`${base}/api/capacity/units/gatehospitalet/blocks`, {
      method: 'POST',
      headers: { ...intake, 'content-type': 'application/json' },
      body: JSON.stringify({ places, reason: 'Bemanning', until: until() }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { capacity: CapacityUnit }).capacity;
  };

  it("pushes a block made through instance A to a board on instance B, with the unit's new numbers", async () => {
    const stream = await openSse(`${baseB}/api/capacity/stream`, staff);
    try {
      await stream.next();
      const after = await block(baseA, 2);
      const event = await stream.next(aboutUnit('gatehospitalet'));
      expect(JSON.parse(event.data!)).toEqual(after);
      // B's own list agrees with what A wrote.
      const list = (await (await fetch(`${baseB}/api/capacity`, { headers: staff })).json()) as { units: CapacityUnit[] };
      expect(list.units.find((u) => u.id === 'gatehospitalet')).toEqual(after);
    } finally {
      stream.close();
    }
  });

  it('lets a board that was away catch up on B from the last id it saw on A', async () => {
    const onA = await openSse(`${baseA}/api/capacity/stream`, staff);
    await onA.next();
    await block(baseA, 1);
    const seen = await onA.next(aboutUnit('gatehospitalet'));
    onA.close();
    const missed = await block(baseA, 1);
    const onB = await openSse(`${baseB}/api/capacity/stream`, { ...staff, 'last-event-id': seen.id! });
    try {
      const caughtUp = await onB.next(aboutUnit('gatehospitalet'));
      expect(JSON.parse(caughtUp.data!)).toEqual(missed);
    } finally {
      onB.close();
    }
  });
});
