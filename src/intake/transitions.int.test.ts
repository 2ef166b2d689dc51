import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { flushPendingAudit } from '../access/audit.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Capacity, CapacityUnit, Stay } from './intake.schemas.ts';
import { addWorkingDays } from './transitions-rules.ts';
import type {
  Agreement,
  AgreementList,
  ImmediateDischarge,
  QualityOfLife,
  QualityOfLifeList,
  StayRequest,
  Task,
  TaskDetail,
  TaskList,
  UnitStays,
} from './transitions.schemas.ts';

type Headers = Record<string, string>;
type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

const DAY = 86_400_000;
const osloToday = (offset = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * DAY),
  );
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe.each(testDatabaseKinds())('intake transitions on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  let intake2: { headers: Headers; id: string };
  let caseworker: Headers;
  let gatehospitaletStaff: Headers;
  let ressursStaff: Headers;

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
    const second = await signIn(t, ['common_intake']);
    const row = await t.db.selectFrom('app_user').select('id').where('email', '=', second.email).executeTakeFirstOrThrow();
    intake2 = { headers: second.headers, id: row.id };
    caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    gatehospitaletStaff = (await signIn(t, ['institution_staff'], { units: ['gatehospitalet'] })).headers;
    ressursStaff = (await signIn(t, ['institution_staff'], { units: ['kommunale-ressurssentre'] })).headers;
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: object = {}, headers: Headers = intake) => t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Headers = intake) => t.app.inject({ method: 'GET', url, headers });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the answer's type
  const ok = <T>(response: Awaited<ReturnType<typeof post>>, status = 200): T => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json<T>();
  };
  const problemOf = (response: Awaited<ReturnType<typeof post>>, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<Problem>();
  };
  const unit = async (id: string): Promise<CapacityUnit> => ok<Capacity>(await get('/api/capacity')).units.find((u) => u.id === id)!;
  const newPerson = async () =>
    ok<{ id: string }>(
      await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'Test', familyName: 'Person', district: 'alna' }),
      201,
    ).id;
  const admit = async (unitId: string, personId?: string) =>
    ok<Stay>(await post('/api/intake/stays', { unitId, personId: personId ?? (await newPerson()), admittedAt: minutesAgo(600) }), 201);
  const count = async (table: 'intake_incident' | 'intake_bar' | 'intake_replacement_task', personId: string) =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const dischargeBody = (overrides: object = {}) => ({
    at: minutesAgo(5),
    incident: { kind: 'violence', description: 'Slo en ansatt i ansiktet på fellesrommet.' },
    barUntil: osloToday(30),
    ...overrides,
  });

  describe('immediate discharge', () => {
    it('ends the stay, records the incident, bars the unit and opens a task for common intake, in one answer', async () => {
      const id = 'kommunale-omsorgssentre-aktiv-rus';
      const stay = await admit(id);
      expect((await unit(id)).occupied).toBe(1);
      const body = dischargeBody();
      const answer = ok<ImmediateDischarge>(await post(`/api/intake/stays/${stay.id}/immediate-discharge`, body));
      expect(answer.stay).toMatchObject({ id: stay.id, destination: 'unknown', capacity: { occupied: 0, free: 63 } });
      expect(answer.incident).toMatchObject({ stayId: stay.id, kind: 'violence', description: body.incident.description });
      expect(answer.bar).toMatchObject({ personId: stay.personId, unitId: id, from: osloToday(0), until: body.barUntil });
      expect(answer.task).toMatchObject({
        personId: stay.personId,
        fromUnitId: id,
        fromStayId: stay.id,
        ownerTeam: 'common_intake',
        ownerUserId: null,
        status: 'open',
        ageBucket: 'under_24h',
      });
      // Default deadline: two working days after the discharge.
      expect(answer.task.deadline).toBe(addWorkingDays(new Date(body.at), 2).toISOString());
      expect((await unit(id)).occupied).toBe(0);
      await flushPendingAudit(t.db); // intake's audit rows are chained just after commit
      const audited = await t.db.selectFrom('audit_event').select('action').where('person_id', '=', stay.personId).execute();
      expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['immediate_discharge', 'discharge']));
      const event = await t.db
        .selectFrom('platform_event')
        .select('payload')
        .where('topic', '=', 'intake.capacity_changed')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.payload).toMatchObject({ id, occupied: 0 });
    });

    it('refuses an already discharged stay with a 409 naming id, writing nothing', async () => {
      const stay = await admit('kommunale-omsorgssentre-aktiv-rus');
      ok(await post(`/api/intake/stays/${stay.id}/discharge`, { dischargedAt: minutesAgo(10), destination: 'own_home' }));
      const refused = problemOf(await post(`/api/intake/stays/${stay.id}/immediate-discharge`, dischargeBody()), 409);
      expect(refused.errors?.[0]?.field).toBe('id');
      expect(await count('intake_incident', stay.personId)).toBe(0);
      expect(await count('intake_bar', stay.personId)).toBe(0);
      expect(await count('intake_replacement_task', stay.personId)).toBe(0);
    });

    it('refuses a bar that ended before today, a time in the future or before the admission, and a past task deadline', async () => {
      const stay = await admit('kommunale-omsorgssentre-aktiv-rus');
      const url = `/api/intake/stays/${stay.id}/immediate-discharge`;
      expect(problemOf(await post(url, dischargeBody({ barUntil: osloToday(-1) })), 400).errors?.[0]?.field).toBe('barUntil');
      expect(problemOf(await post(url, dischargeBody({ barUntil: osloToday(2000) })), 400).errors?.[0]?.field).toBe('barUntil');
      expect(
        problemOf(await post(url, dischargeBody({ at: new Date(Date.now() + 3_600_000).toISOString() })), 400).errors?.[0]?.field,
      ).toBe('at');
      expect(problemOf(await post(url, dischargeBody({ at: minutesAgo(6000) })), 400).errors?.[0]?.field).toBe('at');
      expect(problemOf(await post(url, dischargeBody({ taskDeadline: minutesAgo(1) })), 400).errors?.[0]?.field).toBe('taskDeadline');
      expect(problemOf(await post(url, dischargeBody({ incident: { kind: 'noise', description: 'x' } })), 400).errors?.[0]?.field).toBe(
        'incident.kind',
      );
      expect(await count('intake_incident', stay.personId)).toBe(0);
      expect(
        (await t.db.selectFrom('intake_stay').select('discharged_at').where('id', '=', stay.id).executeTakeFirstOrThrow()).discharged_at,
      ).toBeNull();
    });

    it('leaves nothing half-written when a later step fails: no incident, no bar, the stay still open', async () => {
      const id = 'kommunale-omsorgssentre-aktiv-rus';
      const stay = await admit(id);
      const before = await unit(id);
      await sql`create function test_fail_task() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure'; end $$`.execute(t.db);
      await sql`create trigger test_fail_task before insert on intake_replacement_task
        for each row execute function test_fail_task()`.execute(t.db);
      try {
        expect((await post(`/api/intake/stays/${stay.id}/immediate-discharge`, dischargeBody())).statusCode).toBe(500);
      } finally {
        await sql`drop trigger test_fail_task on intake_replacement_task`.execute(t.db);
        await sql`drop function test_fail_task()`.execute(t.db);
      }
      expect(await count('intake_incident', stay.personId)).toBe(0);
      expect(await count('intake_bar', stay.personId)).toBe(0);
      expect(await unit(id)).toMatchObject({ occupied: before.occupied });
      // And the same request succeeds afterwards.
      ok(await post(`/api/intake/stays/${stay.id}/immediate-discharge`, dischargeBody()));
    });

    it('takes one of two concurrent immediate discharges of a stay; the other gets a 409, and one task exists', async () => {
      const stay = await admit('kommunale-omsorgssentre-aktiv-rus');
      const answers = await Promise.all([1, 2].map(() => post(`/api/intake/stays/${stay.id}/immediate-discharge`, dischargeBody())));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(await count('intake_replacement_task', stay.personId)).toBe(1);
      expect(await count('intake_bar', stay.personId)).toBe(1);
    });

    it('refuses to admit or offer a barred person at that unit (409 naming unitId), also in SQL; other units still take them', async () => {
      const id = 'ideelle-omsorgssentre';
      const stay = await admit(id);
      ok(
        await post(
          `/api/intake/stays/${stay.id}/immediate-discharge`,
          dischargeBody({ incident: { kind: 'threats', description: 'Truet med kniv.' } }),
        ),
      );
      const direct = problemOf(await post('/api/intake/stays', { unitId: id, personId: stay.personId }), 409);
      expect(direct.errors?.[0]?.field).toBe('unitId');
      expect(direct.detail).toMatch(/barred from this unit through/);
      const offer = problemOf(
        await post('/api/intake/holds', { unitId: id, personId: stay.personId, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
        409,
      );
      expect(offer.errors?.[0]?.field).toBe('unitId');
      await expect(
        sql`insert into intake_stay (id, unit_id, person_id, admitted_at, created_by)
            values (gen_random_uuid(), ${id}, ${stay.personId}, now(), 'sql')`.execute(t.db),
      ).rejects.toThrow(/barred/);
      const elsewhere = await post('/api/intake/stays', { unitId: 'kommunale-mestringsenheter', personId: stay.personId });
      expect(elsewhere.statusCode, elsewhere.body).toBe(201);
      ok(
        await post(`/api/intake/stays/${elsewhere.json<Stay>().id}/discharge`, {
          dischargedAt: new Date().toISOString(),
          destination: 'own_home',
        }),
      );
      // Once the bar's last day has passed, the unit may take the person again.
      await sql`update intake_bar set from_date = current_date - 20, until_date = current_date - 2
        where person_id = ${stay.personId}`.execute(t.db);
      expect((await post('/api/intake/stays', { unitId: id, personId: stay.personId })).statusCode).toBe(201);
    });

    it('lets institution staff discharge immediately at their own unit only, and lists their unit’s residents', async () => {
      const own = await admit('gatehospitalet');
      const other = await admit('kommunale-ressurssentre');
      const listed = ok<UnitStays>(await get('/api/intake/units/gatehospitalet/stays', gatehospitaletStaff));
      expect(listed.stays.map((s) => s.id)).toContain(own.id);
      expect(problemOf(await get('/api/intake/units/kommunale-ressurssentre/stays', gatehospitaletStaff), 403).errors?.[0]?.field).toBe(
        'id',
      );
      const refused = problemOf(await post(`/api/intake/stays/${other.id}/immediate-discharge`, dischargeBody(), gatehospitaletStaff), 403);
      expect(refused.errors?.[0]?.field).toBe('id');
      expect(await count('intake_incident', other.personId)).toBe(0);
      ok(await post(`/api/intake/stays/${own.id}/immediate-discharge`, dischargeBody(), gatehospitaletStaff));
      expect(problemOf(await get('/api/intake/tasks', gatehospitaletStaff), 403).status).toBe(403);
    });
  });

  describe('re-placement tasks', () => {
    const openTask = async () => {
      const stay = await admit('kommunale-mestringsenheter');
      return ok<ImmediateDischarge>(await post(`/api/intake/stays/${stay.id}/immediate-discharge`, dischargeBody())).task;
    };

    it('counts open tasks by age and owner, lets a worker take one, hand it on, and close it with an outcome', async () => {
      const fresh = await openTask();
      const older = await openTask();
      const oldest = await openTask();
      const late = await openTask();
      await sql`update intake_replacement_task set created_at = now() - interval '2 days', deadline = now() + interval '1 day'
        where id = ${older.id}`.execute(t.db);
      await sql`update intake_replacement_task set created_at = now() - interval '4 days', deadline = now() + interval '1 day'
        where id = ${oldest.id}`.execute(t.db);
      await sql`update intake_replacement_task set deadline = now() - interval '1 hour' where id = ${late.id}`.execute(t.db);

      const taken = ok<Task>(await post(`/api/intake/tasks/${fresh.id}/take`, {}, intake2.headers));
      expect(taken).toMatchObject({ ownerUserId: intake2.id, ownerTeam: 'common_intake' });
      expect(taken.ownerName).toMatch(/common_intake/);

      const list = ok<TaskList>(await get('/api/intake/tasks'));
      const buckets = Object.fromEntries(list.tasks.map((x) => [x.id, x.ageBucket]));
      expect(buckets).toMatchObject({
        [fresh.id]: 'under_24h',
        [older.id]: 'one_to_three_days',
        [oldest.id]: 'over_three_days',
        [late.id]: 'overdue',
      });
      expect(list.overview.open).toBe(list.tasks.length);
      expect(Object.values(list.overview.byAge).reduce((a, b) => a + b, 0)).toBe(list.overview.open);
      expect(list.overview.byOwner.find((o) => o.ownerUserId === intake2.id)?.open).toBe(1);
      expect(list.overview.byOwner.find((o) => o.ownerTeam === 'common_intake' && o.ownerUserId === null)?.open).toBe(
        list.overview.open - 1,
      );

      const detail = ok<TaskDetail>(await get(`/api/intake/tasks/${fresh.id}`));
      expect(detail).toMatchObject({ incident: { kind: 'violence' }, stay: { id: fresh.fromStayId } });
      expect(detail.bars).toHaveLength(1);

      const notIntake = problemOf(
        await post(`/api/intake/tasks/${fresh.id}/assign`, { userId: '00000000-0000-4000-8000-000000000000' }),
        422,
      );
      expect(notIntake.errors?.[0]?.field).toBe('userId');
      expect(ok<Task>(await post(`/api/intake/tasks/${fresh.id}/assign`, { team: 'district' }))).toMatchObject({
        ownerTeam: 'district',
        ownerUserId: null,
      });
      expect(ok<Task>(await post(`/api/intake/tasks/${fresh.id}/assign`, { userId: intake2.id }))).toMatchObject({
        ownerUserId: intake2.id,
      });

      const closed = ok<Task>(
        await post(`/api/intake/tasks/${fresh.id}/close`, { outcome: 'placed', note: 'Fått plass ved et annet omsorgssenter.' }),
      );
      expect(closed).toMatchObject({ status: 'closed', outcome: 'placed', ageBucket: null });
      expect(problemOf(await post(`/api/intake/tasks/${fresh.id}/close`, { outcome: 'other' }), 409).errors?.[0]?.field).toBe('id');
      expect(problemOf(await post(`/api/intake/tasks/${fresh.id}/take`), 409).errors?.[0]?.field).toBe('id');
      expect(ok<TaskList>(await get('/api/intake/tasks?status=closed')).tasks.map((x) => x.id)).toContain(fresh.id);
      expect(problemOf(await get(`/api/intake/tasks/00000000-0000-4000-8000-000000000000`), 404).errors?.[0]?.field).toBe('id');
    });

    it('never lets a task be without an owner, whatever SQL writes', async () => {
      const task = await openTask();
      await expect(
        sql`update intake_replacement_task set owner_team = null, owner_user_id = null where id = ${task.id}`.execute(t.db),
      ).rejects.toThrow(/intake_replacement_task_has_owner/);
      await expect(sql`update intake_replacement_task set status = 'closed' where id = ${task.id}`.execute(t.db)).rejects.toThrow(
        /intake_replacement_task_closed/,
      );
    });
  });

  describe('user-controlled places', () => {
    const agreementBody = (personId: string, overrides: object = {}) => ({
      personId,
      unitId: 'kommunale-ressurssentre',
      nightsPerStay: 3,
      staysPerPeriod: 2,
      periodDays: 30,
      validFrom: osloToday(-10),
      validTo: osloToday(180),
      ...overrides,
    });

    it('grants a stay within the agreement as a hold; refuses too many nights, dates outside it, a used-up period (422)', async () => {
      const person = await newPerson();
      const agreement = ok<Agreement>(await post('/api/intake/user-controlled/agreements', agreementBody(person), ressursStaff), 201);
      expect(agreement).toMatchObject({ personId: person, unitName: 'Kommunale ressurssentre', nightsPerStay: 3 });
      const url = `/api/intake/user-controlled/agreements/${agreement.id}/stays`;
      const before = await unit('kommunale-ressurssentre');

      const granted = ok<StayRequest>(await post(url, { from: osloToday(0), to: osloToday(2) }, ressursStaff), 201);
      expect(granted).toMatchObject({ outcome: 'granted', alternatives: [] });
      expect(granted.hold).toMatchObject({ personId: person, unitId: 'kommunale-ressurssentre', status: 'active' });
      expect((await unit('kommunale-ressurssentre')).held).toBe(before.held + 1);
      // Admitted from the hold on arrival, through the ordinary admission.
      ok<Stay>(await post('/api/intake/stays', { holdId: granted.hold!.id }, ressursStaff), 201);

      const tooLong = problemOf(await post(url, { from: osloToday(1), to: osloToday(5) }, ressursStaff), 422);
      expect(tooLong.errors?.[0]).toMatchObject({ field: 'to' });
      expect(tooLong.detail).toMatch(/4 nights is more than the agreement's 3/);
      expect(problemOf(await post(url, { from: osloToday(-1), to: osloToday(1) }), 422).errors?.[0]?.field).toBe('from');
      expect(problemOf(await post(url, { from: osloToday(3), to: osloToday(3) }), 422).errors?.[0]?.field).toBe('to');
      expect(problemOf(await post(url, { from: osloToday(30), to: osloToday(31) }), 422).errors?.[0]?.field).toBe('from');

      const person2 = await newPerson();
      const short = ok<Agreement>(
        await post(
          '/api/intake/user-controlled/agreements',
          agreementBody(person2, { validFrom: osloToday(0), validTo: osloToday(1), staysPerPeriod: 1 }),
        ),
        201,
      );
      const shortUrl = `/api/intake/user-controlled/agreements/${short.id}/stays`;
      expect(problemOf(await post(shortUrl, { from: osloToday(2), to: osloToday(3) }), 422).errors?.[0]?.field).toBe('from');
      expect(problemOf(await post(shortUrl, { from: osloToday(1), to: osloToday(3) }), 422).errors?.[0]?.field).toBe('to');
      ok(await post(shortUrl, { from: osloToday(0), to: osloToday(1) }), 201);
      const used = problemOf(await post(shortUrl, { from: osloToday(1), to: osloToday(2) }), 422);
      expect(used.errors?.[0]?.field).toBe('from');
      expect(used.detail).toMatch(/1 stays per 30 days are used/);
      const requests = await t.db
        .selectFrom('intake_user_controlled_stay_request')
        .select('outcome')
        .where('person_id', '=', person2)
        .execute();
      expect(requests).toEqual([{ outcome: 'granted' }]);
    });

    it('refuses an agreement overlapping another at the unit (409), ending before it starts or past (422), out of scope', async () => {
      const person = await newPerson();
      ok(await post('/api/intake/user-controlled/agreements', agreementBody(person)), 201);
      const overlap = problemOf(
        await post('/api/intake/user-controlled/agreements', agreementBody(person, { validFrom: osloToday(100), validTo: osloToday(300) })),
        409,
      );
      expect(overlap.errors?.[0]?.field).toBe('validFrom');
      ok(await post('/api/intake/user-controlled/agreements', agreementBody(person, { unitId: 'ideelle-ressurssentre' })), 201);
      ok(
        await post('/api/intake/user-controlled/agreements', agreementBody(person, { validFrom: osloToday(181), validTo: osloToday(200) })),
        201,
      );
      const backwards = problemOf(
        await post(
          '/api/intake/user-controlled/agreements',
          agreementBody(await newPerson(), { validFrom: osloToday(10), validTo: osloToday(5) }),
        ),
        422,
      );
      expect(backwards.errors?.[0]?.field).toBe('validTo');
      const past = problemOf(
        await post(
          '/api/intake/user-controlled/agreements',
          agreementBody(await newPerson(), { validFrom: osloToday(-30), validTo: osloToday(-1) }),
        ),
        422,
      );
      expect(past.errors?.[0]?.field).toBe('validTo');
      const scope = problemOf(
        await post('/api/intake/user-controlled/agreements', agreementBody(await newPerson()), gatehospitaletStaff),
        403,
      );
      expect(scope.errors?.[0]?.field).toBe('unitId');
      expect(
        problemOf(await post('/api/intake/user-controlled/agreements', agreementBody('00000000-0000-4000-8000-000000000000')), 404)
          .errors?.[0]?.field,
      ).toBe('personId');
      expect(
        problemOf(await post('/api/intake/user-controlled/agreements', agreementBody(person, { nightsPerStay: 0 })), 400).errors?.[0]
          ?.field,
      ).toBe('nightsPerStay');
      const mine = ok<{ agreements: Agreement[] }>(await get('/api/intake/user-controlled/agreements', ressursStaff));
      expect(mine.agreements.every((a) => a.unitId === 'kommunale-ressurssentre')).toBe(true);
      expect(ok<{ agreements: Agreement[] }>(await get('/api/intake/user-controlled/agreements', gatehospitaletStaff)).agreements).toEqual(
        [],
      );
      expect(
        ok<{ agreements: Agreement[] }>(await get(`/api/intake/user-controlled/agreements?personId=${person}`)).agreements,
      ).toHaveLength(3);
    });

    it('offers comparable units with a free place when the unit is full, and holds nothing', async () => {
      const id = 'ideelle-ressurssentre';
      const full = await unit(id);
      ok(await post(`/api/capacity/units/${id}/blocks`, { places: full.free, reason: 'Fullt', until: osloToday(3) }), 201);
      const person = await newPerson();
      const agreement = ok<Agreement>(await post('/api/intake/user-controlled/agreements', agreementBody(person, { unitId: id })), 201);
      const answer = ok<StayRequest>(
        await post(`/api/intake/user-controlled/agreements/${agreement.id}/stays`, { from: osloToday(0), to: osloToday(1) }),
      );
      expect(answer).toMatchObject({ outcome: 'unit_full', hold: null });
      // The other drug-free resource centre is comparable; active-use units and other categories are not.
      expect(answer.alternatives.map((u) => u.id)).toEqual(['kommunale-ressurssentre']);
      expect(answer.alternatives[0]!.free).toBeGreaterThan(0);
      expect((await unit(id)).held).toBe(full.held);
      const rows = await t.db
        .selectFrom('intake_user_controlled_stay_request')
        .select(['outcome', 'hold_id'])
        .where('person_id', '=', person)
        .execute();
      expect(rows).toEqual([{ outcome: 'unit_full', hold_id: null }]);
    });
  });

  describe('quality of life', () => {
    it('stores 1–7 in districts, 1–5 in institutions, or declined, and lists them per person for staff in scope', async () => {
      const person = await newPerson();
      const inDistrict = ok<QualityOfLife>(
        await post(
          '/api/intake/quality-of-life',
          { personId: person, answeredOn: osloToday(0), setting: 'district', district: 'alna', score: 7 },
          caseworker,
        ),
        201,
      );
      expect(inDistrict).toMatchObject({ setting: 'district', district: 'alna', unitId: null, score: 7, declined: false });
      ok(
        await post(
          '/api/intake/quality-of-life',
          { personId: person, answeredOn: osloToday(-1), setting: 'institution', unitId: 'gatehospitalet', score: 5 },
          gatehospitaletStaff,
        ),
        201,
      );
      const declined = ok<QualityOfLife>(
        await post(
          '/api/intake/quality-of-life',
          { personId: person, answeredOn: osloToday(-2), setting: 'institution', unitId: 'gatehospitalet', declined: true },
          gatehospitaletStaff,
        ),
        201,
      );
      expect(declined).toMatchObject({ score: null, declined: true });

      const district = ok<QualityOfLifeList>(await get(`/api/intake/persons/${person}/quality-of-life`, caseworker));
      expect(district.answers.map((a) => a.id)).toEqual([inDistrict.id]);
      const institution = ok<QualityOfLifeList>(await get(`/api/intake/persons/${person}/quality-of-life`, gatehospitaletStaff));
      expect(institution.answers.map((a) => a.score)).toEqual([5, null]);
      await flushPendingAudit(t.db);
      const audited = await t.db
        .selectFrom('audit_event')
        .select('action')
        .where('person_id', '=', person)
        .where('action', 'like', '%quality_of_life')
        .execute();
      expect(audited.map((a) => a.action).sort()).toEqual([
        'read_quality_of_life',
        'read_quality_of_life',
        'record_quality_of_life',
        'record_quality_of_life',
        'record_quality_of_life',
      ]);
    });

    it('refuses scores off the scale, a score with a declined answer, a future date and places out of scope, also in SQL', async () => {
      const person = await newPerson();
      const qol = (body: object, headers = gatehospitaletStaff) =>
        post(
          '/api/intake/quality-of-life',
          { personId: person, answeredOn: osloToday(0), setting: 'institution', unitId: 'gatehospitalet', ...body },
          headers,
        );
      expect(problemOf(await qol({ score: 6 }), 400).errors?.[0]).toMatchObject({
        field: 'score',
        message: 'must be a whole number from 1 to 5 in an institution',
      });
      expect(problemOf(await qol({ score: 0 }), 400).errors?.[0]?.field).toBe('score');
      expect(problemOf(await qol({}), 400).errors?.[0]?.field).toBe('score');
      expect(problemOf(await qol({ score: 3, declined: true }), 400).errors?.[0]?.field).toBe('score');
      expect(problemOf(await qol({ score: 3, answeredOn: osloToday(2) }), 400).errors?.[0]?.field).toBe('answeredOn');
      expect(problemOf(await qol({ score: 3, unitId: 'kommunale-ressurssentre' }), 403).errors?.[0]?.field).toBe('unitId');
      expect(
        problemOf(await qol({ setting: 'district', unitId: undefined, district: 'alna', score: 8 }, caseworker), 400).errors?.[0]?.field,
      ).toBe('score');
      expect(
        problemOf(await qol({ setting: 'district', unitId: undefined, district: 'frogner', score: 4 }, caseworker), 403).errors?.[0]?.field,
      ).toBe('district');
      expect(problemOf(await qol({ setting: 'district', score: 4 }, caseworker), 400).errors?.[0]?.field).toBe('district');
      await expect(
        sql`insert into intake_quality_of_life (id, person_id, answered_on, setting, unit_id, score, created_by)
            values (gen_random_uuid(), ${person}, current_date, 'institution', 'gatehospitalet', 6, 'sql')`.execute(t.db),
      ).rejects.toThrow(/intake_qol_range/);
      await expect(
        sql`insert into intake_quality_of_life (id, person_id, answered_on, setting, district, score, created_by)
            values (gen_random_uuid(), ${person}, current_date, 'district', 'alna', 8, 'sql')`.execute(t.db),
      ).rejects.toThrow(/intake_qol_range/);
      expect(await t.db.selectFrom('intake_quality_of_life').select('id').where('person_id', '=', person).execute()).toEqual([]);
    });
  });

  describe('row-level security', () => {
    // The code's scope filter alone would still answer these rows; only a read as veiviser_app sees
    // a restrictive policy, so an emptied answer shows the route runs under the policies.
    const hidden = async (table: string, check: () => Promise<void>) => {
      await sql.raw(`create policy hide_all on ${table} as restrictive for select to veiviser_app using (false)`).execute(t.db);
      try {
        await check();
      } finally {
        await sql.raw(`drop policy hide_all on ${table}`).execute(t.db);
      }
    };

    it('reads residents, tasks and agreements as the restricted role, so the policies back the scope filter', async () => {
      const unitId = 'kommunale-ressurssentre';
      const stay = await admit(unitId);
      const person = await newPerson();
      const agreement = ok<Agreement>(
        await post(
          '/api/intake/user-controlled/agreements',
          {
            personId: person,
            unitId,
            nightsPerStay: 2,
            staysPerPeriod: 1,
            periodDays: 30,
            validFrom: osloToday(0),
            validTo: osloToday(90),
          },
          ressursStaff,
        ),
        201,
      );
      const discharged = await admit('kommunale-mestringsenheter');
      const { task } = ok<ImmediateDischarge>(await post(`/api/intake/stays/${discharged.id}/immediate-discharge`, dischargeBody()));

      const residents = async () => ok<UnitStays>(await get(`/api/intake/units/${unitId}/stays`, ressursStaff)).stays.map((s) => s.id);
      const tasks = async () => ok<TaskList>(await get('/api/intake/tasks')).tasks.map((x) => x.id);
      const agreements = async () =>
        ok<AgreementList>(await get(`/api/intake/user-controlled/agreements?unitId=${unitId}`, ressursStaff)).agreements.map((a) => a.id);
      expect(await residents()).toContain(stay.id);
      expect(await tasks()).toContain(task.id);
      expect(await agreements()).toContain(agreement.id);

      await hidden('intake_stay', async () => expect(await residents()).toEqual([]));
      await hidden('intake_replacement_task', async () => {
        expect(await tasks()).toEqual([]);
        expect((await get(`/api/intake/tasks/${task.id}`)).statusCode).toBe(404);
      });
      await hidden('intake_user_controlled_agreement', async () => expect(await agreements()).toEqual([]));
    });
  });
});
