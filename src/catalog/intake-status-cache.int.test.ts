import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, startTwoInstances, type TestApp, type TwoInstances } from '../../test/test-app.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import { openDatabase } from '../platform/db.ts';
import { INTAKE_STATUS_CHANGED } from './catalog-events.ts';
import { cachedIntakeStatuses, forgetIntakeStatus } from './intake-status-cache.ts';
import { setIntakeStatus } from './intake-status.service.ts';

/*
 * Search answers lay the intake status over their cards from each process's copy
 * (intake-status-cache.ts), kept current by events from every instance, not by reading the
 * database per answer.
 */

type Card = { id: string; intakeStatus: string | null; intakeStatusDerived: boolean };

/** A seed entry linked to no intake unit (its status is typed by hand), with its name. */
async function unlinkedEntry(db: TestApp['db']) {
  const linked = (await db.selectFrom('intake_unit_service').select('service_key').execute()).map((r) => r.service_key);
  return db
    .selectFrom('service')
    .select(['id', 'name'])
    .where('seed_key', 'not in', linked)
    .where('arrangement', 'is', null)
    .where('status', '=', 'active')
    .orderBy('name')
    .executeTakeFirstOrThrow();
}

describe.each(testDatabaseKinds())('intake statuses in search answers on %s', (kind) => {
  let t: TestApp;
  let entry: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    entry = await unlinkedEntry(t.db);
  });
  afterAll(async () => t?.close());

  const card = async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/services?q=${encodeURIComponent(entry.name)}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: Card[] }>().items.find((i) => i.id === entry.id);
  };

  it('answers from memory: a status written by SQL alone is not seen until its event arrives, then at once', async () => {
    await sql`update service set intake_status = 'accepting' where id = ${entry.id}`.execute(t.db);
    // Delivered to this process's bus (so the copy has taken it in) before the next step.
    const delivered = new Promise<void>((resolve) => {
      const off = t.app.events.subscribe([INTAKE_STATUS_CHANGED], () => {
        off();
        resolve();
      });
    });
    await t.db.transaction().execute((trx) => publishEvent(trx, { topic: INTAKE_STATUS_CHANGED, payload: { serviceId: entry.id } }));
    await delivered;
    await expect.poll(async () => (await card())?.intakeStatus, { timeout: 2000 }).toBe('accepting');

    // No event: the answers keep the copy (no database read per answer).
    await sql`update service set intake_status = 'full' where id = ${entry.id}`.execute(t.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await card())?.intakeStatus).toBe('accepting');

    await t.db.transaction().execute((trx) => publishEvent(trx, { topic: INTAKE_STATUS_CHANGED, payload: { serviceId: entry.id } }));
    await expect.poll(async () => (await card())?.intakeStatus, { timeout: 2000 }).toBe('full');
  });

  it("shows this process's own change on the very next answer (through the route)", async () => {
    const editor = (await signIn(t, ['catalog_editor'])).headers;
    for (const status of ['waiting_list', null, 'accepting'] as const) {
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/services/${entry.id}/intake-status`,
        headers: editor,
        payload: { intakeStatus: status },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect((await card())?.intakeStatus).toBe(status);
    }
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('intake statuses in search answers on two instances', () => {
  let two: TwoInstances;
  let entry: { id: string; name: string };

  beforeAll(async () => {
    two = await startTwoInstances();
    entry = await unlinkedEntry(two.first.db);
  });
  afterAll(async () => two?.close());

  const cardOn = async (base: string) => {
    const r = await fetch(`${base}/api/services?q=${encodeURIComponent(entry.name)}`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { items: Card[] }).items.find((i) => i.id === entry.id);
  };

  it('shows a status set through instance A in instance B’s search within a second', async () => {
    expect((await cardOn(two.baseB))?.intakeStatus).not.toBe('full'); // B's copy is loaded
    const editor = (await signIn({ app: two.a, db: two.first.db }, ['catalog_editor'])).headers;
    const put = await fetch(`${two.baseA}/api/services/${entry.id}/intake-status`, {
      method: 'PUT',
      headers: { ...editor, 'content-type': 'application/json' },
      body: JSON.stringify({ intakeStatus: 'full' }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    await expect.poll(async () => (await cardOn(two.baseB))?.intakeStatus, { timeout: 1000, interval: 50 }).toBe('full');
  });

  it("forgets this process's own change at once, without waiting for any event", async () => {
    // A third handle on the database with no event bus: only forgetIntakeStatus can make its copy see the change.
    const quiet = await openDatabase({ kind: 'postgres', url: two.first.url! }, { poolSize: 2 });
    try {
      const statusOf = async () => (await cachedIntakeStatuses(quiet.db, [entry.id])).typed.get(entry.id)?.intakeStatus;
      const before = await statusOf();
      const next = before === 'waiting_list' ? 'accepting' : 'waiting_list';
      const actor = { userId: crypto.randomUUID(), displayName: 'T', roles: ['catalog_editor'], districts: [], units: [] };
      await quiet.db.transaction().execute((trx) => setIntakeStatus(trx, { actor, id: entry.id, intakeStatus: next }));
      expect(await statusOf()).toBe(before); // the copy, untouched by the write
      forgetIntakeStatus(quiet.db, entry.id);
      expect(await statusOf()).toBe(next);
    } finally {
      await quiet.close();
    }
  });
});
