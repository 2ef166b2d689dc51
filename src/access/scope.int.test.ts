import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { syntheticNationalId } from '../../test/national-ids.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Actor } from './actor.ts';
import { applyScope } from './scope.ts';

const actor = (roles: string[], districts: string[], units: string[]): Actor => ({
  userId: crypto.randomUUID(),
  displayName: 'Test',
  roles,
  districts,
  units,
});
const caseworker = (districts: string[]) => actor(['district_caseworker'], districts, []);
const unitStaff = (units: string[]) => actor(['institution_staff'], [], units);

// Unit names an administrator may type (the API allows any text up to 100 characters): each must
// match itself only, never split into several units or match another.
const HOSTILE_UNITS = ['Enhet A,Enhet B', 'Enhet "A"', "Enhet 'A'", '{Enhet A}', 'Enhet\\A', 'Enhet A}', ',', ' '] as const;
const PLAIN_UNITS = ['Enhet A', 'Enhet B'] as const;

describe.each(testDatabaseKinds())('row-level security as a boundary on %s', (kind) => {
  let t: TestApp;
  let sageneId: string;
  const unitPersons = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(kind);
    const sagene = await signIn(t, ['district_caseworker'], { districts: ['sagene'] });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/persons',
      headers: sagene.headers,
      payload: { nationalId: syntheticNationalId(), givenName: 'Kari', district: 'sagene' },
    });
    expect(created.statusCode).toBe(201);
    sageneId = created.json().id;
    const units = [...PLAIN_UNITS, ...HOSTILE_UNITS.filter((u) => u.trim())];
    const staff = await signIn(t, ['district_caseworker', 'institution_staff'], { units });
    for (const unit of units) {
      const payload = { nationalId: syntheticNationalId(), unit };
      const response = await t.app.inject({ method: 'POST', url: '/api/persons', headers: staff.headers, payload });
      expect(response.statusCode, response.body).toBe(201);
      unitPersons.set(unit, response.json().id);
    }
  });
  afterAll(async () => t?.close());

  /** Runs one statement in its own scoped transaction (a refused statement aborts a PostgreSQL transaction). */
  const underScope = async <R>(actor: Actor, statement: RawBuilder<R>, options: { identify?: boolean } = {}) =>
    t.db.transaction().execute(async (trx) => {
      await applyScope(trx, actor, { role: 'person', ...options });
      return (await statement.execute(trx)).rows;
    });

  it.each(HOSTILE_UNITS)('lets a unit named %j see its own persons and no other unit’s', async (unit) => {
    const actor = unitStaff([unit]);
    const rows = await underScope(actor, sql<{ id: string; unit: string }>`select id, unit from person where unit is not null`);
    expect(rows.map((r) => r.unit)).toEqual(unitPersons.has(unit) ? [unit] : []);
  });

  it('does not widen the scope through the old scope settings', async () => {
    const alna = caseworker(['alna']);
    const persons = await underScope(
      alna,
      sql<{ id: string }>`select p.id from (select set_config('veiviser.citywide', 'true', true),
        set_config('veiviser.districts', 'sagene', true), set_config('veiviser.units', 'Enhet A', true)) s, person p`,
    );
    expect(persons).toEqual([]);
    const identities = await underScope(
      alna,
      sql<{ national_id: string }>`select i.national_id from (select set_config('veiviser.identify', 'true', true)) s, person_identity i`,
    );
    expect(identities).toEqual([]);
    // The same holds when the settings are set by a statement of their own before the query.
    const later = await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, alna, { role: 'person' });
      await sql`select set_config('veiviser.citywide', 'true', true), set_config('veiviser.districts', 'sagene', true)`.execute(trx);
      return (await sql<{ id: string }>`select id from person where id = ${sageneId}`.execute(trx)).rows;
    });
    expect(later).toEqual([]);
  });

  it('refuses to let the restricted role set, write or read the recorded scope', async () => {
    const alna = caseworker(['alna']);
    const scope = JSON.stringify({ userId: 'x', cityWide: true, districts: [], units: [], identify: true });
    await expect(underScope(alna, sql`select veiviser_set_scope(${scope}::jsonb)`)).rejects.toThrow(/permission denied/);
    await expect(underScope(alna, sql`update veiviser_scope_grant set citywide = true`)).rejects.toThrow(/permission denied/);
    const forged = sql`insert into veiviser_scope_grant values (0, 0, 'x', true, '{}', '{}', true)`;
    await expect(underScope(alna, forged)).rejects.toThrow(/permission denied/);
    await expect(underScope(alna, sql`select * from veiviser_scope_grant`)).rejects.toThrow(/permission denied/);
    // Its own scope it may read, through the function the policies use.
    const own = await underScope(alna, sql<{ districts: string[] }>`select (veiviser_current_scope()).districts`);
    expect(own).toEqual([{ districts: ['alna'] }]);
  });

  it('refuses the restricted role the tables it does not need', async () => {
    const alna = caseworker(['alna']);
    for (const table of ['app_user', 'app_session', 'setup_token', 'oidc_login', 'audit_event', 'audit_checkpoint', 'service']) {
      await expect(underScope(alna, sql.raw(`select * from ${table} limit 1`)), table).rejects.toThrow(/permission denied/);
    }
    await expect(underScope(alna, sql`update audit_event set action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(underScope(alna, sql`delete from audit_event`)).rejects.toThrow(/permission denied/);
    await expect(underScope(alna, sql`delete from person`)).rejects.toThrow(/permission denied/);
  });

  it('grants the restricted roles exactly the table rights their work needs', async () => {
    const grants = await sql<{ grantee: string; table_name: string; privilege_type: string }>`
      select grantee, table_name, privilege_type from information_schema.role_table_grants
      where grantee in ('veiviser_app', 'veiviser_analyst') order by grantee, table_name, privilege_type`.execute(t.db);
    expect(grants.rows.map((g) => `${g.grantee} ${g.privilege_type} ${g.table_name}`)).toEqual([
      'veiviser_analyst INSERT audit_event',
      // Audit rows written pending in the writing transaction, chained after commit.
      'veiviser_analyst INSERT audit_pending',
      'veiviser_analyst SELECT person_pseudonymised',
      'veiviser_app INSERT audit_event',
      'veiviser_app INSERT audit_pending',
      // Discharge-ready notices (person data, owned by a district) and their evidence; a notice's Idempotency-Key.
      'veiviser_app INSERT discharge_ready',
      'veiviser_app SELECT discharge_ready',
      'veiviser_app UPDATE discharge_ready',
      'veiviser_app SELECT discharge_ready_alert',
      'veiviser_app INSERT discharge_ready_event',
      'veiviser_app SELECT discharge_ready_event',
      // Intake's person data, read under row-level security (the use-cases write as the owner); the units, no person data.
      'veiviser_app SELECT intake_bar',
      'veiviser_app SELECT intake_hold',
      'veiviser_app INSERT intake_idempotency',
      'veiviser_app SELECT intake_idempotency',
      'veiviser_app UPDATE intake_idempotency',
      'veiviser_app SELECT intake_incident',
      'veiviser_app SELECT intake_notice',
      'veiviser_app SELECT intake_quality_of_life',
      'veiviser_app SELECT intake_replacement_task',
      'veiviser_app SELECT intake_request',
      'veiviser_app SELECT intake_request_history',
      'veiviser_app SELECT intake_stay',
      'veiviser_app SELECT intake_unit',
      'veiviser_app SELECT intake_unit_load',
      'veiviser_app SELECT intake_unit_places',
      'veiviser_app SELECT intake_unit_service',
      'veiviser_app SELECT intake_user_controlled_agreement',
      'veiviser_app SELECT intake_user_controlled_stay_request',
      'veiviser_app INSERT person',
      'veiviser_app SELECT person',
      'veiviser_app UPDATE person',
      'veiviser_app SELECT person_identity',
    ]);
  });

  it('forgets the scope when its transaction ends', async () => {
    const sagene = caseworker(['sagene']);
    expect(await underScope(sagene, sql<{ id: string }>`select id from person where id = ${sageneId}`)).toEqual([{ id: sageneId }]);
    const after = await t.db.transaction().execute(async (trx) => {
      await sql`set local role veiviser_app`.execute(trx);
      return (await sql<{ id: string }>`select id from person`.execute(trx)).rows;
    });
    expect(after).toEqual([]);
  });

  it('cannot stop SQL on the owner’s connection from leaving the restricted role (the documented limit)', async () => {
    // docs/security.md, "What row-level security does and does not protect against": a session
    // that logged in as the owner can always return to it, even from inside one SELECT.
    const rows = await underScope(
      caseworker(['alna']),
      sql<{ before: string; after: string }>`
      select current_user as before, (select current_user from (select set_config('role', 'none', true)) s) as after`,
    );
    expect(rows[0]?.before).toBe('veiviser_app');
    const reset = await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, caseworker(['alna']), { role: 'person' });
      await sql`reset role`.execute(trx);
      return (await sql<{ user: string }>`select current_user as user`.execute(trx)).rows[0]?.user;
    });
    expect(reset).not.toBe('veiviser_app');
  });
});
