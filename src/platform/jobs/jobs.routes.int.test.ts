import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../../test/test-app.ts';
import { PRUNE_CRON, PRUNE_JOB } from './prune.ts';

describe.each(testDatabaseKinds())('GET /api/admin/jobs on %s', (kind) => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.jobs.define(
      'demo-fails',
      async () => {
        throw new Error('the demo failed');
      },
      { retryLimit: 0 },
    );
    t.jobs.define('demo-ok', async (payload: { n: number }) => ({ doubled: payload.n * 2 }));
    await t.jobs.start();
    await t.jobs.enqueue('demo-fails');
    await t.jobs.enqueue('demo-ok', { n: 21 });
    const finished = async () =>
      (await t.jobs.list()).filter((j) => j.name.startsWith('demo-') && (j.state === 'failed' || j.state === 'completed')).length;
    for (let waited = 0; (await finished()) < 2; waited += 200) {
      if (waited > 20_000) throw new Error('the demo jobs did not finish');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    admin = (await signIn(t, ['administrator'])).headers;
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = admin) => t.app.inject({ method: 'GET', url, headers });

  it('lists recent jobs with state, attempts, last error and times, and the schedules, to an administrator', async () => {
    const response = await get('/api/admin/jobs');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ jobs: Record<string, unknown>[]; schedules: unknown[] }>();
    const failed = body.jobs.find((j) => j.name === 'demo-fails');
    const ok = body.jobs.find((j) => j.name === 'demo-ok');
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(failed).toEqual({
      id: expect.any(String),
      name: 'demo-fails',
      state: 'failed',
      attempts: 1,
      retryLimit: 0,
      lastError: 'the demo failed',
      result: null,
      createdAt: iso,
      runAt: iso,
      startedAt: iso,
      completedAt: iso,
    });
    expect(ok).toMatchObject({ state: 'completed', attempts: 1, lastError: null, result: { doubled: 42 } });
    expect(body.schedules).toContainEqual({ name: PRUNE_JOB, cron: PRUNE_CRON, timezone: 'Europe/Oslo' });
  });

  it('filters by state and refuses an unknown state, naming the parameter', async () => {
    const failed = await get('/api/admin/jobs?state=failed&limit=10');
    expect(failed.statusCode).toBe(200);
    const states = failed.json<{ jobs: { state: string }[] }>().jobs.map((j) => j.state);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['failed']));
    const bad = await get('/api/admin/jobs?state=broken');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['state']);
  });

  it('refuses everyone but administrators: 401 signed out, 403 for other roles', async () => {
    const anonymous = await get('/api/admin/jobs', {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const role of ['catalog_editor', 'analyst', 'common_intake'] as const) {
      const other = await get('/api/admin/jobs', (await signIn(t, [role])).headers);
      expect(other.statusCode, role).toBe(403);
      expect(other.json<{ detail: string }>().detail).toContain('jobs:read');
    }
  });
});
