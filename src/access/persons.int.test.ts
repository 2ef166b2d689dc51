import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, TEST_AUDIT_KEYS, TEST_PSEUDONYM_KEYS, type TestApp } from '../../test/test-app.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { exportPseudonym } from './pseudonym.ts';
import { applyScope } from './scope.ts';

describe.each(testDatabaseKinds())('person data on %s', (kind) => {
  let t: TestApp;
  let alna: Awaited<ReturnType<typeof signIn>>;
  let sagene: Awaited<ReturnType<typeof signIn>>;
  let sageneClientId: string;
  let sageneNationalId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    alna = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    sagene = await signIn(t, ['district_caseworker'], { districts: ['sagene'] });
    sageneNationalId = syntheticNationalId();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: sagene.headers,
      payload: { nationalId: sageneNationalId, givenName: 'Kari', familyName: 'Nordmann', district: 'sagene' },
    });
    expect(created.statusCode).toBe(201);
    sageneClientId = created.json().id;
  });
  afterAll(async () => t?.close());

  const auditRows = (personId: string) =>
    t.db.selectFrom('audit_event').selectAll().where('person_id', '=', personId).orderBy('id').execute();

  it('lets the owning district read its client and audits the read', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/persons/${sageneClientId}`, headers: sagene.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ givenName: 'Kari', district: 'sagene' });
    expect(response.json()).not.toHaveProperty('nationalId');
    const rows = await auditRows(sageneClientId);
    expect(rows.map((r) => [r.action, r.outcome, r.purpose])).toContainEqual(['read', 'allowed', 'case_handling']);
  });

  it('gives an Alna caseworker nothing from a Sagene client through the API, and audits the refusal', async () => {
    const before = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    for (const url of [`/api/persons/${sageneClientId}`, `/api/persons/${sageneClientId}/identity`]) {
      const response = await t.app.inject({ method: 'GET', url, headers: alna.headers });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Kari');
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/persons', headers: alna.headers });
    expect(list.json()).toEqual([]);
    const after = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .where('outcome', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(2);
  });

  it('answers a missing person exactly like a person out of scope', async () => {
    const missing = await t.app.inject({ method: 'GET', url: `/api/persons/${crypto.randomUUID()}`, headers: alna.headers });
    const hidden = await t.app.inject({ method: 'GET', url: `/api/persons/${sageneClientId}`, headers: alna.headers });
    expect(missing.statusCode).toBe(hidden.statusCode);
    expect({ ...missing.json(), instance: null }).toEqual({ ...hidden.json(), instance: null });
  });

  const caseworkerIn = (district: string) => ({
    userId: crypto.randomUUID(),
    displayName: 'SQL',
    roles: ['district_caseworker'],
    districts: [district],
    units: [],
  });

  it('gives nothing through direct SQL under the application role with Alna scope', async () => {
    const rows = await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, caseworkerIn('alna'), { role: 'person', identify: true });
      const persons = await sql<{ id: string }>`select id from person where id = ${sageneClientId}`.execute(trx);
      const identities = await sql<{
        national_id: string;
      }>`select national_id from person_identity where person_id = ${sageneClientId}`.execute(trx);
      const all = await sql<{ id: string }>`select id from person where district = 'sagene'`.execute(trx);
      return [...persons.rows, ...identities.rows, ...all.rows];
    });
    expect(rows).toEqual([]);
    const visible = await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, caseworkerIn('sagene'), { role: 'person' });
      return (await sql<{ id: string }>`select id from person where id = ${sageneClientId}`.execute(trx)).rows;
    });
    expect(visible).toEqual([{ id: sageneClientId }]);
  });

  it('refuses an update from the wrong district even in direct SQL', async () => {
    const changed = await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, caseworkerIn('alna'), { role: 'person' });
      return sql`update person set given_name = 'Hacked' where id = ${sageneClientId}`.execute(trx);
    });
    expect(Number(changed.numAffectedRows ?? 0)).toBe(0);
  });

  it('keeps the national ID in person_identity only and a keyed pseudonym on the person', async () => {
    const person = await t.db.selectFrom('person').selectAll().where('id', '=', sageneClientId).executeTakeFirstOrThrow();
    expect(person.pseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(person)).not.toContain(sageneNationalId);
    const columns = await sql<{ table_name: string }>`
      select distinct table_name from information_schema.columns
      where table_schema = 'public' and column_name in ('national_id', 'fodselsnummer', 'fnr')`.execute(t.db);
    expect(columns.rows.map((r) => r.table_name)).toEqual(['person_identity']);
  });

  it('answers a second registration of the same person with the existing record', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: sagene.headers,
      payload: { nationalId: sageneNationalId, district: 'sagene' },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(sageneClientId);
  });

  it('will not register a person already held by another district, without saying where', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: alna.headers,
      payload: { nationalId: sageneNationalId, district: 'alna' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).not.toContain('sagene');
  });

  it('refuses registration outside the caseworker’s districts and invalid national IDs', async () => {
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: alna.headers,
      payload: { nationalId: syntheticNationalId(), district: 'sagene' },
    });
    expect(outside.statusCode).toBe(403);
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: alna.headers,
      payload: { nationalId: '12345678901', district: 'alna' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toContainEqual({ field: 'nationalId', message: 'control digits do not match' });
    // Each refusal leaves an audit row, and the invalid number itself is not written down.
    const refusals = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'register')
      .where('outcome', '=', 'denied')
      .execute();
    expect(refusals.map((r) => r.detail)).toEqual(
      expect.arrayContaining([{ reason: 'invalid national ID' }, { district: 'sagene', unit: null }]),
    );
    expect(JSON.stringify(refusals)).not.toContain('12345678901');
  });

  it('shows the national ID to the owning caseworker, audited as an identity read', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${sageneClientId}/identity?purpose=case_handling`,
      headers: sagene.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().nationalId).toBe(sageneNationalId);
    const rows = await auditRows(sageneClientId);
    expect(rows.some((r) => r.action === 'read_identity' && r.outcome === 'allowed')).toBe(true);
  });

  it('gives analysts pseudonyms only, never names or national IDs', async () => {
    const analyst = await signIn(t, ['analyst']);
    const response = await t.app.inject({ method: 'GET', url: '/api/analysis/persons', headers: analyst.headers });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('Kari');
    expect(response.body).not.toContain(sageneNationalId);
    expect(response.json()).toContainEqual(
      expect.objectContaining({ district: 'sagene', pseudonym: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    );
    // What leaves for analysis carries the export pseudonym, which does not join back to the person table.
    const stored = await t.db.selectFrom('person').select('pseudonym').where('id', '=', sageneClientId).executeTakeFirstOrThrow();
    const exported = response.json<{ pseudonym: string }[]>().map((p) => p.pseudonym);
    expect(exported).not.toContain(stored.pseudonym);
    expect(exported).toContain(exportPseudonym(TEST_PSEUDONYM_KEYS, stored.pseudonym));
    const denied = await t.app.inject({ method: 'GET', url: `/api/persons/${sageneClientId}`, headers: analyst.headers });
    expect(denied.statusCode).toBe(403);
    const direct = t.db.transaction().execute(async (trx) => {
      await sql`set local role veiviser_analyst`.execute(trx);
      return sql`select * from person`.execute(trx);
    });
    await expect(direct).rejects.toThrow(/permission denied/);
  });

  it("lists the identity read and the report itself in the person's access report", async () => {
    const admin = await signIn(t, ['administrator']);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/access-report',
      headers: admin.headers,
      payload: { nationalId: sageneNationalId },
    });
    expect(response.statusCode).toBe(200);
    const entries = response.json().entries as { who: string; what: string; purpose: string }[];
    expect(entries.some((e) => e.what === 'read_identity')).toBe(true);
    expect(entries.some((e) => e.what === 'access_report')).toBe(true);
  });

  it('keeps the audit log append-only and detects tampering', async () => {
    expect(await verifyAuditChain(t.db, { keys: TEST_AUDIT_KEYS, checkpointFile: null })).toMatchObject({ ok: true });
    await expect(sql`update audit_event set action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(t.db)).rejects.toThrow(/append-only/);
    const appDelete = t.db.transaction().execute(async (trx) => {
      await sql`set local role veiviser_app`.execute(trx);
      return sql`delete from audit_event`.execute(trx);
    });
    await expect(appDelete).rejects.toThrow(/permission denied/);
    // An operator with full rights can switch the trigger off; the chain still shows it.
    await t.db.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_no_update`.execute(trx);
      await sql`update audit_event set purpose = 'statistics' where id = (select min(id) from audit_event)`.execute(trx);
      await sql`alter table audit_event enable trigger audit_event_no_update`.execute(trx);
    });
    const result = await verifyAuditChain(t.db, { keys: TEST_AUDIT_KEYS, checkpointFile: null });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('changed') });
  });
});
