import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';

describe.each(testDatabaseKinds())('refused reads in the access report on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  const displayName = async (email: string) =>
    (await t.db.selectFrom('app_user').select('display_name').where('email', '=', email).executeTakeFirstOrThrow()).display_name;

  it("shows a refused read of a person's data, by scope and by role, in that person's access report", async () => {
    const sagene = await signIn(t, ['district_caseworker'], { districts: ['sagene'] });
    const alna = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    const analyst = await signIn(t, ['analyst']);
    const nationalId = syntheticNationalId();
    const payload = { nationalId, givenName: 'Ola', district: 'sagene' };
    const created = await t.app.inject({ method: 'POST', url: '/api/persons', headers: sagene.headers, payload });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;

    // Out of scope (refused by the use-case, behind row-level security) and without the permission (refused at the edge).
    expect((await t.app.inject({ method: 'GET', url: `/api/persons/${id}`, headers: alna.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/persons/${id}/identity`, headers: alna.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/persons/${id}`, headers: analyst.headers })).statusCode).toBe(403);

    const admin = await signIn(t, ['administrator']);
    const report = await t.app.inject({ method: 'POST', url: '/api/admin/access-report', headers: admin.headers, payload: { nationalId } });
    expect(report.statusCode).toBe(200);
    const { entries } = report.json<{ entries: { who: string; what: string; outcome: string }[] }>();
    const refusals = entries.filter((e) => e.outcome === 'denied');
    expect(refusals).toEqual([
      expect.objectContaining({ who: await displayName(alna.email), what: 'read' }),
      expect.objectContaining({ who: await displayName(alna.email), what: 'read_identity' }),
      expect.objectContaining({ who: await displayName(analyst.email), what: 'GET /api/persons/:id' }),
    ]);
  });

  it('records the requested id on a refused read even when no such person exists', async () => {
    const alna = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    const missing = crypto.randomUUID();
    expect((await t.app.inject({ method: 'GET', url: `/api/persons/${missing}`, headers: alna.headers })).statusCode).toBe(404);
    const rows = await t.db.selectFrom('audit_event').select(['person_id', 'outcome', 'action']).where('person_id', '=', missing).execute();
    expect(rows).toEqual([{ person_id: missing, outcome: 'denied', action: 'read' }]);
  });
});
