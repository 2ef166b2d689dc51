import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { flushPendingAudit } from '../access/audit.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, startTwoInstances, type TestApp, type TwoInstances } from '../../test/test-app.ts';
import type { Block, CapacityUnit, Stay } from './intake.schemas.ts';
import { releaseExpired } from './intake.service.ts';
import type { IntakeRequest, MatchesAnswer, NoticeList, RequestList } from './requests.schemas.ts';

type Headers = Record<string, string>;
type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let keyCounter = 0;

describe.each(testDatabaseKinds())('intake requests on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  let alna: Headers;
  let grorud: Headers;
  let staff: Headers;

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
    alna = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    grorud = (await signIn(t, ['district_caseworker'], { districts: ['grorud'] })).headers;
    staff = (await signIn(t, ['institution_staff'], { units: ['ideelle-ressurssentre'] })).headers;
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: object | undefined, headers: Headers) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const ok = (response: Reply, status = 200): Reply => {
    expect(response.statusCode, response.body).toBe(status);
    return response;
  };
  const problemOf = (response: Reply, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<Problem>();
  };
  const newPerson = async () =>
    ok(
      await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'Test', familyName: 'Person', district: 'alna' }, intake),
      201,
    ).json<{ id: string }>().id;
  const decision = (personId: string, over: Record<string, unknown> = {}) => ({
    personId,
    category: 'assessment',
    period: { from: inDays(0), to: inDays(90) },
    needs: { substance: 'drug_free', gender: 'woman', age: 34, somaticCare: false },
    urgency: 'normal',
    preferences: { preferredUnits: ['ideelle-utredning-rusfri'] },
    ...over,
  });
  const send = async (over: Record<string, unknown> = {}, headers = alna) =>
    ok(await post('/api/intake/requests', decision(await newPerson(), over), headers), 201).json<IntakeRequest>();
  const act = (id: string, verb: string, payload?: object, headers = intake) =>
    post(`/api/intake/requests/${id}/${verb}`, payload, headers);
  const received = async (over: Record<string, unknown> = {}) => {
    const r = await send(over);
    return ok(await act(r.id, 'receive')).json<IntakeRequest>();
  };
  const unit = async (id: string) =>
    ok(await get('/api/capacity', intake))
      .json<{ units: CapacityUnit[] }>()
      .units.find((u) => u.id === id)!;
  const audits = async (personId: string) => {
    // Intake's audit rows are chained just after commit; readers of the log chain what is pending first.
    await flushPendingAudit(t.db);
    const rows = await t.db.selectFrom('audit_event').select(['action', 'outcome']).where('person_id', '=', personId).execute();
    return rows.map((a) => `${a.action}:${a.outcome}`);
  };

  it('takes a decision from sent to admitted, with one history row per step that both sides see', async () => {
    const sent = await send();
    expect(sent).toMatchObject({
      status: 'sent',
      district: 'alna',
      preferences: { homeDistrict: 'alna' },
      actions: ['receive', 'reject', 'withdraw'],
    });
    expect(sent.history).toEqual([expect.objectContaining({ from: null, to: 'sent' })]);

    ok(await act(sent.id, 'receive'));
    const matches = ok(await get(`/api/intake/requests/${sent.id}/matches`, intake)).json<MatchesAnswer>();
    expect(matches.suitable[0]).toMatchObject({ unitId: 'ideelle-utredning-rusfri' });
    expect(matches.suitable[0]!.reasons.map((r) => r.code)).toContain('preferred');
    expect(matches.unsuitable.find((u) => u.unitId === 'ideelle-utredning-aktiv-rus')?.reasons[0]?.code).toBe('substance');

    const before = await unit('ideelle-utredning-rusfri');
    const offered = ok(await act(sent.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) })).json<IntakeRequest>();
    expect(offered.status).toBe('offered');
    expect(offered.offer).toMatchObject({ unitId: 'ideelle-utredning-rusfri', unitName: expect.any(String) });
    expect(await unit('ideelle-utredning-rusfri')).toMatchObject({ held: before.held + 1, free: before.free - 1 });

    expect(ok(await act(sent.id, 'accept', undefined, alna)).json<IntakeRequest>().status).toBe('accepted');
    const admitted = ok(await act(sent.id, 'admit', {})).json<IntakeRequest>();
    expect(admitted).toMatchObject({ status: 'admitted', stayId: expect.any(String), actions: [] });
    expect(await unit('ideelle-utredning-rusfri')).toMatchObject({ held: before.held, occupied: before.occupied + 1 });

    const steps = (r: IntakeRequest) => r.history.map((h) => `${h.from ?? '-'}→${h.to}`);
    const forDistrict = ok(await get(`/api/intake/requests/${sent.id}`, alna)).json<IntakeRequest>();
    const forIntake = ok(await get(`/api/intake/requests/${sent.id}`, intake)).json<IntakeRequest>();
    expect(steps(forDistrict)).toEqual(['-→sent', 'sent→received', 'received→offered', 'offered→accepted', 'accepted→admitted']);
    expect(forIntake.history).toEqual(forDistrict.history);
    expect(forDistrict.status).toBe('admitted');
    expect(await audits(sent.personId)).toEqual(
      expect.arrayContaining([
        'create_request:allowed',
        'receive_request:allowed',
        'match_request:allowed',
        'hold:allowed',
        'admit:allowed',
        'read_request:allowed',
      ]),
    );
  });

  it('refuses an unknown person with a 404 naming personId, and writes nothing', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    const problem = problemOf(await post('/api/intake/requests', decision(missing), alna), 404);
    expect(problem.errors?.[0]?.field).toBe('personId');
    expect(await t.db.selectFrom('intake_request').select('id').where('person_id', '=', missing).execute()).toEqual([]);
  });

  it('refuses bad input naming the field: a period that ends before it starts, an unknown category', async () => {
    const person = await newPerson();
    const backwards = problemOf(
      await post('/api/intake/requests', decision(person, { period: { from: inDays(5), to: inDays(1) } }), alna),
      400,
    );
    expect(backwards.errors?.[0]?.field).toBe('period.to');
    expect(problemOf(await post('/api/intake/requests', decision(person, { category: 'hotel' }), alna), 400).errors?.[0]?.field).toBe(
      'category',
    );
  });

  it('refuses an illegal transition with a 409 naming status, and leaves the request as it was', async () => {
    const r = await send();
    const skip = problemOf(await act(r.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) }), 409);
    expect(skip.errors?.[0]?.field).toBe('status');
    expect(skip.detail).toMatch(/cannot offer a request that is sent/);
    expect(problemOf(await act(r.id, 'accept', undefined, alna), 409).errors?.[0]?.field).toBe('status');
    expect(problemOf(await act(r.id, 'admit', {}), 409).errors?.[0]?.field).toBe('status');
    ok(await act(r.id, 'reject', { reason: 'Ikke i målgruppen' }));
    expect(problemOf(await act(r.id, 'receive'), 409).detail).toMatch(/that is rejected/);
    const now = ok(await get(`/api/intake/requests/${r.id}`, alna)).json<IntakeRequest>();
    expect(now.history.map((h) => h.to)).toEqual(['sent', 'rejected']);
    expect(now.history[1]?.reason).toBe('Ikke i målgruppen');
  });

  it('refuses an offer at a full, closed or barring unit with a 409 naming unitId', async () => {
    const r = await received({ category: 'resource_centre', preferences: {} });
    const full = 'kommunale-ressurssentre';
    const block = ok(
      await post(`/api/capacity/units/${full}/blocks`, { places: (await unit(full)).free, reason: 'Oppussing', until: inDays(3) }, intake),
      201,
    ).json<Block>();
    expect(problemOf(await act(r.id, 'offer', { unitId: full, expiresAt: inMinutes(60) }), 409).errors?.[0]?.field).toBe('unitId');
    ok(await post(`/api/capacity/blocks/${block.id}/end`, undefined, intake));
    const closed = problemOf(await act(r.id, 'offer', { unitId: 'haugenstua-ressurssenter', expiresAt: inMinutes(60) }), 409);
    expect(closed.errors?.[0]?.field).toBe('unitId');
    await t.db
      .insertInto('intake_bar')
      .values({
        id: crypto.randomUUID(),
        person_id: r.personId,
        unit_id: full,
        from_date: inDays(-1),
        until_date: inDays(30),
        reason: 'Trusler',
        created_by: null,
      })
      .execute();
    const barred = problemOf(await act(r.id, 'offer', { unitId: full, expiresAt: inMinutes(60) }), 409);
    expect(barred.detail).toMatch(/barred from this unit until/);
    const matches = ok(await get(`/api/intake/requests/${r.id}/matches`, intake)).json<MatchesAnswer>();
    expect(matches.unsuitable.find((u) => u.unitId === full)?.reasons.map((x) => x.code)).toEqual(['barred']);
    expect(ok(await get(`/api/intake/requests/${r.id}`, intake)).json<IntakeRequest>().status).toBe('received');
  });

  it("keeps a caseworker to their own district: another district's request is 404, and they cannot decide for it", async () => {
    const r = await send();
    expect(problemOf(await get(`/api/intake/requests/${r.id}`, grorud), 404).errors?.[0]?.field).toBe('id');
    expect(problemOf(await act(r.id, 'withdraw', { reason: 'Feil' }, grorud), 404).errors?.[0]?.field).toBe('id');
    expect(problemOf(await act(r.id, 'accept', undefined, grorud), 404).errors?.[0]?.field).toBe('id');
    expect(
      ok(await get('/api/intake/requests', grorud))
        .json<RequestList>()
        .requests.map((x) => x.id),
    ).not.toContain(r.id);
    expect(
      ok(await get('/api/intake/requests', alna))
        .json<RequestList>()
        .requests.map((x) => x.id),
    ).toContain(r.id);
    expect(
      ok(await get('/api/intake/requests', intake))
        .json<RequestList>()
        .requests.map((x) => x.id),
    ).toContain(r.id);
    const other = problemOf(await post('/api/intake/requests', decision(await newPerson(), { district: 'alna' }), grorud), 404);
    expect(other.errors?.[0]?.field).toBe('personId');
    const grorudPerson = ok(
      await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'G', familyName: 'R', district: 'grorud' }, intake),
      201,
    ).json<{ id: string }>().id;
    const wrongDistrict = problemOf(await post('/api/intake/requests', decision(grorudPerson, { district: 'alna' }), grorud), 403);
    expect(wrongDistrict.errors?.[0]?.field).toBe('district');
    expect(await audits(r.personId)).toContain('read_request:denied');
    // Only common intake handles requests; a caseworker only decides, reads and answers offers.
    expect((await act(r.id, 'receive', undefined, alna)).statusCode).toBe(403);
    expect((await get('/api/intake/queue', alna)).statusCode).toBe(403);
    expect((await post('/api/intake/requests', decision(r.personId), intake)).statusCode).toBe(403);
    expect((await get('/api/intake/requests', staff)).statusCode).toBe(403);
  });

  it('answers a repeated POST with the same Idempotency-Key with the first answer, and writes once', async () => {
    const person = await newPerson();
    const key = { ...alna, 'idempotency-key': `decision-${(keyCounter += 1)}` };
    const first = ok(await post('/api/intake/requests', decision(person), key), 201).json<IntakeRequest>();
    const again = await post('/api/intake/requests', decision(person), key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<IntakeRequest>().id).toBe(first.id);
    expect(await t.db.selectFrom('intake_request').select('id').where('person_id', '=', person).execute()).toHaveLength(1);
    expect(problemOf(await post('/api/intake/requests', decision(person, { urgency: 'high' }), key), 422).errors?.[0]?.field).toBe(
      'Idempotency-Key',
    );
    const offerKey = { ...intake, 'idempotency-key': `offer-${(keyCounter += 1)}` };
    ok(await act(first.id, 'receive'));
    const body = { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) };
    const held = (await unit('ideelle-utredning-rusfri')).held;
    ok(await act(first.id, 'offer', body, offerKey));
    const replay = await act(first.id, 'offer', body, offerKey);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await unit('ideelle-utredning-rusfri')).held).toBe(held + 1);
    ok(await act(first.id, 'withdraw', { reason: 'Personen flyttet' }, alna));
    expect((await unit('ideelle-utredning-rusfri')).held).toBe(held);
  });

  it('puts a request back to received when its offer is declined or its hold released, with history, and frees the place', async () => {
    const r = await received();
    ok(await act(r.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) }));
    const declined = ok(await act(r.id, 'decline', { reason: 'Vil heller vente på ønsket sted' }, alna)).json<IntakeRequest>();
    expect(declined).toMatchObject({ status: 'received', offer: null });
    expect(await t.db.selectFrom('intake_hold').select('status').where('person_id', '=', r.personId).execute()).toEqual([
      { status: 'released' },
    ]);

    const offered = ok(await act(r.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) })).json<IntakeRequest>();
    ok(await post(`/api/intake/holds/${offered.offer!.holdId}/release`, undefined, intake));
    const back = ok(await get(`/api/intake/requests/${r.id}`, alna)).json<IntakeRequest>();
    expect(back.status).toBe('received');
    expect(back.history.at(-1)).toMatchObject({ from: 'offered', to: 'received', reason: expect.stringMatching(/hold was released/) });
    expect(problemOf(await act(r.id, 'decline', {}, alna), 400).errors?.[0]?.field).toBe('reason');
  });

  it('orders the waiting list by urgency, then by time waited, and leaves offered requests out', async () => {
    const normal = await send({ urgency: 'normal' });
    const high = await send({ urgency: 'high' });
    const acute = await send({ urgency: 'acute' });
    const offered = await received({ urgency: 'acute' });
    ok(await act(offered.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) }));
    const ids = ok(await get('/api/intake/queue', intake))
      .json<RequestList>()
      .requests.map((x) => x.id);
    expect(ids).not.toContain(offered.id);
    const order = [acute.id, high.id, normal.id].map((id) => ids.indexOf(id));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    ok(await act(offered.id, 'withdraw', { reason: 'Rydder' }, alna));
  });

  it('tells the owner of the first waiting request that suits a freed place, once, and shows it at /api/intake/notices', async () => {
    const u = 'ideelle-ressurssentre';
    const waiting = await send({ category: 'resource_centre', urgency: 'acute', preferences: {} });
    const later = await send({ category: 'resource_centre', urgency: 'normal', preferences: {} });
    const resident = await newPerson();
    const stay = ok(await post('/api/intake/stays', { unitId: u, personId: resident }, staff), 201).json<Stay>();
    ok(await post(`/api/intake/stays/${stay.id}/discharge`, { dischargedAt: new Date().toISOString(), destination: 'own_home' }, staff));

    const notices = await t.db.selectFrom('intake_notice').selectAll().where('freed_ref', '=', `stay:${stay.id}`).execute();
    expect(notices.map((n) => [n.request_id, n.recipient_district, n.unit_id])).toEqual([[waiting.id, 'alna', u]]);
    const listed = ok(await get('/api/intake/notices', alna)).json<NoticeList>().notices;
    expect(listed.find((n) => n.requestId === waiting.id)).toMatchObject({
      unitId: u,
      readAt: null,
      text: { nb: expect.stringContaining('ledig') },
    });
    expect(ok(await get('/api/intake/notices', grorud)).json<NoticeList>().notices).toEqual([]);
    ok(await post(`/api/intake/notices/${notices[0]!.id}/read`, undefined, alna));
    expect(problemOf(await post(`/api/intake/notices/${notices[0]!.id}/read`, undefined, grorud), 404).errors?.[0]?.field).toBe('id');
    expect(
      ok(await get('/api/intake/notices', alna))
        .json<NoticeList>()
        .notices.find((n) => n.id === notices[0]!.id)?.readAt,
    ).not.toBeNull();
    expect(await t.db.selectFrom('intake_notice').select('id').where('request_id', '=', later.id).execute()).toEqual([]);
  });

  it('tells a waiting request that suits the unit when a plain offer (no request of its own) is released', async () => {
    const u = 'ideelle-ressurssentre';
    await send({ category: 'resource_centre', urgency: 'acute', preferences: {} });
    const hold = ok(
      await post('/api/intake/holds', { unitId: u, personId: await newPerson(), expiresAt: inMinutes(60) }, intake),
      201,
    ).json<{
      id: string;
    }>();
    ok(await post(`/api/intake/holds/${hold.id}/release`, undefined, intake));
    const notices = await t.db
      .selectFrom('intake_notice as n')
      .innerJoin('intake_request as r', 'r.id', 'n.request_id')
      .select(['r.status', 'r.category', 'n.unit_id'])
      .where('n.freed_ref', '=', `hold:${hold.id}`)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ category: 'resource_centre', unit_id: u, status: expect.stringMatching(/^(sent|received)$/) });
  });

  it('answers offers made at once for many requests at one unit, each with its own hold', async () => {
    const requests = await Promise.all(
      Array.from({ length: 8 }, () =>
        received({ category: 'coping', needs: { substance: 'active_use', somaticCare: false }, preferences: {} }),
      ),
    );
    const answers = await Promise.all(
      requests.map((r) => act(r.id, 'offer', { unitId: 'kommunale-mestringsenheter', expiresAt: inMinutes(60) })),
    );
    expect(
      answers.map((a) => a.statusCode),
      answers.map((a) => a.body).join('\n'),
    ).toEqual(requests.map(() => 200));
    await Promise.all(requests.map((r) => act(r.id, 'withdraw', { reason: 'Rydder' }, alna)));
  });

  it('gives each place a block frees to the next waiting request in order: two places, the first two requests', async () => {
    const u = 'forsterket-bo-og-behandling';
    const over = { category: 'reinforced_housing_treatment', needs: { substance: 'either', somaticCare: false }, preferences: {} };
    const first = await send({ ...over, urgency: 'acute' });
    const third = await send({ ...over, urgency: 'normal' });
    const second = await send({ ...over, urgency: 'high' });
    const block = ok(
      await post(`/api/capacity/units/${u}/blocks`, { places: 2, reason: 'Maling', until: inDays(3) }, intake),
      201,
    ).json<Block>();
    ok(await post(`/api/capacity/blocks/${block.id}/end`, undefined, intake));
    const notices = await t.db.selectFrom('intake_notice').select('request_id').where('freed_ref', '=', `block:${block.id}`).execute();
    expect(notices.map((n) => n.request_id).sort()).toEqual([first.id, second.id].sort());
    expect(notices.map((n) => n.request_id)).not.toContain(third.id);
  });

  it('answers a decline racing a release of the same offer once, never with a 500 (one lock order)', async () => {
    const over = { category: 'coping', needs: { substance: 'active_use', somaticCare: false }, preferences: {} };
    const requests = await Promise.all(Array.from({ length: 6 }, () => received(over)));
    const offered = await Promise.all(
      requests.map(async (r) =>
        ok(await act(r.id, 'offer', { unitId: 'kommunale-mestringsenheter', expiresAt: inMinutes(60) })).json<IntakeRequest>(),
      ),
    );
    const answers = await Promise.all(
      offered.flatMap((r) => [
        act(r.id, 'decline', { reason: 'Nei takk' }, alna),
        post(`/api/intake/holds/${r.offer!.holdId}/release`, undefined, intake),
      ]),
    );
    const pairs = offered.map((_, i) => [answers[2 * i]!.statusCode, answers[2 * i + 1]!.statusCode].sort());
    expect(pairs, answers.map((a) => a.body).join('\n')).toEqual(offered.map(() => [200, 409]));
    for (const r of offered) expect(ok(await get(`/api/intake/requests/${r.id}`, alna)).json<IntakeRequest>().status).toBe('received');
  });

  it('makes one notice and one return to received for an expired offer, however many release runs race', async () => {
    const u = 'ideelle-ressurssentre';
    const owner = await received({ category: 'resource_centre', urgency: 'acute', preferences: {} });
    const offered = ok(await act(owner.id, 'offer', { unitId: u, expiresAt: inMinutes(5) })).json<IntakeRequest>();
    const holdId = offered.offer!.holdId;
    const later = new Date(Date.now() + 10 * 60_000);
    const runs = await Promise.all([
      releaseExpired(t.db, { now: later }),
      releaseExpired(t.db, { now: later }),
      releaseExpired(t.db, { now: later }),
    ]);
    expect(runs.reduce((n, r) => n + r.holds, 0)).toBeGreaterThanOrEqual(1);
    const notices = await t.db.selectFrom('intake_notice').select(['request_id']).where('freed_ref', '=', `hold:${holdId}`).execute();
    expect(notices).toHaveLength(1);
    const back = ok(await get(`/api/intake/requests/${owner.id}`, alna)).json<IntakeRequest>();
    expect(back.status).toBe('received');
    expect(back.history.filter((h) => h.reason?.includes('expired'))).toHaveLength(1);
    // The freed place goes to the first suitable request in the waiting list's order (the queue's first resource-centre request).
    const queue = ok(await get('/api/intake/queue', intake))
      .json<RequestList>()
      .requests.filter((r) => r.category === 'resource_centre');
    expect(notices[0]?.request_id).toBe(queue[0]?.id);
  });

  it('puts the request back on the waiting list after an immediate discharge: the task links it, a new offer goes elsewhere', async () => {
    const r = await received();
    ok(await act(r.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) }));
    ok(await act(r.id, 'accept', undefined, alna));
    const admitted = ok(await act(r.id, 'admit', {})).json<IntakeRequest>();
    const discharge = ok(
      await post(
        `/api/intake/stays/${admitted.stayId}/immediate-discharge`,
        {
          at: new Date().toISOString(),
          incident: { kind: 'violence', description: 'Slo en annen beboer på fellesrommet.' },
          barUntil: inDays(30),
        },
        intake,
      ),
    ).json<{ task: { id: string; requestId: string | null } }>();
    expect(discharge.task.requestId).toBe(r.id);
    const after = ok(await get(`/api/intake/requests/${r.id}`, alna)).json<IntakeRequest>();
    expect(after).toMatchObject({ status: 'received', offer: null, stayId: null });
    expect(after.history.at(-1)).toMatchObject({ from: 'admitted', to: 'received', reason: expect.stringMatching(/^Immediate discharge/) });
    expect((await get('/api/intake/queue', intake)).json<{ requests: { id: string }[] }>().requests.map((q) => q.id)).toContain(r.id);
    // The unit the person was discharged from is barred; another unit of the category takes the offer.
    const barred = problemOf(await act(r.id, 'offer', { unitId: 'ideelle-utredning-rusfri', expiresAt: inMinutes(60) }), 409);
    expect(barred.errors?.[0]?.field).toBe('unitId');
    const again = ok(await act(r.id, 'offer', { unitId: 'ideelle-utredning-aktiv-rus', expiresAt: inMinutes(60) })).json<IntakeRequest>();
    expect(again).toMatchObject({ status: 'offered', offer: { unitId: 'ideelle-utredning-aktiv-rus' } });
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('notices of freed places on two app instances on one PostgreSQL database', () => {
  let two: TwoInstances;
  let intake: Headers;
  let alna: Headers;

  beforeAll(async () => {
    two = await startTwoInstances();
    intake = (await signIn({ app: two.a, db: two.first.db }, ['common_intake'])).headers;
    alna = (await signIn({ app: two.a, db: two.first.db }, ['district_caseworker'], { districts: ['alna'] })).headers;
  });
  afterAll(async () => two?.close());

  const call = async (base: string, path: string, body: object | undefined, headers: Headers) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const created = async <T>(response: Response, status = 201): Promise<T> => {
    expect(response.status, await response.clone().text()).toBe(status);
    return (await response.json()) as T;
  };

  it('makes one notice when the same hold is released and the same stay discharged through both instances at once', async () => {
    const person = async () =>
      (
        await created<{ id: string }>(
          await call(
            two.baseA,
            '/api/persons',
            { nationalId: syntheticNationalId(), givenName: 'To', familyName: 'Instanser', district: 'alna' },
            intake,
          ),
        )
      ).id;
    const waiting = await created<IntakeRequest>(
      await call(
        two.baseA,
        '/api/intake/requests',
        {
          personId: await person(),
          category: 'care_drug_free',
          period: { from: inDays(0) },
          needs: { substance: 'drug_free', somaticCare: true },
          urgency: 'acute',
        },
        alna,
      ),
    );
    const u = 'kommunalt-omsorgssenter-rusfri';
    const hold = await created<{ id: string }>(
      await call(two.baseA, '/api/intake/holds', { unitId: u, personId: await person(), expiresAt: inMinutes(60) }, intake),
    );
    const releases = await Promise.all(
      [two.baseA, two.baseB].map((base) => call(base, `/api/intake/holds/${hold.id}/release`, undefined, intake)),
    );
    expect(releases.map((r) => r.status).sort()).toEqual([200, 409]);
    const stay = await created<Stay>(await call(two.baseB, '/api/intake/stays', { unitId: u, personId: await person() }, intake));
    const body = { dischargedAt: new Date().toISOString(), destination: 'own_home' };
    const discharges = await Promise.all(
      [two.baseA, two.baseB].map((base) => call(base, `/api/intake/stays/${stay.id}/discharge`, body, intake)),
    );
    expect(discharges.map((r) => r.status).sort()).toEqual([200, 409]);
    const notices = await two.first.db
      .selectFrom('intake_notice')
      .select(['request_id', 'freed_ref'])
      .where('unit_id', '=', u)
      .orderBy('created_at')
      .execute();
    expect(notices).toEqual([
      { request_id: waiting.id, freed_ref: `hold:${hold.id}` },
      { request_id: waiting.id, freed_ref: `stay:${stay.id}` },
    ]);
  });
});
