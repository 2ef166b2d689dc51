import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { openSse, type SseMessage } from '../../test/sse-client.ts';
import { signIn, startTwoInstances, type TwoInstances } from '../../test/test-app.ts';
import type { CapacityUnit } from './intake.schemas.ts';

/** The capacity stream across two app instances on one PostgreSQL database, over real HTTP. */

const until = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const aboutUnit = (id: string) => (frame: SseMessage) =>
  frame.event === 'intake.capacity_changed' && (JSON.parse(frame.data ?? '{}') as CapacityUnit).id === id;

describe.runIf(testDatabaseKinds().includes('postgres'))('the capacity stream on two app instances on one PostgreSQL database', () => {
  let two: TwoInstances;
  let a: FastifyInstance;
  let baseA: string;
  let baseB: string;
  let intake: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    two = await startTwoInstances();
    ({ a, baseA, baseB } = two);
    intake = (await signIn({ app: a, db: two.first.db }, ['common_intake'])).headers;
    staff = (await signIn({ app: a, db: two.first.db }, ['institution_staff'], { units: ['gatehospitalet'] })).headers;
  });
  afterAll(async () => two?.close());

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
