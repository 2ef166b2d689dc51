import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Actor } from '../access/actor.ts';
import { applyScope } from '../access/scope.ts';

/*
 * Row-level security on intake's person data: under the app's restricted role, with a scope
 * recorded as the app records it, hand-written SQL sees only the rows of the actor's districts
 * (or units); common intake sees all. The data is written through the API (as the app does).
 */

type Headers = Record<string, string>;
type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;

const osloToday = (offset = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + offset * 86_400_000));
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const actor = (roles: string[], districts: string[], units: string[]): Actor => ({
  userId: crypto.randomUUID(),
  displayName: 'Test',
  roles,
  districts,
  units,
});

const TABLES = [
  'intake_request',
  'intake_request_history',
  'intake_notice',
  'intake_hold',
  'intake_stay',
  'intake_bar',
  'intake_incident',
  'intake_replacement_task',
  'intake_user_controlled_agreement',
  'intake_user_controlled_stay_request',
  'intake_quality_of_life',
  'discharge_ready',
] as const;
const UNIT = 'kommunale-ressurssentre';

describe.each(testDatabaseKinds())('row-level security on intake tables on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  let grorud: Headers;
  let grorudPerson: string;
  let alnaPerson: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
    grorud = (await signIn(t, ['district_caseworker'], { districts: ['grorud'] })).headers;
    const alna = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    const liaison = (await signIn(t, ['hospital_liaison'])).headers;
    const unitStaff = (await signIn(t, ['institution_staff'], { units: [UNIT] })).headers;
    const ok = (r: Reply, status = 200) => {
      expect(r.statusCode, r.body).toBe(status);
      return r.json<{ id: string; hold?: { id: string } }>();
    };
    const post = async (url: string, payload: object, headers: Headers = intake, status = 201) =>
      ok(await t.app.inject({ method: 'POST', url, headers, payload }), status);
    const person = (district: string) =>
      post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'Test', familyName: 'Person', district });
    grorudPerson = (await person('grorud')).id;
    alnaPerson = (await person('alna')).id;

    // Grorud's person gets a row in every table: a request with history, a stay ended by an
    // immediate discharge (incident, bar, task), an agreement with a stay request, quality of life,
    // a discharge-ready notification; the place freed by the discharge notifies Grorud.
    const decision = (personId: string) => ({
      personId,
      category: 'resource_centre',
      period: { from: osloToday(0), to: osloToday(60) },
      needs: { substance: 'either', gender: 'man', age: 40, somaticCare: false },
      urgency: 'normal',
      preferences: { preferredUnits: [] },
    });
    await post('/api/intake/requests', decision(grorudPerson), grorud);
    const other = await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'Andre', district: 'grorud' });
    const stay = await post('/api/intake/stays', { unitId: UNIT, personId: other.id, admittedAt: minutesAgo(600) });
    await post(
      `/api/intake/stays/${stay.id}/immediate-discharge`,
      { at: minutesAgo(5), incident: { kind: 'threats', description: 'Truet en beboer med kniv på rommet.' }, barUntil: osloToday(30) },
      intake,
      200,
    );
    const agreement = await post('/api/intake/user-controlled/agreements', {
      personId: grorudPerson,
      unitId: UNIT,
      nightsPerStay: 3,
      staysPerPeriod: 2,
      periodDays: 30,
      validFrom: osloToday(-1),
      validTo: osloToday(90),
    });
    await post(`/api/intake/user-controlled/agreements/${agreement.id}/stays`, { from: osloToday(0), to: osloToday(2) });
    await post(
      '/api/intake/quality-of-life',
      { personId: grorudPerson, answeredOn: osloToday(0), setting: 'district', district: 'grorud', score: 4 },
      grorud,
    );
    await post(
      '/api/intake/quality-of-life',
      { personId: grorudPerson, answeredOn: osloToday(0), setting: 'institution', unitId: UNIT, score: 3 },
      unitStaff,
    );
    await post(
      '/api/discharge-ready',
      {
        nationalId: syntheticNationalId(),
        givenName: 'Kari',
        familyName: 'Utskrivningsklar',
        district: 'grorud',
        hospital: 'Oslo universitetssykehus',
        ward: 'Akuttpsykiatrisk post 3',
        readyAt: minutesAgo(60),
        needs: 'Trenger bolig med oppfølging.',
      },
      liaison,
    );
    // Alna has a request of its own, so an empty answer is not an empty table.
    await post('/api/intake/requests', decision(alnaPerson), alna);
  });
  afterAll(async () => t?.close());

  /** One statement in its own transaction, under the restricted role with the actor's recorded scope. */
  const underScope = async <R>(who: Actor, statement: RawBuilder<R>) =>
    t.db.transaction().execute(async (trx) => {
      await applyScope(trx, who, { role: 'person' });
      return (await statement.execute(trx)).rows;
    });
  const persons = async (who: Actor, table: string) => {
    const column =
      table === 'intake_request_history' || table === 'intake_notice'
        ? '(select r.person_id from intake_request r where r.id = request_id)'
        : 'person_id';
    const rows = await underScope(who, sql.raw<{ person_id: string }>(`select ${column} as person_id from ${table}`));
    return new Set(rows.map((r) => r.person_id));
  };

  it('has a row of Grorud’s in every table (as the owner sees it)', async () => {
    for (const table of TABLES) {
      const rows = await sql.raw<{ n: number }>(`select count(*)::int as n from ${table}`).execute(t.db);
      expect(rows.rows[0]?.n, table).toBeGreaterThan(0);
    }
  });

  it.each(TABLES)('shows a caseworker in Alna none of Grorud’s rows in %s, and Grorud’s caseworker their own', async (table) => {
    const alna = await persons(actor(['district_caseworker'], ['alna'], []), table);
    expect(alna.has(grorudPerson), table).toBe(false);
    expect(
      [...alna].every((p) => p === alnaPerson),
      table,
    ).toBe(true);
    const own = await persons(actor(['district_caseworker'], ['grorud'], []), table);
    expect(own.size, table).toBeGreaterThan(0);
    expect(own.has(alnaPerson), table).toBe(false);
  });

  it('keeps Grorud’s rows from Alna whatever the SQL: a filter by district, a join, a count, a sub-select', async () => {
    const alna = actor(['district_caseworker'], ['alna'], []);
    expect(await underScope(alna, sql`select id from intake_request where district = 'grorud'`)).toEqual([]);
    expect(await underScope(alna, sql`select * from intake_quality_of_life where district = 'grorud' or unit_id is not null`)).toEqual([]);
    expect(
      await underScope(
        alna,
        sql`select h.* from intake_request_history h join intake_request r on r.id = h.request_id where r.district = 'grorud'`,
      ),
    ).toEqual([]);
    expect(
      await underScope(alna, sql`select (select count(*) from intake_bar)::int + (select count(*) from intake_incident)::int as n`),
    ).toEqual([{ n: 0 }]);
    expect(await underScope(alna, sql`select * from intake_notice where recipient_district = 'grorud'`)).toEqual([]);
    expect(await underScope(alna, sql`select * from discharge_ready where district = 'grorud'`)).toEqual([]);
  });

  it('shows institution staff their unit’s rows only, and common intake everything', async () => {
    const staff = actor(['institution_staff'], [], [UNIT]);
    expect((await underScope(staff, sql<{ n: number }>`select count(*)::int as n from intake_bar`))[0]?.n).toBeGreaterThan(0);
    expect(await underScope(staff, sql`select id from intake_request`)).toEqual([]);
    const elsewhere = actor(['institution_staff'], [], ['gatehospitalet']);
    for (const table of ['intake_bar', 'intake_stay', 'intake_incident', 'intake_user_controlled_agreement', 'intake_quality_of_life'])
      expect(await underScope(elsewhere, sql.raw(`select * from ${table}`)), table).toEqual([]);
    const everyone = actor(['common_intake'], [], []);
    const all = await persons(everyone, 'intake_request');
    expect(all.has(grorudPerson) && all.has(alnaPerson)).toBe(true);
  });

  it('lets the restricted role read, never write, the intake tables', async () => {
    const grorudActor = actor(['district_caseworker'], ['grorud'], []);
    await expect(underScope(grorudActor, sql`update intake_request set urgency = 'acute'`)).rejects.toThrow(/permission denied/);
    await expect(underScope(grorudActor, sql`delete from intake_bar`)).rejects.toThrow(/permission denied/);
  });
});
