import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, startTwoInstances, type TestApp, type TwoInstances } from '../../test/test-app.ts';
import { SESSION_CACHE_MS } from './session-cache.ts';
import { resolveSession, SESSION_IDLE_MS, startSession } from './sessions.service.ts';
import { hashToken } from './tokens.ts';

/*
 * A session resolved a moment ago comes from memory (session-cache.ts); ending sessions reaches
 * every instance's memory at once or within milliseconds, and a copy never refuses on its own.
 */

describe.each(testDatabaseKinds())('sessions resolved from memory on %s', (kind) => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const user = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    userId = (await t.db.selectFrom('app_user').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  const newSession = (now: Date) => startSession(t.db, { userId, now, userAgent: null, ip: null });

  it('answers from memory within SESSION_CACHE_MS (a row deleted by SQL alone still counts), then reads again', async () => {
    const now = new Date();
    const { token } = await newSession(now);
    expect(await resolveSession(t.db, { token, now })).toMatchObject({ ok: true, actor: { userId } });
    await t.db.deleteFrom('app_session').where('token_hash', '=', hashToken(token)).execute();
    expect(await resolveSession(t.db, { token, now: new Date(now.getTime() + 1000) })).toMatchObject({ ok: true });
    expect(await resolveSession(t.db, { token, now: new Date(now.getTime() + SESSION_CACHE_MS + 1) })).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('leaves a due touch and a timeout to the database: the copy never ends a session that was used elsewhere', async () => {
    const start = new Date(Date.now() - 10 * 60_000);
    const { token } = await newSession(start);
    expect(await resolveSession(t.db, { token, now: start })).toMatchObject({ ok: true });
    // Another instance used the session since: its last_seen_at moved on (the copy here has the old time).
    const later = new Date(start.getTime() + SESSION_IDLE_MS - 60_000);
    await t.db.updateTable('app_session').set({ last_seen_at: later }).where('token_hash', '=', hashToken(token)).execute();
    // Idle by the copy's time, not by the row's: the database says yes, and nothing is deleted.
    const idleByCopy = new Date(start.getTime() + SESSION_IDLE_MS + 1000);
    expect(await resolveSession(t.db, { token, now: idleByCopy })).toMatchObject({ ok: true });
    const row = await t.db.selectFrom('app_session').select('last_seen_at').where('token_hash', '=', hashToken(token)).executeTakeFirst();
    expect(row?.last_seen_at.getTime()).toBe(idleByCopy.getTime()); // touched, as a read from the database does
  });

  it('refuses a signed-out session and the sessions of a disabled user at once on the same instance', async () => {
    const user = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers });
    expect((await me()).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: user.headers })).statusCode).toBe(204);
    expect((await me()).statusCode).toBe(401);

    const other = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    const id = (await t.db.selectFrom('app_user').select('id').where('email', '=', other.email).executeTakeFirstOrThrow()).id;
    const admin = await signIn(t, ['administrator']);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers })).statusCode).toBe(200);
    const disable = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${id}`,
      headers: admin.headers,
      payload: { roles: ['district_caseworker'], districts: ['alna'], units: [], disabled: true },
    });
    expect(disable.statusCode, disable.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: other.headers })).statusCode).toBe(401);
  });
});

describe.runIf(testDatabaseKinds().includes('postgres'))('sessions resolved from memory on two instances', () => {
  let two: TwoInstances;

  beforeAll(async () => {
    two = await startTwoInstances();
  });
  afterAll(async () => two?.close());

  const meOn = async (base: string, headers: Record<string, string>) => (await fetch(`${base}/api/auth/me`, { headers })).status;

  it('refuses on B, within a second, a session signed out or a user disabled on A', async () => {
    const a = { app: two.a, db: two.first.db };
    const user = await signIn(a, ['common_intake']);
    expect(await meOn(two.baseB, user.headers)).toBe(200); // B has it in memory now
    const out = await fetch(`${two.baseA}/api/auth/logout`, { method: 'POST', headers: user.headers });
    expect(out.status).toBe(204);
    await expect.poll(() => meOn(two.baseB, user.headers), { timeout: 1000, interval: 20 }).toBe(401);

    const other = await signIn(a, ['common_intake']);
    const id = (await two.first.db.selectFrom('app_user').select('id').where('email', '=', other.email).executeTakeFirstOrThrow()).id;
    expect(await meOn(two.baseB, other.headers)).toBe(200);
    const admin = await signIn(a, ['administrator']);
    const disable = await fetch(`${two.baseA}/api/admin/users/${id}`, {
      method: 'PUT',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['common_intake'], districts: [], units: [], disabled: true }),
    });
    expect(disable.status, await disable.text()).toBe(200);
    await expect.poll(() => meOn(two.baseB, other.headers), { timeout: 1000, interval: 20 }).toBe(401);
  });
});
