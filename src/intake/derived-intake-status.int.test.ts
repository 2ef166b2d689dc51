import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Block, Hold } from './intake.schemas.ts';
import { derivedIntakeStatus } from './intake-rules.ts';

/*
 * A catalog entry linked to intake units shows the status their places give (accepting / waiting
 * list / full), on the detail page, the public search (cached or not) and the staff search; editors
 * cannot type it; an entry with no unit keeps the hand-typed status.
 */

type Headers = Record<string, string>;
type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;
type Card = { id: string; intakeStatus: string | null; intakeStatusAt: string | null; intakeStatusDerived: boolean };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('derivedIntakeStatus', () => {
  it('accepts while more places are free than requests wait, then waiting list while places turn over, else full', () => {
    const load = { places: 10, occupied: 0, held: 0, blocked: 0, waiting: 0 };
    expect(derivedIntakeStatus(load)).toBe('accepting');
    expect(derivedIntakeStatus({ ...load, waiting: 10 })).toBe('waiting_list');
    expect(derivedIntakeStatus({ ...load, occupied: 9, waiting: 0 })).toBe('accepting');
    expect(derivedIntakeStatus({ ...load, occupied: 9, waiting: 1 })).toBe('waiting_list');
    expect(derivedIntakeStatus({ ...load, occupied: 8, held: 2 })).toBe('waiting_list');
    expect(derivedIntakeStatus({ ...load, blocked: 10 })).toBe('full');
    expect(derivedIntakeStatus({ ...load, blocked: 9, held: 1 })).toBe('waiting_list');
  });
});

describe.each(testDatabaseKinds())('derived intake status on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  let editor: Headers;
  let alna: Headers;
  let linkedId: string;
  let unlinkedId: string;
  const UNIT = 'kommunalt-omsorgssenter-rusfri'; // 22 places, the one care_drug_free unit, linked to one entry
  const NAME = 'Kommunalt omsorgssenter rusfri';

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
    editor = (await signIn(t, ['catalog_editor'])).headers;
    alna = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    linkedId = (
      await t.db.selectFrom('service').select('id').where('seed_key', '=', 'kommunalt_omsorgssenter_rusfri').executeTakeFirstOrThrow()
    ).id;
    const linkedKeys = (await t.db.selectFrom('intake_unit_service').select('service_key').execute()).map((r) => r.service_key);
    unlinkedId = (
      await t.db
        .selectFrom('service')
        .select('id')
        .where('seed_key', 'not in', linkedKeys)
        .where('arrangement', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t?.close());

  const ok = (r: Reply, status = 200) => {
    expect(r.statusCode, r.body).toBe(status);
    return r;
  };
  const post = (url: string, payload: object | undefined, headers: Headers = intake) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const detail = async () => ok(await t.app.inject({ method: 'GET', url: `/api/services/${linkedId}` })).json<Card>();
  const publicCard = async () =>
    ok(await t.app.inject({ method: 'GET', url: `/api/services?q=${encodeURIComponent(NAME)}` }))
      .json<{ items: Card[] }>()
      .items.find((i) => i.id === linkedId);
  const staffCard = async () =>
    ok(await t.app.inject({ method: 'GET', url: `/api/editor/services?q=${encodeURIComponent(NAME)}`, headers: editor }))
      .json<{ items: Card[] }>()
      .items.find((i) => i.id === linkedId);
  const expectEverywhere = async (status: string) => {
    const at = (await t.db.selectFrom('intake_unit_load').select('updated_at').where('unit_id', '=', UNIT).executeTakeFirstOrThrow())
      .updated_at;
    const want = { intakeStatus: status, intakeStatusDerived: true, intakeStatusAt: new Date(at).toISOString() };
    expect(await detail()).toMatchObject(want);
    // Search answers follow the capacity events (each process's copy), within milliseconds of the commit.
    await expect.poll(publicCard, { timeout: 2000, interval: 20 }).toMatchObject(want);
    await expect.poll(staffCard, { timeout: 2000, interval: 20 }).toMatchObject(want);
  };
  const newPerson = async () =>
    ok(
      await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'Test', familyName: 'Person', district: 'alna' }),
      201,
    ).json<{
      id: string;
    }>().id;

  it('follows the places: accepting, waiting list when none is free but some are held, full when every place is blocked', async () => {
    await expectEverywhere('accepting'); // the public search's answer is cached from here on
    const block = ok(
      await post(`/api/capacity/units/${UNIT}/blocks`, { places: 21, reason: 'Oppussing', until: inDays(5) }),
      201,
    ).json<Block>();
    const hold = ok(
      await post('/api/intake/holds', { unitId: UNIT, personId: await newPerson(), expiresAt: inMinutes(60) }),
      201,
    ).json<Hold>();
    await expectEverywhere('waiting_list');
    ok(await post(`/api/intake/holds/${hold.id}/release`, undefined));
    await expectEverywhere('accepting');
    const last = ok(
      await post(`/api/capacity/units/${UNIT}/blocks`, { places: 1, reason: 'Vannskade', until: inDays(2) }),
      201,
    ).json<Block>();
    await expectEverywhere('full');
    ok(await post(`/api/capacity/blocks/${last.id}/end`, undefined));
    ok(await post(`/api/capacity/blocks/${block.id}/end`, undefined));
    await expectEverywhere('accepting');
  });

  it('counts the waiting list of the category of the units: more requests waiting than free places is a waiting list', async () => {
    const free = 22;
    const block = ok(
      await post(`/api/capacity/units/${UNIT}/blocks`, { places: free - 1, reason: 'Bemanning', until: inDays(3) }),
      201,
    ).json<Block>();
    const decision = {
      personId: await newPerson(),
      category: 'care_drug_free',
      period: { from: inDays(0), to: inDays(60) },
      needs: { substance: 'drug_free', gender: 'man', age: 50, somaticCare: false },
      urgency: 'normal',
      preferences: { preferredUnits: [] },
    };
    // One free place and one request waiting in the unit's category: the place is spoken for.
    const request = ok(await post('/api/intake/requests', decision, alna), 201).json<{ id: string }>();
    expect((await detail()).intakeStatus).toBe('waiting_list');
    ok(await post(`/api/intake/requests/${request.id}/withdraw`, { reason: 'Flyttet' }, alna));
    expect((await detail()).intakeStatus).toBe('accepting');
    ok(await post(`/api/capacity/blocks/${block.id}/end`, undefined));
  });

  it('refuses a hand-typed status on a linked entry with a 409 naming intakeStatus, and keeps it for an unlinked one', async () => {
    const refused = await t.app.inject({
      method: 'PUT',
      url: `/api/services/${linkedId}/intake-status`,
      headers: intake,
      payload: { intakeStatus: 'full' },
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json<{ errors: { field: string; message: string }[] }>().errors[0]).toMatchObject({
      field: 'intakeStatus',
      message: expect.stringContaining('derived from the places'),
    });
    expect(
      (await t.db.selectFrom('service').select('intake_status').where('id', '=', linkedId).executeTakeFirstOrThrow()).intake_status,
    ).toBe(null);
    const typed = ok(
      await t.app.inject({
        method: 'PUT',
        url: `/api/services/${unlinkedId}/intake-status`,
        headers: intake,
        payload: { intakeStatus: 'full' },
      }),
    ).json<Card>();
    expect(typed).toMatchObject({ intakeStatus: 'full', intakeStatusDerived: false });
    expect(ok(await t.app.inject({ method: 'GET', url: `/api/services/${unlinkedId}` })).json<Card>()).toMatchObject({
      intakeStatus: 'full',
      intakeStatusDerived: false,
    });
  });
});
