import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { AppError } from '../platform/errors.ts';
import { CATALOGUE } from './catalogue.ts';
import { auditRelease, protect } from './disclosure/protect.ts';
import { loadRelease, makeRelease, releaseReportSource } from './stats.service.ts';
import type { JsonStatDataset, ReleaseCreated, ReleaseDetail, ReleaseLinkage, ReleaseList } from './stats.schemas.ts';

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

  it('publishes live intake data, aggregated per district and year, under the same ledger', async () => {
    const unit = await t.db
      .selectFrom('intake_unit')
      .select(['id', 'normed_stay_days'])
      .where('normed_stay_days', 'is not', null)
      .orderBy('normed_stay_days')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const person = async (district: string) => {
      const id = randomUUID();
      const nationalId = `S${id.slice(0, 10)}`;
      await sql`insert into person_identity (person_id, national_id, id_type) values (${id}, ${nationalId}, 'synthetic')`.execute(t.db);
      await sql`insert into person (id, pseudonym, district) values (${id}, ${`p-${id}`}, ${district})`.execute(t.db);
      return id;
    };
    const stay = async (personId: string, admitted: string, days: number, destination: string) =>
      sql`insert into intake_stay (id, unit_id, person_id, admitted_at, discharged_at, destination, created_by)
          values (${randomUUID()}, ${unit.id}, ${personId}, ${admitted}::timestamptz,
                  ${admitted}::timestamptz + make_interval(days => ${days}), ${destination}, 'test')`.execute(t.db);
    expect(unit.normed_stay_days).toBeLessThan(60); // every stay ends in 2025
    // Alna: 6 persons with two stays each in 2025 (one to their own home, one too long); Grorud: one person, one stay.
    for (let i = 0; i < 6; i++) {
      const p = await person('alna');
      await stay(p, `2025-03-0${i + 1}T10:00:00Z`, 1, 'own_home');
      await stay(p, `2025-05-0${i + 1}T10:00:00Z`, unit.normed_stay_days! + 1, 'other_institution');
      await sql`insert into intake_quality_of_life (id, person_id, answered_on, setting, district, score, created_by)
                values (${randomUUID()}, ${p}, '2025-06-01', 'district', 'alna', ${2 + i}, 'test')`.execute(t.db);
    }
    const lone = await person('grorud');
    await stay(lone, '2025-04-01T10:00:00Z', 2, 'own_home');
    const made = await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: analyst });
    expect(made.statusCode, made.body.slice(0, 500)).toBe(201);
    expect(made.json<ReleaseCreated>().release.audit.ok).toBe(true);

    const dataset = async (id: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/stats/indicators/${id}?period=2025` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<JsonStatDataset>();
      const at = (area: string) => body.dimension.district!.category.index.indexOf(area);
      return { body, value: (area: string) => body.value[at(area)], status: (area: string) => body.status[String(at(area))] };
    };
    const admissions = await dataset('intake_admissions');
    expect(admissions.body.source).toBe('Veiviser intake');
    expect(admissions.value('ostensjo')).toBe(0);
    // Grorud's one admission is suppressed, and so is a second cell, or Oslo − Alna would give it away.
    expect(admissions.status('grorud')).toBe('..');
    expect(admissions.value('grorud')).toBeNull();
    expect([admissions.status('alna'), admissions.status('oslo')]).toContain('..');
    const persons = await dataset('intake_persons_admitted');
    expect(persons.status('grorud')).toBe('..');
    expect((await dataset('intake_persons_10_plus_admissions')).value('alna')).toBe(0);
    const ownHome = await dataset('intake_discharges_own_home');
    expect([ownHome.value('alna'), ownHome.status('alna')]).toEqual(expect.arrayContaining([ownHome.status('alna') ? null : 6]));
    const tooLong = await dataset('intake_stays_over_normed_length');
    expect([tooLong.value('alna'), tooLong.status('alna'), tooLong.value('oslo')]).toEqual([6, undefined, 6]);
    const quality = await dataset('intake_quality_of_life_mean');
    // Scores 2–7 over six answers: 4.5. Grorud has no answers: not published, with the reason.
    expect(quality.value('alna')).toBe(4.5);
    expect(quality.status('grorud')).toBe('.');
    expect(quality.body.extension.cells[quality.body.dimension.district!.category.index.indexOf('grorud')]!.reason).toContain(
      'fewer than 5',
    );
    // Unique persons across the person-level sources, linked on the pseudonym: 7 persons stayed, 6 of them answered.
    const linkage = (
      await t.app.inject({ method: 'GET', url: `/api/stats/releases/${made.json<ReleaseCreated>().release.id}/linkage` })
    ).json<ReleaseLinkage>();
    const year = linkage.periods.find((p) => p.period === '2025')!;
    expect(year.sources).toEqual(['institution_stay', 'quality_of_life']);
    const both = year.overlap.find((o) => o.a === 'institution_stay' && o.b === 'quality_of_life')!.both;
    const stayed = year.bySource.institution_stay!;
    // The one person who stayed but did not answer is a count of 1: not computable from what is published.
    expect([stayed.status, both.status]).toContain('suppressed');
    for (const c of [year.unique, stayed, both, year.bySource.quality_of_life!])
      expect(c.value === null || c.value >= 5 || c.value === 0).toBe(true);
    expect(JSON.stringify(linkage)).not.toContain('exactly');
    // The rate from the live count: 6 persons over Alna's 40,126 adults.
    const rate = await dataset('intake_persons_admitted_per_1000_adults');
    expect(rate.value('alna') === 0.1 || rate.status('alna') === '..').toBe(true);
  });

  it('gives the report generator a release, its datasets and its unique persons', async () => {
    const release = await releaseReportSource.release(t.db, null);
    expect(release.id).toBe(String((await loadRelease(t.db, 'latest')).release.id));
    await expect(releaseReportSource.release(t.db, 'current')).rejects.toThrow(/not found/);
    const dataset = await releaseReportSource.dataset(t.db, release.id, 'lar_patients_per_1000_adults', 'en');
    expect(dataset!.extension.release.id).toBe(Number(release.id));
    expect(await releaseReportSource.dataset(t.db, release.id, 'no_such_indicator', 'nb')).toBeNull();
    const persons = await releaseReportSource.uniquePersons(t.db, release.id);
    expect(persons!.sources.map((s) => s.label)).toEqual(['Opphold i institusjon', 'Svart på livskvalitet']);
    expect(persons!.total).toBe(7);
  });

  it('lets only analysts and administrators make a release', async () => {
    const caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    expect((await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: caseworker })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/stats/releases' })).statusCode).toBe(401);
    const response = await t.app.inject({ method: 'POST', url: '/api/stats/releases', headers: analyst });
    // Nothing changed since the release the test before made: that release is the answer.
    expect(response.statusCode).toBe(200);
    expect(response.json<ReleaseCreated>()).toMatchObject({ created: false, release: { createdBy: expect.stringMatching(/analyst/i) } });
  });
});
