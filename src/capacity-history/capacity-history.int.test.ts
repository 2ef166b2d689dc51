import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { addDays, osloDate, osloMidnight } from '../discharge-ready/discharge-ready-rules.ts';
import type { CapacityHistory } from './capacity-history.schemas.ts';

type Headers = Record<string, string>;

/** Noon in Oslo on a day. */
const noon = (date: string) => new Date(osloMidnight(date).getTime() + 12 * 3_600_000).toISOString();

describe.each(testDatabaseKinds())('occupancy history on %s', (kind) => {
  let t: TestApp;
  let intake: Headers;
  const unit = 'gatehospitalet';

  beforeAll(async () => {
    t = await createTestApp(kind);
    intake = (await signIn(t, ['common_intake'])).headers;
  });
  afterAll(async () => t?.close());

  const post = async <T>(url: string, payload: object) => {
    const response = await t.app.inject({ method: 'POST', url, headers: intake, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json<T>();
  };
  const history = (query: string, headers: Headers = intake) =>
    t.app.inject({ method: 'GET', url: `/api/capacity/history?${query}`, headers });

  it("counts each day's stays, holds and blocks as they stood at the day's end, from their own times", async () => {
    const today = osloDate(new Date());
    const person = async () =>
      (await post<{ id: string }>('/api/persons', { nationalId: syntheticNationalId(), familyName: 'Historikk', district: 'alna' })).id;
    // A stay from noon three days ago to noon yesterday; one admitted yesterday, still there.
    const past = await post<{ id: string }>('/api/intake/stays', {
      unitId: unit,
      personId: await person(),
      admittedAt: noon(addDays(today, -3)),
    });
    await post(`/api/intake/stays/${past.id}/discharge`, { dischargedAt: noon(addDays(today, -1)), destination: 'own_home' });
    await post('/api/intake/stays', { unitId: unit, personId: await person(), admittedAt: noon(addDays(today, -1)) });
    await post('/api/intake/holds', { unitId: unit, personId: await person(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await post(`/api/capacity/units/${unit}/blocks`, { places: 2, reason: 'Maling', until: addDays(today, 2) });

    const response = await history(`unit=${unit}&from=${addDays(today, -4)}&to=${addDays(today, 5)}`);
    expect(response.statusCode, response.body).toBe(200);
    const h = response.json<CapacityHistory>();
    expect(h).toMatchObject({ unitId: unit, name: 'Gatehospitalet' });
    // Days after today are left out; today's numbers are as they stand now.
    expect(h.days.map((d) => [d.date, d.occupied, d.held, d.blocked])).toEqual([
      [addDays(today, -4), 0, 0, 0],
      [addDays(today, -3), 1, 0, 0],
      [addDays(today, -2), 1, 0, 0],
      [addDays(today, -1), 1, 0, 0],
      [today, 1, 1, 2],
    ]);
    expect(h.days.at(-1)).toMatchObject({ places: 22, free: 18 });
  });

  it('counts each day against the places the unit had at its end, kept when the places change', async () => {
    const today = osloDate(new Date());
    const other = 'kommunale-mestringsenheter'; // 109 places as seeded
    // A change two days ago (written as the trigger writes it, back-dated), and one now through the unit itself.
    await t.db
      .insertInto('intake_unit_places')
      .values({ unit_id: other, valid_from: new Date(noon(addDays(today, -2))), places: 100 })
      .execute();
    await t.db.updateTable('intake_unit').set({ places: 104 }).where('id', '=', other).execute();
    const kept = await t.db
      .selectFrom('intake_unit_places')
      .select(['places'])
      .where('unit_id', '=', other)
      .orderBy('valid_from')
      .execute();
    expect(kept.map((k) => k.places)).toEqual([109, 100, 104]);
    const response = await history(`unit=${other}&from=${addDays(today, -3)}&to=${today}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<CapacityHistory>().days.map((d) => [d.date, d.places, d.free])).toEqual([
      [addDays(today, -3), 109, 109],
      [addDays(today, -2), 100, 100],
      [addDays(today, -1), 100, 100],
      [today, 104, 104],
    ]);
  });

  it('refuses a reversed or too long range, an unknown unit, and callers without the capacity board', async () => {
    const today = osloDate(new Date());
    const field = async (query: string) => (await history(query)).json<{ errors: { field: string }[] }>().errors[0]?.field;
    expect(await field(`unit=${unit}&from=${today}&to=${addDays(today, -1)}`)).toBe('to');
    expect(await field(`unit=${unit}&from=${addDays(today, -400)}&to=${today}`)).toBe('to');
    expect(await field(`unit=finnes-ikke&from=${today}&to=${today}`)).toBe('unit');
    const liaison = (await signIn(t, ['hospital_liaison'])).headers;
    expect((await history(`unit=${unit}&from=${today}&to=${today}`, liaison)).statusCode).toBe(403);
  });
});
