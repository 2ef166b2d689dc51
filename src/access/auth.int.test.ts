import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, TEST_AUDIT_KEYS, type TestApp } from '../../test/test-app.ts';
import { forgetUserSessions } from './session-cache.ts';
import { hashToken } from './tokens.ts';
import { createLocalUser } from './users.service.ts';
import { verifyAuditChain } from './audit-verify.ts';
import type { Role } from './permissions.ts';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

describe.each(testDatabaseKinds())('sign-in and sessions on %s', (kind) => {
  let t: TestApp;
  let webDir: string;
  let counter = 0;

  beforeAll(async () => {
    // A built web app of one page, so HTML responses can be checked without running Vite.
    webDir = await mkdtemp(join(tmpdir(), 'veiviser-web-'));
    await writeFile(
      join(webDir, 'index.html'),
      '<!doctype html><html lang="nb"><title>Veiviser</title><script type="module" src="/assets/app.js"></script></html>',
    );
    t = await createTestApp(kind, { secureCookies: true, webDir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  async function newUser(roles: Role[] = ['catalog_editor']) {
    counter += 1;
    const email = `auth${counter}-${randomBytes(4).toString('hex')}@test.oslo.kommune.no`;
    const { id } = await createLocalUser(t.db, { email, password: PASSWORD, displayName: `Auth test ${counter}`, roles });
    return { id, email };
  }

  const login = (
    app: TestApp['app'],
    email: string,
    password: string,
    extra: { cookie?: string; remoteAddress?: string; forwardedFor?: string } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
      headers: {
        ...(extra.cookie ? { cookie: extra.cookie } : {}),
        ...(extra.forwardedFor ? { 'x-forwarded-for': extra.forwardedFor } : {}),
      },
    });

  /** Signs in and returns what a browser would keep: the session token and the CSRF token. */
  async function session(email: string) {
    const response = await login(t.app, email, PASSWORD);
    expect(response.statusCode).toBe(200);
    const token = response.cookies.find((c) => c.name === 'veiviser_session')?.value;
    if (!token) throw new Error('no session cookie');
    return { token, cookie: `veiviser_session=${token}`, csrf: response.json<{ csrfToken: string }>().csrfToken };
  }

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  const lastAuditId = async () =>
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0;
  const auditSince = (id: number) => t.db.selectFrom('audit_event').selectAll().where('id', '>', id).orderBy('id').execute();

  const expectProblem = (response: LightMyRequestResponse, status: number) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  const clearsSessionCookie = (response: LightMyRequestResponse) =>
    response.cookies.some(
      (c) =>
        c.name === 'veiviser_session' &&
        c.value === '' &&
        (c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now())),
    );

  it('refuses a wrong password with the same answer as an unknown e-mail, and audits both', async () => {
    const user = await newUser();
    const before = await lastAuditId();
    const wrong = await login(t.app, user.email, 'not the password');
    const unknown = await login(t.app, `nobody-${randomBytes(4).toString('hex')}@test.oslo.kommune.no`, 'not the password');
    expectProblem(wrong, 401);
    expectProblem(unknown, 401);
    expect({ ...wrong.json(), instance: null }).toEqual({ ...unknown.json(), instance: null });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).not.toContain(user.email);
    const rows = await auditSince(before);
    expect(rows.map((r) => [r.action, r.outcome, r.purpose, r.detail.reason])).toEqual([
      ['login', 'failed', 'authentication', 'wrong_password'],
      ['login', 'failed', 'authentication', 'unknown'],
    ]);
    expect(rows[0]!.actor_id).toBe(user.id);
    expect(JSON.stringify(rows)).not.toContain('not the password');
  });

  it('locks the account after five failures, for longer after each further failure', async () => {
    const user = await newUser();
    const lockedUntil = async () =>
      await t.db.selectFrom('app_user').select(['locked_until', 'failed_logins']).where('id', '=', user.id).executeTakeFirstOrThrow();
    for (let i = 0; i < 4; i += 1) expect((await login(t.app, user.email, 'wrong')).statusCode).toBe(401);
    expect((await lockedUntil()).locked_until).toBeNull();
    const fifth = Date.now();
    expect((await login(t.app, user.email, 'wrong')).statusCode).toBe(401);
    const first = (await lockedUntil()).locked_until!;
    expect(first.getTime() - fifth).toBeGreaterThan(0.9 * MINUTE);
    expect(first.getTime() - fifth).toBeLessThan(1.1 * MINUTE);

    // While locked even the right password is refused, with the same answer as any failure.
    const before = await lastAuditId();
    const locked = await login(t.app, user.email, PASSWORD);
    const unknown = await login(t.app, 'nobody@test.oslo.kommune.no', PASSWORD);
    expectProblem(locked, 401);
    expect(locked.json().detail).toBe(unknown.json().detail);
    expect((await auditSince(before))[0]).toMatchObject({ action: 'login', outcome: 'failed', detail: { reason: 'locked' } });

    // After the lock runs out, one more failure locks for twice as long.
    await t.db
      .updateTable('app_user')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', user.id)
      .execute();
    const sixth = Date.now();
    expect((await login(t.app, user.email, 'wrong')).statusCode).toBe(401);
    const second = (await lockedUntil()).locked_until!;
    expect(second.getTime() - sixth).toBeGreaterThan(1.9 * MINUTE);
    expect(second.getTime() - sixth).toBeLessThan(2.1 * MINUTE);

    await t.db
      .updateTable('app_user')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', user.id)
      .execute();
    expect((await login(t.app, user.email, PASSWORD)).statusCode).toBe(200);
    expect(await lockedUntil()).toEqual({ locked_until: null, failed_logins: 0 });
  });

  it('limits sign-in attempts per client address, whatever X-Forwarded-For claims', async () => {
    const limited = await createTestApp(kind, { rateLimit: true });
    try {
      const attempt = (remoteAddress: string) =>
        login(limited.app, 'nobody@test.oslo.kommune.no', 'wrong', {
          remoteAddress,
          forwardedFor: `198.51.100.${Math.floor(Math.random() * 250)}`,
        });
      for (let i = 0; i < 10; i += 1) expect((await attempt('203.0.113.7')).statusCode).toBe(401);
      const refused = await attempt('203.0.113.7');
      expectProblem(refused, 429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await attempt('203.0.113.8')).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('ends a session after 30 minutes without use, and audits it', async () => {
    const user = await newUser();
    const s = await session(user.email);
    expect((await me(s.cookie)).statusCode).toBe(200);
    await t.db
      .updateTable('app_session')
      .set({ last_seen_at: new Date(Date.now() - 31 * MINUTE) })
      .where('token_hash', '=', hashToken(s.token))
      .execute();
    // 31 minutes on, nothing of the session is in memory any more (SESSION_CACHE_MS is seconds).
    forgetUserSessions(t.db, user.id);
    const before = await lastAuditId();
    const response = await me(s.cookie);
    expectProblem(response, 401);
    expect(clearsSessionCookie(response)).toBe(true);
    expect(
      await t.db.selectFrom('app_session').select('token_hash').where('token_hash', '=', hashToken(s.token)).executeTakeFirst(),
    ).toBeUndefined();
    expect(await auditSince(before)).toContainEqual(
      expect.objectContaining({ outcome: 'denied', resource_type: 'session', detail: expect.objectContaining({ reason: 'idle_timeout' }) }),
    );
  });

  it('ends a session 12 hours after sign-in even while it is in use', async () => {
    const user = await newUser();
    const s = await session(user.email);
    await t.db
      .updateTable('app_session')
      .set({ created_at: new Date(Date.now() - 12 * 60 * MINUTE - MINUTE), last_seen_at: new Date() })
      .where('token_hash', '=', hashToken(s.token))
      .execute();
    const before = await lastAuditId();
    expectProblem(await me(s.cookie), 401);
    expect(await auditSince(before)).toContainEqual(
      expect.objectContaining({ resource_type: 'session', detail: expect.objectContaining({ reason: 'absolute_timeout' }) }),
    );
  });

  it('refuses a state-changing request with a missing, forged or borrowed CSRF token, and audits it', async () => {
    const user = await newUser();
    const other = await newUser();
    const s = await session(user.email);
    const borrowed = (await session(other.email)).csrf;
    const before = await lastAuditId();
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/logout-everywhere', headers: { cookie: s.cookie, ...headers } });
    for (const headers of [
      {} as Record<string, string>,
      { 'x-csrf-token': randomBytes(24).toString('base64url') },
      { 'x-csrf-token': borrowed },
      { 'x-csrf-token': '' },
    ]) {
      const response = await post(headers);
      expectProblem(response, 403);
      expect(response.json().detail).toMatch(/CSRF/);
    }
    const rows = await auditSince(before);
    expect(rows.map((r) => [r.actor_id, r.outcome, r.resource_type, r.action, r.detail.reason])).toEqual([
      [user.id, 'denied', 'csrf', 'POST /api/auth/logout-everywhere', 'missing CSRF token'],
      [user.id, 'denied', 'csrf', 'POST /api/auth/logout-everywhere', 'wrong CSRF token'],
      [user.id, 'denied', 'csrf', 'POST /api/auth/logout-everywhere', 'wrong CSRF token'],
      [user.id, 'denied', 'csrf', 'POST /api/auth/logout-everywhere', 'wrong CSRF token'],
    ]);
    // Nothing happened: the session is still there, and the right token works.
    expect((await me(s.cookie)).statusCode).toBe(200);
    expect((await post({ 'x-csrf-token': s.csrf })).statusCode).toBe(204);
  });

  it('treats a tampered or unknown session cookie as signed out, and audits it', async () => {
    const user = await newUser();
    const s = await session(user.email);
    const last = s.token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `veiviser_session=${s.token.slice(0, -1)}${last}`;
    for (const cookie of [tampered, 'veiviser_session=not-a-session', `veiviser_session=${randomBytes(32).toString('base64url')}`]) {
      const before = await lastAuditId();
      const response = await me(cookie);
      expectProblem(response, 401);
      expect(clearsSessionCookie(response)).toBe(true);
      const rows = await auditSince(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_id: 'anonymous',
        outcome: 'denied',
        resource_type: 'session',
        detail: { reason: 'unknown or tampered session cookie' },
      });
      expect(JSON.stringify(rows[0])).not.toContain(cookie.split('=')[1]);
    }
    // Signed out is not locked out: public routes still answer.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/providers', headers: { cookie: tampered } })).statusCode).toBe(200);
    // The web app's files do not look at the session: a page load is not one audit row per asset.
    const before = await lastAuditId();
    for (const url of ['/', '/index.html', '/redaktor'])
      expect((await t.app.inject({ method: 'GET', url, headers: { cookie: tampered } })).statusCode).toBe(200);
    expect(await auditSince(before)).toEqual([]);
    expect((await me(s.cookie)).statusCode).toBe(200);
  });

  it('signs out: the session stops working and the cookie is cleared', async () => {
    const user = await newUser();
    const s = await session(user.email);
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(response.statusCode).toBe(204);
    expect(clearsSessionCookie(response)).toBe(true);
    expectProblem(await me(s.cookie), 401);
  });

  it("logs out everywhere: every session of the user ends, other users' do not", async () => {
    const user = await newUser();
    const other = await newUser();
    const laptop = await session(user.email);
    const phone = await session(user.email);
    const colleague = await session(other.email);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf },
    });
    expect(response.statusCode).toBe(204);
    expectProblem(await me(phone.cookie), 401);
    expectProblem(await me(laptop.cookie), 401);
    expect((await me(colleague.cookie)).statusCode).toBe(200);
  });

  it('issues a new session token at every sign-in and ends the one the browser came with', async () => {
    const user = await newUser();
    const first = await session(user.email);
    const again = await login(t.app, user.email, PASSWORD, { cookie: first.cookie });
    const second = again.cookies.find((c) => c.name === 'veiviser_session')!.value;
    expect(second).not.toBe(first.token);
    expect(again.json().csrfToken).not.toBe(first.csrf);
    expectProblem(await me(first.cookie), 401);
    expect((await me(`veiviser_session=${second}`)).statusCode).toBe(200);
    // Tokens are kept hashed: the table holds nothing a thief could put in a cookie.
    const rows = await t.db.selectFrom('app_session').select('token_hash').where('user_id', '=', user.id).execute();
    expect(rows.map((r) => r.token_hash)).toEqual([hashToken(second)]);
  });

  it("sweeps the user's timed-out sessions at sign-in", async () => {
    const user = await newUser();
    const stale = await session(user.email);
    await t.db
      .updateTable('app_session')
      .set({ last_seen_at: new Date(Date.now() - 2 * 60 * MINUTE) })
      .where('token_hash', '=', hashToken(stale.token))
      .execute();
    await session(user.email);
    const hashes = (await t.db.selectFrom('app_session').select('token_hash').where('user_id', '=', user.id).execute()).map(
      (r) => r.token_hash,
    );
    expect(hashes).toHaveLength(1);
    expect(hashes).not.toContain(hashToken(stale.token));
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Strict, Path=/', async () => {
    const user = await newUser();
    const response = await login(t.app, user.email, PASSWORD);
    const header = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('veiviser_session='));
    const attributes = header!
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/', `max-age=${12 * 60 * 60}`]));
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
  });

  it('stops a disabled user’s session at once and refuses their sign-in like any other failure', async () => {
    const user = await newUser();
    const s = await session(user.email);
    await t.db.updateTable('app_user').set({ disabled: true }).where('id', '=', user.id).execute();
    const before = await lastAuditId();
    expectProblem(await me(s.cookie), 401);
    expect(await auditSince(before)).toContainEqual(
      expect.objectContaining({ resource_type: 'session', detail: expect.objectContaining({ reason: 'disabled' }) }),
    );
    const refused = await login(t.app, user.email, PASSWORD);
    const unknown = await login(t.app, 'nobody@test.oslo.kommune.no', PASSWORD);
    expectProblem(refused, 401);
    expect(refused.json().detail).toBe(unknown.json().detail);
  });

  it('sends strict security headers on HTML pages, API answers and errors', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const spaRoute = await t.app.inject({ method: 'GET', url: '/redaktor/tjenester' });
    const api = await t.app.inject({ method: 'GET', url: '/api/auth/providers' });
    const problem = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(spaRoute.headers['content-type']).toMatch(/^text\/html/);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expectProblem(problem, 401);
    for (const response of [page, spaRoute, api, problem]) {
      const csp = new Map(
        String(response.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name!, values]),
      );
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      const hsts = String(response.headers['strict-transport-security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);
      expect(hsts).toMatch(/includeSubDomains/i);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toMatch(/^(no-referrer|same-origin|strict-origin)/);
    }
  });

  it('forbids caching answers behind a sign-in, and lets public catalog answers be cached', async () => {
    const session = await signIn(t, ['district_caseworker'], { districts: ['alna'] });
    const persons = await t.app.inject({ method: 'GET', url: '/api/persons', headers: session.headers });
    expect(persons.statusCode).toBe(200);
    expect(persons.headers['cache-control']).toBe('no-store');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers });
    expect(me.headers['cache-control']).toBe('no-store');
    const catalog = await t.app.inject({ method: 'GET', url: '/api/services?q=kanyle' });
    expect(catalog.headers['cache-control']).toBeUndefined();
  });

  it('keeps the audit chain intact through all of it', async () => {
    expect(await verifyAuditChain(t.db, { keys: TEST_AUDIT_KEYS, checkpointFile: null })).toMatchObject({ ok: true });
  });
});
