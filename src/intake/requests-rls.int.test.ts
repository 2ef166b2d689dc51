import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Actor } from '../access/actor.ts';
import { inActorScope } from '../access/scope.ts';
import { osloDate } from './intake-rules.ts';
import { selectRequests, selectWaiting } from './requests.repository.ts';

/*
 * The request read routes run under inActorScope: even with the code's scope filter bypassed
 * (a city-wide scope passed to the repository), the database policy limits a Grorud caseworker
 * to Grorud's requests. The routes still answer the in-scope rows.
 */

type Headers = Record<string, string>;
const osloToday = (offset = 0) => osloDate(new Date(Date.now() + offset * 86_400_000));
const grorudActor: Actor = {
  userId: crypto.randomUUID(),
  displayName: 'T',
  roles: ['district_caseworker'],
  districts: ['grorud'],
  units: [],
};

describe.each(testDatabaseKinds())('intake request reads under row-level security on %s', (kind) => {
  let t: TestApp;
  let grorud: Headers;
  let grorudRequest: string;
  let alnaRequest: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const intake = (await signIn(t, ['common_intake'])).headers;
    grorud = (await signIn(t, ['district_caseworker'], { districts: ['grorud'] })).headers;
    const alna = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    const post = async (url: string, payload: object, headers: Headers) => {
      const r = await t.app.inject({ method: 'POST', url, headers, payload });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>();
    };
    const request = async (district: string, headers: Headers) => {
      const person = await post('/api/persons', { nationalId: syntheticNationalId(), givenName: 'T', familyName: 'P', district }, intake);
      return (
        await post(
          '/api/intake/requests',
          {
            personId: person.id,
            category: 'resource_centre',
            period: { from: osloToday(0), to: osloToday(60) },
            needs: { substance: 'either', gender: 'man', age: 40, somaticCare: false },
            urgency: 'normal',
            preferences: { preferredUnits: [] },
          },
          headers,
        )
      ).id;
    };
    grorudRequest = await request('grorud', grorud);
    alnaRequest = await request('alna', alna);
  });
  afterAll(async () => t?.close());

  it('limits rows in the database even when the code filter is bypassed', async () => {
    const rows = await inActorScope(t.db, grorudActor, { role: 'person' }, (trx) =>
      selectRequests(trx, { scope: { cityWide: true, districts: [] }, limit: 100 }),
    );
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(grorudRequest);
    expect(ids).not.toContain(alnaRequest);
    const waiting = await inActorScope(t.db, grorudActor, { role: 'person' }, (trx) => selectWaiting(trx, { limit: 100 }));
    expect(waiting.map((r) => r.id)).toEqual([grorudRequest]);
    // As the owner (no scope) both rows exist, so the empty answer above is the policy's.
    const all = await selectRequests(t.db, { scope: { cityWide: true, districts: [] }, limit: 100 });
    expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([grorudRequest, alnaRequest]));
  });

  it('still answers the in-scope rows through the routes, and 404 for another district', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/intake/requests', headers: grorud });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ requests: { id: string }[] }>().requests.map((r) => r.id)).toEqual([grorudRequest]);
    const own = await t.app.inject({ method: 'GET', url: `/api/intake/requests/${grorudRequest}`, headers: grorud });
    expect(own.statusCode, own.body).toBe(200);
    const other = await t.app.inject({ method: 'GET', url: `/api/intake/requests/${alnaRequest}`, headers: grorud });
    expect(other.statusCode).toBe(404);
  });

  it('runs the routes under the policies: a policy that hides every request from veiviser_app empties their answers', async () => {
    // The code's filter alone would still answer the row; only a read as veiviser_app sees this policy.
    await sql`create policy hide_all on intake_request as restrictive for select to veiviser_app using (false)`.execute(t.db);
    try {
      const list = await t.app.inject({ method: 'GET', url: '/api/intake/requests', headers: grorud });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json<{ requests: unknown[] }>().requests).toEqual([]);
      const own = await t.app.inject({ method: 'GET', url: `/api/intake/requests/${grorudRequest}`, headers: grorud });
      expect(own.statusCode).toBe(404);
    } finally {
      await sql`drop policy hide_all on intake_request`.execute(t.db);
    }
  });
});
