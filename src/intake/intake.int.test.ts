import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { flushPendingAudit } from '../access/audit.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { openSse } from '../../test/sse-client.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Block, Capacity, CapacityUnit, Hold, Stay } from './intake.schemas.ts';
import { releaseExpired } from './intake.service.ts';

type Headers = Record<string, string>;
type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe.each(testDatabaseKinds())('intake places on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  let caseworker: Headers;
  let liaison: Headers;
  let gatehospitaletStaff: Headers;

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
    caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    liaison = (await signIn(t, ['hospital_liaison'])).headers;
    gatehospitaletStaff = (await signIn(t, ['institution_staff'], { units: ['gatehospitalet'] })).headers;
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload: object = {}, headers: Headers = intake) => t.app.inject({ method: 'POST', url, headers, payload });
  const capacity = async (headers: Headers = intake) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/capacity', headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Capacity>().units;
  };
  const unit = async (id: string): Promise<CapacityUnit> => (await capacity()).find((u) => u.id === id)!;
  const newPerson = async () => {
    const response = await post('/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'Test',
      familyName: 'Person',
      district: 'alna',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const problemOf = (response: Awaited<ReturnType<typeof post>>, status: number) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.json<Problem>();
  };
  const count = async (table: 'intake_hold' | 'intake_stay' | 'intake_block', unitId: string) =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('unit_id', '=', unitId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const hold = async (unitId: string, personId: string, headers = intake) =>
    post('/api/intake/holds', { unitId, personId, expiresAt: inMinutes(60) }, headers);

  it('shows staff every open seeded unit with its places, and nothing of closed units', async () => {
    const units = await capacity(caseworker);
    expect(units.map((u) => u.id)).toContain('prindsen-thereses-hus');
    expect(units.find((u) => u.id === 'prindsen-thereses-hus')).toMatchObject({ places: 26, category: 'acute', free: 26, occupied: 0 });
    expect(units.find((u) => u.id === 'gatehospitalet')).toMatchObject({ places: 22, category: null });
    expect(units.some((u) => u.id === 'haugenstua-ressurssenter')).toBe(false);
    expect(units).toHaveLength(11);
    for (const u of units) expect(u.free).toBe(u.places - u.occupied - u.held - u.blocked);
    expect((await t.app.inject({ method: 'GET', url: '/api/capacity', headers: liaison })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/capacity' })).statusCode).toBe(401);
  });

  it('links units to their catalog entries only where the seed key names an existing service', async () => {
    const links = await t.db.selectFrom('intake_unit_service').select(['unit_id', 'service_key']).execute();
    const keys = new Set((await t.db.selectFrom('service').select('seed_key').execute()).map((s) => s.seed_key));
    expect(links.length).toBeGreaterThan(15);
    for (const link of links) expect(keys.has(link.service_key), link.service_key).toBe(true);
    expect(
      links
        .filter((l) => l.unit_id === 'prindsen-thereses-hus')
        .map((l) => l.service_key)
        .sort(),
    ).toEqual(['akuttplasser_vel', 'prindsen_mottakssenter', 'thereses_hus']);
  });

  it('blocks places with a reason and an end day, and refuses a block over the free places with a 409 naming places', async () => {
    const id = 'kommunale-mestringsenheter';
    const response = await post(`/api/capacity/units/${id}/blocks`, { places: 9, reason: 'Bemanning i julen', until: inDays(10) });
    expect(response.statusCode, response.body).toBe(201);
    const block = response.json<Block>();
    expect(block).toMatchObject({ places: 9, reason: 'Bemanning i julen', active: true });
    expect(block.capacity).toMatchObject({ places: 109, blocked: 9, free: 100 });
    expect(await unit(id)).toMatchObject({ blocked: 9, free: 100 });

    const over = problemOf(await post(`/api/capacity/units/${id}/blocks`, { places: 101, reason: 'Oppussing', until: inDays(5) }), 409);
    expect(over.errors?.[0]?.field).toBe('places');
    expect(over.detail).toMatch(/only 100 of 109/);
    expect(await count('intake_block', id)).toBe(1);

    const ended = await post(`/api/capacity/blocks/${block.id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<Block>()).toMatchObject({ active: false, capacity: { blocked: 0, free: 109 } });
    expect(problemOf(await post(`/api/capacity/blocks/${block.id}/end`), 409).errors?.[0]?.field).toBe('id');
  });

  it('refuses a block that ends today or earlier, on a closed unit, or outside an institution worker’s own unit', async () => {
    const past = problemOf(await post('/api/capacity/units/gatehospitalet/blocks', { places: 1, reason: 'x', until: inDays(-1) }), 400);
    expect(past.errors?.[0]?.field).toBe('until');
    const closed = problemOf(
      await post('/api/capacity/units/haugenstua-ressurssenter/blocks', { places: 1, reason: 'x', until: inDays(3) }),
      409,
    );
    expect(closed.detail).toMatch(/closed \(since 2025-04-01\)/);
    const other = await post(
      '/api/capacity/units/kommunale-ressurssentre/blocks',
      { places: 1, reason: 'x', until: inDays(3) },
      gatehospitaletStaff,
    );
    expect(problemOf(other, 403).errors?.[0]?.field).toBe('id');
    expect(
      problemOf(await post('/api/capacity/units/no-such-unit/blocks', { places: 1, reason: 'x', until: inDays(3) }), 404).errors?.[0]
        ?.field,
    ).toBe('id');
    const own = await post(
      '/api/capacity/units/gatehospitalet/blocks',
      { places: 2, reason: 'Vannlekkasje', until: inDays(3) },
      gatehospitaletStaff,
    );
    expect(own.statusCode, own.body).toBe(201);
    await post(`/api/capacity/blocks/${own.json<Block>().id}/end`, {}, gatehospitaletStaff);
  });

  it('holds a place for an offer, admits from the hold, and discharges to a destination', async () => {
    const id = 'ideelle-utredning-rusfri';
    const person = await newPerson();
    const held = await hold(id, person);
    expect(held.statusCode, held.body).toBe(201);
    const h = held.json<Hold>();
    expect(h).toMatchObject({ status: 'active', personId: person, capacity: { held: 1, free: 22 } });

    const admitted = await post('/api/intake/stays', { holdId: h.id });
    expect(admitted.statusCode, admitted.body).toBe(201);
    const stay = admitted.json<Stay>();
    expect(stay).toMatchObject({
      holdId: h.id,
      unitId: id,
      personId: person,
      dischargedAt: null,
      capacity: { held: 0, occupied: 1, free: 22 },
    });
    expect(problemOf(await post('/api/intake/stays', { holdId: h.id }), 409).errors?.[0]?.field).toBe('holdId');

    const early = await post(`/api/intake/stays/${stay.id}/discharge`, {
      dischargedAt: new Date(Date.parse(stay.admittedAt) - 3_600_000).toISOString(),
      destination: 'own_home',
    });
    expect(problemOf(early, 400).errors?.[0]?.field).toBe('dischargedAt');
    const discharged = await post(`/api/intake/stays/${stay.id}/discharge`, {
      dischargedAt: new Date().toISOString(),
      destination: 'other_institution',
    });
    expect(discharged.statusCode, discharged.body).toBe(200);
    expect(discharged.json<Stay>()).toMatchObject({ destination: 'other_institution', capacity: { occupied: 0, free: 23 } });
    expect(
      problemOf(
        await post(`/api/intake/stays/${stay.id}/discharge`, { dischargedAt: new Date().toISOString(), destination: 'unknown' }),
        409,
      ),
    ).toMatchObject({ errors: [{ field: 'id' }] });

    // Intake's audit rows are chained just after commit; the audit log's readers chain what is pending first.
    await flushPendingAudit(t.db);
    const audited = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', '=', person)
      .where('purpose', '=', 'intake')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['admit', 'discharge', 'hold']);
  });

  it('refuses an expired hold, an unknown person, a past expiry and a closed unit, writing nothing', async () => {
    const id = 'ideelle-utredning-aktiv-rus';
    const person = await newPerson();
    const h = (await hold(id, person)).json<Hold>();
    await sql`update intake_hold set expires_at = now() - interval '1 minute' where id = ${h.id}`.execute(t.db);
    const expired = problemOf(await post('/api/intake/stays', { holdId: h.id }), 409);
    expect(expired).toMatchObject({ errors: [{ field: 'holdId' }] });
    expect(expired.detail).toMatch(/expired/);
    expect(await count('intake_stay', id)).toBe(0);

    const unknown = problemOf(await hold(id, '00000000-0000-4000-8000-000000000000'), 404);
    expect(unknown.errors?.[0]?.field).toBe('personId');
    const past = problemOf(await post('/api/intake/holds', { unitId: id, personId: person, expiresAt: inMinutes(-5) }), 400);
    expect(past.errors?.[0]?.field).toBe('expiresAt');
    const closed = problemOf(await hold('exit-mestringsenhet', person), 409);
    expect(closed).toMatchObject({ errors: [{ field: 'unitId' }] });
    expect(await count('intake_hold', 'exit-mestringsenhet')).toBe(0);
    // Refusals roll back whole, so the expired hold still counts; the next write on the unit releases it.
    expect((await unit(id)).held).toBe(1);
    const fresh = await hold(id, person);
    expect(fresh.json<Hold>().capacity).toMatchObject({ held: 1, free: 20 });
    expect((await t.db.selectFrom('intake_hold').select('status').where('id', '=', h.id).executeTakeFirstOrThrow()).status).toBe('expired');
  });

  it('refuses a hold or an admission on a full unit with a 409 naming the unit', async () => {
    const id = 'forsterket-bo-og-behandling';
    expect(
      (await post(`/api/capacity/units/${id}/blocks`, { places: 28, reason: 'Stengt for oppussing', until: inDays(30) })).statusCode,
    ).toBe(201);
    const person = await newPerson();
    expect(problemOf(await hold(id, person), 409).errors?.[0]?.field).toBe('unitId');
    expect(problemOf(await post('/api/intake/stays', { unitId: id, personId: person }), 409).errors?.[0]?.field).toBe('unitId');
    expect(await count('intake_hold', id)).toBe(0);
    expect(await count('intake_stay', id)).toBe(0);
  });

  it('refuses overlapping stays for one person, open or in the past', async () => {
    const person = await newPerson();
    const first = await post('/api/intake/stays', { unitId: 'kommunale-ressurssentre', personId: person, admittedAt: inMinutes(-600) });
    expect(first.statusCode, first.body).toBe(201);
    const second = problemOf(await post('/api/intake/stays', { unitId: 'ideelle-ressurssentre', personId: person }), 409);
    expect(second.errors?.[0]?.field).toBe('personId');
    const stay = first.json<Stay>();
    await post(`/api/intake/stays/${stay.id}/discharge`, { dischargedAt: inMinutes(-60), destination: 'own_home' });
    const backdated = await post('/api/intake/stays', { unitId: 'ideelle-ressurssentre', personId: person, admittedAt: inMinutes(-120) });
    expect(problemOf(backdated, 409).errors?.[0]?.field).toBe('personId');
    const after = await post('/api/intake/stays', { unitId: 'ideelle-ressurssentre', personId: person });
    expect(after.statusCode, after.body).toBe(201);
    expect(await count('intake_stay', 'ideelle-ressurssentre')).toBe(1);
  });

  it('keeps occupied + held + blocked within the places in the database itself, whatever SQL writes', async () => {
    const id = 'prindsen-thereses-hus';
    expect((await post(`/api/capacity/units/${id}/blocks`, { places: 26, reason: 'Full test', until: inDays(2) })).statusCode).toBe(201);
    const person = await newPerson();
    await expect(
      sql`insert into intake_hold (id, unit_id, person_id, expires_at, created_by)
          values (gen_random_uuid(), ${id}, ${person}, now() + interval '1 hour', 'sql')`.execute(t.db),
    ).rejects.toThrow(/intake_unit_load_within_places/);
    await expect(sql`update intake_unit_load set blocked = 0 where unit_id = ${id}`.execute(t.db)).rejects.toThrow(/intake triggers only/);
    await expect(sql`update intake_unit set places = 10 where id = ${id}`.execute(t.db)).rejects.toThrow(/intake_unit_load_within_places/);
    // Two open stays for one person cannot exist, even written straight in SQL.
    await sql`insert into intake_stay (id, unit_id, person_id, admitted_at, created_by)
              values (gen_random_uuid(), 'kommunale-mestringsenheter', ${person}, now() - interval '1 day', 'sql')`.execute(t.db);
    await expect(
      sql`insert into intake_stay (id, unit_id, person_id, admitted_at, created_by)
          values (gen_random_uuid(), 'ideelle-omsorgssentre', ${person}, now(), 'sql')`.execute(t.db),
    ).rejects.toThrow(/intake_stay_no_overlap|another stay/);
    expect(await unit(id)).toMatchObject({ blocked: 26, held: 0, free: 0 });
  });

  it('answers a repeated POST with the same Idempotency-Key once, and refuses the key with another body (422)', async () => {
    const id = 'ideelle-omsorgssentre';
    const person = await newPerson();
    const body = { unitId: id, personId: person, expiresAt: inMinutes(30) };
    const headers = { ...intake, 'idempotency-key': `hold-${person}` };
    const first = await post('/api/intake/holds', body, headers);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/api/intake/holds', { expiresAt: body.expiresAt, personId: person, unitId: id }, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<Hold>().id).toBe(first.json<Hold>().id);
    expect(await count('intake_hold', id)).toBe(1);
    const other = problemOf(await post('/api/intake/holds', { ...body, expiresAt: inMinutes(40) }, headers), 422);
    expect(other.errors?.[0]?.field).toBe('Idempotency-Key');
    expect(await count('intake_hold', id)).toBe(1);
    // Another actor's same key is its own.
    const other2 = (await signIn(t, ['common_intake'])).headers;
    expect((await post('/api/intake/holds', body, { ...other2, 'idempotency-key': `hold-${person}` })).statusCode).toBe(201);
    expect(await count('intake_hold', id)).toBe(2);
  });

  it('writes once when the same Idempotency-Key arrives five times at once, and answers each with the same stay', async () => {
    const person = await newPerson();
    const headers = { ...intake, 'idempotency-key': `admit-${person}` };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post('/api/intake/stays', { unitId: 'ideelle-omsorgssentre', personId: person }, headers)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json<Stay>().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const stays = await t.db.selectFrom('intake_stay').select('id').where('person_id', '=', person).execute();
    expect(stays).toHaveLength(1);
  });

  it('gives the last free place to exactly one of 20 concurrent offers; the rest get a clear 409', async () => {
    const id = 'kommunalt-omsorgssenter-rusfri';
    expect((await post(`/api/capacity/units/${id}/blocks`, { places: 21, reason: 'Én plass igjen', until: inDays(2) })).statusCode).toBe(
      201,
    );
    const persons = await Promise.all(Array.from({ length: 20 }, () => newPerson()));
    const answers = await Promise.all(persons.map((p) => hold(id, p)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.headers['content-type']).toMatch(/problem\+json/);
      expect(a.json<Problem>().errors?.[0]?.field).toBe('unitId');
    }
    expect(await unit(id)).toMatchObject({ held: 1, blocked: 21, free: 0 });
    expect(await count('intake_hold', id)).toBe(1);
  });

  it('releases expired holds and past blocks in the job exactly once, even when two runs overlap, with one event per unit', async () => {
    const id = 'kommunale-omsorgssentre-aktiv-rus';
    const h = (await hold(id, await newPerson())).json<Hold>();
    const b = (await post(`/api/capacity/units/${id}/blocks`, { places: 4, reason: 'Maling', until: inDays(2) })).json<Block>();
    expect(await unit(id)).toMatchObject({ held: 1, blocked: 4, free: 58 });
    await sql`update intake_hold set expires_at = now() - interval '1 second' where id = ${h.id}`.execute(t.db);
    await sql`update intake_block set until = current_date - 1 where id = ${b.id}`.execute(t.db);
    const eventsBefore = await t.db.selectFrom('platform_event').select('id').where('topic', '=', 'intake.capacity_changed').execute();
    const runs = await Promise.all([releaseExpired(t.db), releaseExpired(t.db)]);
    expect(runs.reduce((n, r) => n + r.holds, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.blocks, 0)).toBe(1);
    expect(await releaseExpired(t.db)).toEqual({ holds: 0, blocks: 0, units: 0 });
    expect(await unit(id)).toMatchObject({ held: 0, blocked: 0, free: 63 });
    const events = await t.db
      .selectFrom('platform_event')
      .select(['id', 'payload'])
      .where('topic', '=', 'intake.capacity_changed')
      .where('id', 'not in', eventsBefore.length ? eventsBefore.map((e) => e.id) : [-1])
      .execute();
    const forUnit = events.filter((e) => (e.payload as { id: string }).id === id);
    expect(forUnit).toHaveLength(1);
    expect(forUnit[0]!.payload).toMatchObject({ held: 0, blocked: 0, free: 63 });
  });

  it('streams each change as an intake.capacity_changed event carrying the unit’s new numbers', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const stream = await openSse(`${base}/api/capacity/stream`, gatehospitaletStaff);
    try {
      expect(stream.status).toBe(200);
      await stream.next();
      const blocked = await post('/api/capacity/units/gatehospitalet/blocks', { places: 3, reason: 'Sykdom i staben', until: inDays(4) });
      expect(blocked.statusCode, blocked.body).toBe(201);
      const event = await stream.next((f) => f.event === 'intake.capacity_changed' && JSON.parse(f.data ?? '{}').id === 'gatehospitalet');
      expect(JSON.parse(event.data!)).toMatchObject({ id: 'gatehospitalet', places: 22, blocked: 3, free: 19 });
      // A failed write announces nothing: the next event is the next real change.
      problemOf(await post('/api/capacity/units/gatehospitalet/blocks', { places: 50, reason: 'For mye', until: inDays(4) }), 409);
      await post(`/api/capacity/blocks/${blocked.json<Block>().id}/end`);
      const next = await stream.next((f) => f.event === 'intake.capacity_changed' && JSON.parse(f.data ?? '{}').id === 'gatehospitalet');
      expect(JSON.parse(next.data!)).toMatchObject({ blocked: 0, free: 22 });
    } finally {
      stream.close();
    }
    const refused = await fetch(`${base}/api/capacity/stream`, { headers: liaison });
    expect(refused.status).toBe(403);
  });
});
