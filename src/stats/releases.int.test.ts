import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { AppError } from '../platform/errors.ts';
import { CATALOGUE } from './catalogue.ts';
import { auditRelease, protect } from './disclosure/protect.ts';
import { loadRelease, makeRelease } from './stats.service.ts';
import type { JsonStatDataset, ReleaseCreated, ReleaseDetail, ReleaseList } from './stats.schemas.ts';

/** The catalogue with one note changed: a release of it is not «the same as the latest». */
const varied = (note: string) => CATALOGUE.map((i, n) => (n === 0 ? { ...i, notes: `${i.notes} ${note}` } : i));

describe.each(testDatabaseKinds())('statistics releases on %s', (kind) => {
  let t: TestApp;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    analyst = (await signIn(t, ['analyst'])).headers;
  });
  afterAll(async () => t?.close());

  const releaseCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('stats_release')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a fresh install has its first release, made at seed, and the public numbers name it', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/stats/releases' })).json<ReleaseList>();
    expect(list.releases.length).toBe(1);
    const first = list.releases[0]!;
    expect(first).toMatchObject({ createdBy: 'Veiviser (seed)', previousId: null, indicatorCount: CATALOGUE.length });
    expect(first.codeVersion).toMatch(/^(git:[0-9a-f]{7,40}|veiviser@\d+\.\d+\.\d+)$/);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/stats/releases/${first.id}` })).json<ReleaseDetail>();
    expect(detail.audit).toMatchObject({ ok: true, solver: 'HiGHS (LP)', failed: [] });
    expect(detail.ledger.entries.length).toBeGreaterThan(0);
    expect(detail.indicators).toContain('gp_patients_substance_per_1000_adults');
    expect(detail.imports.length).toBeGreaterThan(20);
    // The stored audit never holds a suppressed cell's true value.
    expect(JSON.stringify(detail.audit)).not.toContain('"value"');
    const inputs = await t.db
      .selectFrom('stats_release_input')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('release_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(Number(inputs.n)).toBe(first.inputCount);
    const dataset = (
      await t.app.inject({ method: 'GET', url: '/api/stats/indicators/lar_patients_per_1000_adults' })
    ).json<JsonStatDataset>();
    expect(dataset.extension.release).toEqual({ id: first.id, createdAt: first.createdAt, codeVersion: first.codeVersion });
    expect(dataset.updated).toBe(first.createdAt);
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/releases/999999' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/stats/indicators/lar_patients_per_1000_adults?release=999999' })).statusCode,
    ).toBe(404);
  });

  it('loadRelease answers the published tables, the one ledger and the findings of a release', async () => {
    const loaded = await loadRelease(t.db, 'latest');
    expect(loaded.indicators.length).toBe(loaded.release.indicatorCount);
    expect(loaded.ledger).toEqual(loaded.release.ledger);
    expect(loaded.findings.some((f) => f.indicator === 'staff_years_adults_per_10000' && f.kind === 'scale_mismatch')).toBe(true);
    const suppressed = loaded.indicators.flatMap((i) => i.table.cells).filter((c) => c.status === 'suppressed');
    expect(suppressed.length).toBe(loaded.release.suppressedCount);
    expect(suppressed.every((c) => c.value === null && c.numerator === null)).toBe(true);
  });

  it('the database refuses to change or remove a release, whoever asks', async () => {
    const { id } = await t.db.selectFrom('stats_release').select('id').executeTakeFirstOrThrow();
    const attempts = [
      sql`update stats_release set created_by = 'someone' where id = ${id}`,
      sql`delete from stats_release where id = ${id}`,
      sql`truncate stats_release cascade`,
      sql`update stats_release_indicator set published = '{}'::jsonb where release_id = ${id}`,
      sql`delete from stats_release_indicator where release_id = ${id}`,
      sql`truncate stats_release_indicator`,
      sql`update stats_release_input set value = 1 where release_id = ${id}`,
      sql`delete from stats_release_input where release_id = ${id}`,
      sql`truncate stats_release_input`,
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(t.db)).rejects.toThrow(/immutable: a statistics release is never changed or removed/);
    }
    expect(await releaseCount()).toBe(1);
    const rows = await t.db.selectFrom('stats_release_indicator').select('indicator_id').where('release_id', '=', id).execute();
    expect(rows.length).toBe(CATALOGUE.length);
  });

  it('refuses a release whose audit fails, naming the cells, and stores nothing', async () => {
    const before = await releaseCount();
    // A protector that suppresses nothing: the HiGHS audit finds every small count exact.
    const careless = async () => ({ entries: [] });
    const refused = await makeRelease(t.db, {
      protector: careless,
      auditor: auditRelease,
      createdBy: 'test',
      indicators: varied('careless'),
    })
      .then(() => null)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toContain('interval audit');
    expect(error.fieldErrors.length).toBeGreaterThan(0);
    expect(error.fieldErrors[0]!.field).toMatch(/^[a-z0-9_]+:[^.]+\.[a-z0-9_.]+#[a-z0-9:_-]+\|/);
    expect(await releaseCount()).toBe(before);
  });

  it('makes one release at a time: two at once do not interleave, and the second is the first', async () => {
    const before = await releaseCount();
    const options = { protector: protect, auditor: auditRelease, createdBy: 'test', indicators: varied('concurrent') };
    const [a, b] = await Promise.all([makeRelease(t.db, options), makeRelease(t.db, options)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.release.id).toBe(b.release.id);
    expect(await releaseCount()).toBe(before + 1);
    const latest = await t.db.selectFrom('stats_release').select(['id', 'previous_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(Number(latest.id)).toBe(a.release.id);
    expect(latest.previous_id).not.toBeNull();
  });

  it('lets only analysts and administrators make a release', async () => {
    const caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    expect((await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: caseworker })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/stats/releases' })).statusCode).toBe(401);
    const response = await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: analyst });
    // The code's catalogue differs from the last release's varied one: a new release.
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<ReleaseCreated>().release.createdBy).toMatch(/analyst/i);
  });
});
