import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ADMIN_URL, testDatabaseKinds, withDatabase } from '../../test/databases.ts';
import { flushPendingAudit } from '../access/audit.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { openDatabase } from '../platform/db.ts';
import { addDays, osloDate } from './discharge-ready-rules.ts';
import type { Notification, NotificationDetail, NotificationList } from './discharge-ready.schemas.ts';
import { sendPaymentAlerts } from './discharge-ready.service.ts';
import { PAYMENT_ALERT } from './discharge-ready-events.ts';

type Headers = Record<string, string>;
type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A FHIR R4 notification bundle as a hospital system sends it; `change` edits it before it is sent. */
function fhirBundle(
  nationalId: string,
  change: (b: { entry: { fullUrl: string; resource: Record<string, unknown> }[] }) => void = () => {},
) {
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'Task',
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.2.1', value: 'UTSKR-1001' }],
          status: 'requested',
          intent: 'order',
          focus: { reference: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000002' },
          for: { reference: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000003' },
          authoredOn: minutesAgo(30),
          requester: { reference: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000004' },
          note: [{ text: 'Trenger oppfølging fra bydelen de første ukene.' }],
        },
      },
      {
        fullUrl: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000002',
        resource: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          subject: { reference: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000003' },
          code: { text: 'Bolig med oppfølging' },
          occurrenceDateTime: minutesAgo(60),
        },
      },
      {
        fullUrl: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000003',
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: nationalId }],
          name: [{ use: 'official', family: 'Fhirsen', given: ['Per', 'Ole'] }],
          address: [{ use: 'home', city: 'Oslo', district: 'Alna', postalCode: '1086' }],
        },
      },
      {
        fullUrl: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000004',
        resource: {
          resourceType: 'Organization',
          name: 'Avdeling for rus og avhengighet, post 2',
          partOf: { reference: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000005' },
        },
      },
      {
        fullUrl: 'urn:uuid:5b1f3c2e-0000-4000-8000-000000000005',
        resource: { resourceType: 'Organization', name: 'Oslo universitetssykehus' },
      },
    ],
  };
  change(bundle);
  return bundle;
}

describe.each(testDatabaseKinds())('discharge-ready patients on %s', (kind) => {
  let t: TestApp;
  let liaison: Headers;
  let otherLiaison: Headers;
  let alna: Headers;
  let frogner: Headers;
  let intake: Headers;

  beforeAll(async () => {
    t = await createTestApp(kind);
    liaison = (await signIn(t, ['hospital_liaison'])).headers;
    otherLiaison = (await signIn(t, ['hospital_liaison'])).headers;
    alna = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    frogner = (await signIn(t, ['district_caseworker'], { districts: ['frogner'] })).headers;
    intake = (await signIn(t, ['common_intake'])).headers;
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: object, headers: Headers = liaison, extra: Headers = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload });
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const problemOf = (response: Awaited<ReturnType<typeof post>>, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<Problem>();
  };
  const currentDatabaseUrl = async () =>
    withDatabase(PG_ADMIN_URL, (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name);
  const notice = (overrides: object = {}) => ({
    nationalId: syntheticNationalId(),
    givenName: 'Kari',
    familyName: 'Utskrivningsklar',
    hospital: 'Oslo universitetssykehus',
    ward: 'Akuttpsykiatrisk post 3',
    readyAt: minutesAgo(10),
    district: 'alna',
    needs: 'Trenger bolig med oppfølging og hjemmesykepleie.',
    ...overrides,
  });
  const notify = async (overrides: object = {}) => {
    const response = await post('/api/discharge-ready', notice(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Notification>();
  };
  const list = async (headers: Headers) => {
    const response = await get('/api/discharge-ready', headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<NotificationList>().notifications;
  };

  it('takes a notice in our JSON, registers the patient in the district, shows it to district, common intake and liaison', async () => {
    const nationalId = syntheticNationalId();
    const n = await notify({ nationalId, dischargeSummaryReceived: true });
    expect(n).toMatchObject({
      district: 'alna',
      kommune: '0301',
      source: 'json',
      status: 'awaiting_answer',
      answer: null,
      counters: { paymentDays: 0, paymentFrom: null, daysSinceReady: 0 },
    });
    expect(n.dischargeSummaryReceivedAt).not.toBeNull();
    // The national ID lives in the access module's table only; the person is the district's.
    const person = await t.db
      .selectFrom('person')
      .select(['district', 'given_name'])
      .where('id', '=', n.personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ district: 'alna', given_name: 'Kari' });
    const stored = await t.db.selectFrom('discharge_ready').selectAll().where('id', '=', n.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(nationalId);

    const forAlna = (await list(alna)).find((x) => x.id === n.id);
    expect(forAlna?.patient).toMatchObject({ givenName: 'Kari', familyName: 'Utskrivningsklar' });
    expect((await list(intake)).some((x) => x.id === n.id)).toBe(true);
    const own = (await list(liaison)).find((x) => x.id === n.id);
    expect(own).toMatchObject({ status: 'awaiting_answer', patient: null });
    expect((await list(otherLiaison)).some((x) => x.id === n.id)).toBe(false);
    expect((await list(frogner)).some((x) => x.id === n.id)).toBe(false);
    expect((await get(`/api/discharge-ready/${n.id}`, frogner)).statusCode).toBe(404);
    expect((await get(`/api/discharge-ready/${n.id}`, otherLiaison)).statusCode).toBe(404);
    const ownDetail = await get(`/api/discharge-ready/${n.id}`, liaison);
    expect(ownDetail.statusCode, ownDetail.body).toBe(200);
    expect(ownDetail.json<NotificationDetail>()).toMatchObject({
      patient: null,
      evidence: [{ kind: 'notified' }, { kind: 'summary_received' }],
    });

    // A second notice for the same national ID is the same person.
    const again = await notify({ nationalId });
    expect(again.personId).toBe(n.personId);
  });

  it('audits every use of the person data: the notice, each list row and each read', async () => {
    const n = await notify();
    await list(alna);
    await get(`/api/discharge-ready/${n.id}`, alna);
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'purpose'])
      .where('person_id', '=', n.personId)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['create', 'notify_discharge_ready', 'read', 'read']);
    expect(new Set(rows.map((r) => r.purpose))).toEqual(new Set(['intake']));
  });

  it('takes a FHIR R4 Bundle (application/fhir+json) and maps Task, ServiceRequest, Patient and the requester', async () => {
    const nationalId = syntheticNationalId();
    const response = await post('/api/discharge-ready/fhir', fhirBundle(nationalId), liaison, { 'content-type': 'application/fhir+json' });
    expect(response.statusCode, response.body).toBe(201);
    const n = response.json<Notification>();
    expect(n).toMatchObject({
      source: 'fhir',
      district: 'alna',
      hospital: 'Oslo universitetssykehus',
      ward: 'Avdeling for rus og avhengighet, post 2',
      externalId: 'urn:oid:2.16.578.1.12.4.1.2.1|UTSKR-1001',
      dischargeSummaryReceivedAt: null,
    });
    expect(n.needs).toBe('Bolig med oppfølging\nTrenger oppfølging fra bydelen de første ukene.');
    // ServiceRequest.occurrenceDateTime (an hour ago) wins over Task.authoredOn (30 minutes ago).
    expect(Date.now() - Date.parse(n.readyAt)).toBeGreaterThan(55 * 60_000);
    const detail = (await get(`/api/discharge-ready/${n.id}`, alna)).json<NotificationDetail>();
    expect(detail.patient).toMatchObject({ givenName: 'Per Ole', familyName: 'Fhirsen' });
    expect(detail.evidence.map((e) => e.kind)).toEqual(['notified']);
  });

  it('refuses a malformed FHIR bundle with a 400 problem naming the failing path', async () => {
    const badStatus = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[0]!.resource.status = 'waiting';
    });
    const p1 = problemOf(await post('/api/discharge-ready/fhir', badStatus, liaison, { 'content-type': 'application/fhir+json' }), 400);
    expect(p1.errors?.map((e) => e.field)).toContain('Bundle.entry[0].resource.status');

    const badDate = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[1]!.resource.occurrenceDateTime = '2026-13-40';
    });
    const p2 = problemOf(await post('/api/discharge-ready/fhir', badDate), 400);
    expect(p2.errors?.[0]?.field).toBe('Bundle.entry[1].resource.occurrenceDateTime');

    const unknownElement = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[2]!.resource.bydel = 'Alna';
    });
    expect(problemOf(await post('/api/discharge-ready/fhir', unknownElement), 400).errors?.[0]?.field).toBe(
      'Bundle.entry[2].resource.bydel',
    );

    const notBundle = problemOf(await post('/api/discharge-ready/fhir', { resourceType: 'Patient' }), 400);
    expect(notBundle.errors?.map((e) => e.field)).toContain('Bundle.resourceType');

    const noTask = fhirBundle(syntheticNationalId(), (b) => {
      b.entry.splice(0, 1);
    });
    const p3 = problemOf(await post('/api/discharge-ready/fhir', noTask), 422);
    expect(p3.errors?.[0]?.field).toBe('Bundle.entry');
    expect(await t.db.selectFrom('discharge_ready').select('id').where('source', '=', 'fhir').execute()).toHaveLength(1);
  });

  it('refuses a patient of another municipality or an unknown district with a 422 naming the field', async () => {
    expect(problemOf(await post('/api/discharge-ready', notice({ kommune: '4601' })), 422).errors?.[0]?.field).toBe('kommune');
    const unknown = problemOf(await post('/api/discharge-ready', notice({ district: 'Bergenhus' })), 422);
    expect(unknown.errors?.[0]?.field).toBe('district');
    expect(unknown.detail).toMatch(/not one of Oslo's 15 city districts/);

    const bergen = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[2]!.resource.address = [{ use: 'home', city: 'Bergen', district: 'Bergenhus' }];
    });
    expect(problemOf(await post('/api/discharge-ready/fhir', bergen), 422).errors?.[0]?.field).toBe('Patient.address[0].city');
    const municipality = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[2]!.resource.address = [
        {
          use: 'home',
          city: 'Oslo',
          district: 'Alna',
          extension: [{ url: 'http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode', valueCoding: { code: '3201' } }],
        },
      ];
    });
    expect(problemOf(await post('/api/discharge-ready/fhir', municipality), 422).errors?.[0]?.field).toBe('Patient.address[0].extension');
    const noDistrict = fhirBundle(syntheticNationalId(), (b) => {
      b.entry[2]!.resource.address = [{ use: 'home', city: 'Oslo', district: 'Sentrum' }];
    });
    expect(problemOf(await post('/api/discharge-ready/fhir', noDistrict), 422).errors?.[0]?.field).toBe('Patient.address[0].district');
  });

  it('refuses an unknown person, a person of another district and a bad national ID, naming the field', async () => {
    const unknown = problemOf(await post('/api/discharge-ready', notice({ nationalId: undefined, personId: crypto.randomUUID() })), 422);
    expect(unknown.errors?.[0]?.field).toBe('personId');
    const inFrogner = await notify({ district: 'frogner' });
    const elsewhere = problemOf(await post('/api/discharge-ready', notice({ nationalId: undefined, personId: inFrogner.personId })), 422);
    expect(elsewhere.errors?.[0]?.field).toBe('personId');
    const known = await notify({ nationalId: undefined, personId: inFrogner.personId, district: 'frogner' });
    expect(known.personId).toBe(inFrogner.personId);
    expect(problemOf(await post('/api/discharge-ready', notice({ nationalId: '12345678901' })), 400).errors?.[0]?.field).toBe('nationalId');
    expect(
      problemOf(await post('/api/discharge-ready', notice({ readyAt: new Date(Date.now() + 3_600_000).toISOString() })), 400).errors?.[0]
        ?.field,
    ).toBe('readyAt');
  });

  it('moves a patient registered under another district to the one the hospital names, audited; the trail says from where', async () => {
    const nationalId = syntheticNationalId();
    const first = await notify({ nationalId, district: 'frogner' });
    expect((await get(`/api/persons/${first.personId}`, frogner)).statusCode).toBe(200);
    const moved = await notify({ nationalId, district: 'alna' });
    expect(moved).toMatchObject({ personId: first.personId, district: 'alna' });
    // The person is Alna's now: Frogner no longer sees them, and keeps its own earlier notice.
    expect((await get(`/api/persons/${first.personId}`, alna)).statusCode).toBe(200);
    expect((await get(`/api/persons/${first.personId}`, frogner)).statusCode).toBe(404);
    expect((await list(frogner)).map((n) => n.id)).toContain(first.id);
    const detail = (await get(`/api/discharge-ready/${moved.id}`, alna)).json<NotificationDetail>();
    expect(detail.evidence[0]).toMatchObject({ kind: 'notified', detail: { movedFrom: 'frogner' } });
    await flushPendingAudit(t.db);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('person_id', '=', first.personId)
      .where('action', '=', 'move_district')
      .execute();
    expect(audit).toEqual([{ action: 'move_district', detail: expect.objectContaining({ district: 'alna', from: 'frogner' }) }]);
  });

  it("keeps the district's answers in the evidence trail; payment counts from the notification day when it cannot receive", async () => {
    const n = await notify();
    expect(
      (await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: false, reason: 'Ingen ledig bolig' }, liaison)).statusCode,
    ).toBe(403);
    expect((await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: false, reason: 'x' }, frogner)).statusCode).toBe(404);
    const missing = problemOf(await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: false }, alna), 400);
    expect(missing.errors?.[0]?.field).toBe('reason');
    const past = problemOf(
      await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: true, receiveOn: addDays(osloDate(new Date()), -1) }, alna),
      400,
    );
    expect(past.errors?.[0]?.field).toBe('receiveOn');

    const cannot = await post(
      `/api/discharge-ready/${n.id}/answer`,
      { canReceive: false, reason: 'Ingen ledig bolig med oppfølging' },
      alna,
    );
    expect(cannot.statusCode, cannot.body).toBe(200);
    const today = osloDate(new Date());
    expect(cannot.json<NotificationDetail>()).toMatchObject({
      status: 'cannot_receive',
      answer: { canReceive: false, reason: 'Ingen ledig bolig med oppfølging' },
      counters: { paymentDays: 1, paymentFrom: today },
    });
    const receiveOn = addDays(today, 3);
    const can = await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: true, receiveOn }, alna, {
      'idempotency-key': `svar-${n.id}`,
    });
    expect(can.statusCode, can.body).toBe(200);
    const replay = await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: true, receiveOn }, alna, {
      'idempotency-key': `svar-${n.id}`,
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const summary = await post(`/api/discharge-ready/${n.id}/summary`, {}, intake);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(problemOf(await post(`/api/discharge-ready/${n.id}/summary`, {}, intake), 409).errors?.[0]?.field).toBe('id');
    const detail = summary.json<NotificationDetail>();
    expect(detail).toMatchObject({ status: 'can_receive', answer: { receiveOn }, counters: { paymentDays: 1, paymentFrom: today } });
    expect(detail.evidence.map((e) => e.kind)).toEqual(['notified', 'answered', 'answered', 'summary_received']);
    expect(detail.evidence[1]?.detail).toMatchObject({ canReceive: false, reason: 'Ingen ledig bolig med oppfølging' });
    for (const e of detail.evidence) expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Date.parse(n.notifiedAt) - 1000);
    // The liaison sees the answer on their own notice.
    expect((await list(liaison)).find((x) => x.id === n.id)?.status).toBe('can_receive');
  });

  it('keeps the evidence trail append-only', async () => {
    const n = await notify();
    await expect(sql`update discharge_ready_event set kind = 'answered' where notification_id = ${n.id}`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from discharge_ready_event where notification_id = ${n.id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('counts payment days across the notification day: from and including it, by Oslo days', async () => {
    const n = await notify();
    // Notified late yesterday evening (Oslo), unanswered: payment started at midnight and counts yesterday and today.
    const yesterday = addDays(osloDate(new Date()), -1);
    const lateYesterday = new Date(`${yesterday}T21:30:00Z`); // 22:30 or 23:30 in Oslo, still yesterday there
    await t.db.updateTable('discharge_ready').set({ notified_at: lateYesterday, ready_at: lateYesterday }).where('id', '=', n.id).execute();
    const before = (await list(alna)).find((x) => x.id === n.id)!;
    expect(before.counters).toMatchObject({ paymentDays: 2, paymentFrom: yesterday, daysSinceReady: 1 });
    // The district can receive the patient today: only yesterday is owed.
    const answered = await post(`/api/discharge-ready/${n.id}/answer`, { canReceive: true, receiveOn: osloDate(new Date()) }, alna);
    expect(answered.json<NotificationDetail>().counters).toMatchObject({ paymentDays: 1, paymentFrom: yesterday, daysSinceReady: 1 });
  });

  it('stores and publishes the payment alert of an unanswered notice exactly once, even with two runs at once', async () => {
    const open = await notify();
    const answered = await notify();
    await post(`/api/discharge-ready/${answered.id}/answer`, { canReceive: false, reason: 'Fullt' }, alna);
    const due = new Date(Date.now() - 60_000);
    await t.db.updateTable('discharge_ready').set({ payment_alert_due_at: due }).where('id', 'in', [open.id, answered.id]).execute();
    // Only these two are due: the other tests' notices fall due by the clock late in the Oslo day (an hour before midnight).
    const later = new Date(Date.now() + 86_400_000);
    await t.db.updateTable('discharge_ready').set({ payment_alert_due_at: later }).where('id', 'not in', [open.id, answered.id]).execute();
    const topicCount = async () =>
      (await t.db.selectFrom('platform_event').select('payload').where('topic', '=', PAYMENT_ALERT).execute()).filter(
        (e) => (e.payload as { notificationId?: string }).notificationId === open.id,
      ).length;

    // A second connection pool stands in for a second instance on a server; PGlite is one connection in one process.
    const second = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: await currentDatabaseUrl() }, { poolSize: 2 }) : null;
    try {
      const runs = await Promise.all([sendPaymentAlerts(t.db), sendPaymentAlerts(second?.db ?? t.db)]);
      expect(runs.reduce((sum, r) => sum + r.alerts, 0)).toBe(1);
    } finally {
      await second?.close();
    }
    expect(await sendPaymentAlerts(t.db)).toEqual({ alerts: 0 });
    const alerts = await t.db
      .selectFrom('discharge_ready_alert')
      .select('notification_id')
      .where('notification_id', 'in', [open.id, answered.id])
      .execute();
    expect(alerts.map((a) => a.notification_id)).toEqual([open.id]);
    expect(await topicCount()).toBe(1);
    const detail = (await get(`/api/discharge-ready/${open.id}`, alna)).json<NotificationDetail>();
    expect(detail.alertedAt).not.toBeNull();
    expect(detail.evidence.filter((e) => e.kind === 'payment_alert')).toHaveLength(1);
  });

  it('answers a repeated notice with the same Idempotency-Key once, with the first answer', async () => {
    const body = notice();
    const headers = { 'idempotency-key': `varsel-${body.nationalId}` };
    const [a, b] = await Promise.all([
      post('/api/discharge-ready', body, liaison, headers),
      post('/api/discharge-ready', body, liaison, headers),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json<Notification>().id).toBe(b.json<Notification>().id);
    expect(
      await t.db.selectFrom('discharge_ready').select('id').where('person_id', '=', a.json<Notification>().personId).execute(),
    ).toHaveLength(1);
  });
});
