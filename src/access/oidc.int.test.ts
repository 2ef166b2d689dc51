import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { loadConfig } from '../platform/config.ts';
import { hashToken } from './tokens.ts';
import { createLocalUser } from './users.service.ts';

/**
 * OpenID Connect sign-in end to end: a real oidc-provider on a local port, the application on a
 * real port, and the browser played by fetch with a cookie jar, following every redirect by hand.
 */

// oidc-provider ships no types; these are the few members the test uses.
type Account = { email?: string; email_verified?: boolean; name?: string };
type OidcProviderInstance = { callback: () => (req: unknown, res: unknown) => void };
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProviderInstance;
const OIDC_PROVIDER_PACKAGE: string = 'oidc-provider';

const CLIENT_ID = 'veiviser-test';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

/** Starts a real identity provider with one client (the app) and the given accounts. */
async function startIdentityProvider(appOrigin: string, accounts: Map<string, Account>) {
  const { default: Provider } = (await import(OIDC_PROVIDER_PACKAGE)) as { default: OidcProviderClass };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appOrigin}/api/auth/oidc/test/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like ID-porten and Entra ID: the claims the scopes ask for come in the ID token itself.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A TCP port nobody listens on right now (the redirect URI must be known before the app starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The browser: cookies per origin, redirects followed by hand so each hop can be inspected. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = this.jar.get(target.host);
    const headers: Record<string, string> = {};
    if (cookies?.size) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s, 2).map((s) => s.trim());
      const expired =
        attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) <= Date.now());
      const store = this.jar.get(target.host) ?? new Map<string, string>();
      if (expired || value === '') store.delete(name);
      else store.set(name, value);
      this.jar.set(target.host, store);
    }
    return response;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).host)?.get(name);
  }
}

const location = (response: Response, base: string | URL) => {
  const value = response.headers.get('location');
  if (!value) throw new Error(`expected a redirect, got ${response.status}: ${value}`);
  return new URL(value, base);
};

describe.each(testDatabaseKinds())('OpenID Connect sign-in on %s', (kind) => {
  const accounts = new Map<string, Account>();
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  let t: TestApp;
  let app: string;
  let downPort: number;
  let counter = 0;

  beforeAll(async () => {
    const port = await freePort();
    downPort = await freePort();
    app = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider(app, accounts);
    t = await createTestApp(kind, {
      publicUrl: app,
      oidcProviders: [
        {
          id: 'test',
          name: 'Test-ID',
          issuer: idp.issuer,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          scopes: ['openid', 'email', 'profile'],
        },
        { id: 'down', name: 'Nede', issuer: `http://127.0.0.1:${downPort}`, clientId: 'x', scopes: ['openid'] },
      ],
    });
    await t.app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** A staff account an administrator has made, and an identity at the provider. */
  async function staffMember(options: { provisioned?: boolean; emailVerified?: boolean } = {}) {
    counter += 1;
    const email = `oidc${counter}-${randomBytes(3).toString('hex')}@test.oslo.kommune.no`;
    const subject = `person-${counter}-${randomBytes(4).toString('hex')}`;
    accounts.set(subject, { email, email_verified: options.emailVerified ?? true, name: `OIDC ${counter}` });
    const user =
      options.provisioned === false
        ? null
        : await createLocalUser(t.db, {
            email,
            password: randomBytes(16).toString('hex'),
            displayName: `OIDC ${counter}`,
            roles: ['catalog_editor'],
          });
    return { email, subject, userId: user?.id ?? null };
  }

  /**
   * Goes from the app's start route through the provider's sign-in and consent pages, up to (not
   * into) the app's callback. Returns the browser, the authorization request and the callback URL.
   */
  async function throughProvider(subject: string, returnTo?: string) {
    const browser = new Browser();
    const start = await browser.request(
      `${app}/api/auth/oidc/test/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`,
    );
    expect(start.status).toBe(302);
    const authorization = location(start, app);
    let next = authorization;
    let response = await browser.request(next);
    for (let hop = 0; hop < 20; hop += 1) {
      if (response.status >= 300 && response.status < 400) {
        next = location(response, next);
        if (next.origin === app) return { browser, authorization, callback: next };
        response = await browser.request(next);
        continue;
      }
      // A page of the provider's (development) interactions: sign in as the subject, then consent.
      const html = await response.text();
      expect(response.status, html).toBe(200);
      const action = new URL(/<form[^>]*action="([^"]+)"/.exec(html)![1]!, next);
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: subject, password: 'anything' } : { prompt: 'consent' };
      response = await browser.request(action, { method: 'POST', form });
      next = action;
    }
    throw new Error('the provider never sent the browser back to the app');
  }

  const auditSince = (id: number) => t.db.selectFrom('audit_event').selectAll().where('id', '>', id).orderBy('id').execute();
  const lastAuditId = async () =>
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0;

  it('lists the configured providers for the sign-in page, and nothing more about them', async () => {
    const response = await fetch(`${app}/api/auth/providers`);
    expect(await response.json()).toEqual([
      { id: 'test', name: 'Test-ID' },
      { id: 'down', name: 'Nede' },
    ]);
  });

  it('signs a pre-provisioned user in with code + PKCE S256, links the identity and returns to the page they came from', async () => {
    const person = await staffMember();
    const before = await lastAuditId();
    const { browser, authorization, callback } = await throughProvider(person.subject, '/redaktor/tjenester?side=2');

    expect(authorization.origin).toBe(idp.issuer);
    const params = authorization.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(`${app}/api/auth/oidc/test/callback`);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('scope')?.split(' ')).toContain('openid');
    expect(callback.pathname).toBe('/api/auth/oidc/test/callback');
    expect(callback.searchParams.get('code')).toBeTruthy();

    const landed = await browser.request(callback);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe('/redaktor/tjenester?side=2');
    const sessionCookie = landed.headers.getSetCookie().find((c) => c.startsWith('veiviser_session='))!;
    expect(sessionCookie.split(';').map((a) => a.trim().toLowerCase())).toEqual(
      expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']),
    );
    expect(browser.cookie(app, 'veiviser_oidc')).toBeUndefined();

    const me = await browser.request(`${app}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ userId: person.userId, roles: ['catalog_editor'], csrfToken: expect.any(String) });

    const user = await t.db
      .selectFrom('app_user')
      .select(['oidc_issuer', 'oidc_subject'])
      .where('id', '=', person.userId!)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ oidc_issuer: idp.issuer, oidc_subject: person.subject });
    expect(await t.db.selectFrom('oidc_login').selectAll().execute()).toEqual([]);
    expect(await auditSince(before)).toContainEqual(
      expect.objectContaining({
        actor_id: person.userId,
        action: 'login',
        outcome: 'allowed',
        detail: expect.objectContaining({ method: 'oidc', provider: 'test', linkedAccount: true }),
      }),
    );
  });

  it('finds a linked user by subject on later sign-ins, even after the e-mail changed', async () => {
    const person = await staffMember();
    const first = await throughProvider(person.subject);
    expect((await first.browser.request(first.callback)).headers.get('location')).toBe('/');
    accounts.set(person.subject, { email: `changed-${person.email}`, email_verified: false });
    const again = await throughProvider(person.subject);
    await again.browser.request(again.callback);
    const me = await again.browser.request(`${app}/api/auth/me`);
    expect(await me.json()).toMatchObject({ userId: person.userId });
  });

  it('lets in a person whose provider sends no e-mail (as ID-porten) once an administrator linked the identity', async () => {
    const person = await staffMember();
    accounts.set(person.subject, { name: 'Uten e-post' });
    const before = await lastAuditId();
    const first = await throughProvider(person.subject);
    expect((await first.browser.request(first.callback)).headers.get('location')).toBe('/logg-inn?error=no_account');
    const refusal = (await auditSince(before)).find((r) => r.action === 'login' && r.outcome === 'denied')!;
    expect(refusal.detail).toMatchObject({ issuer: idp.issuer, subject: person.subject, reason: 'unknown identity and no e-mail claim' });

    const admin = await signIn(t, ['administrator']);
    const link = (identity: unknown, userId = person.userId!) =>
      t.app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/identity`, headers: admin.headers, payload: { identity } });
    const linked = await link({ issuer: refusal.detail.issuer, subject: refusal.detail.subject });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ id: person.userId, identity: { issuer: idp.issuer, subject: person.subject } });
    const someoneElse = await staffMember();
    const taken = await link({ issuer: idp.issuer, subject: person.subject }, someoneElse.userId!);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([{ field: 'subject', message: 'is linked to another account' }]);

    const second = await throughProvider(person.subject);
    expect((await second.browser.request(second.callback)).headers.get('location')).toBe('/');
    expect(await (await second.browser.request(`${app}/api/auth/me`)).json()).toMatchObject({ userId: person.userId });

    // Unlinking takes the identity's access away again; both changes are audited.
    expect((await link(null)).json()).toMatchObject({ identity: null });
    const third = await throughProvider(person.subject);
    expect((await third.browser.request(third.callback)).headers.get('location')).toBe('/logg-inn?error=no_account');
    const changes = (await auditSince(before)).filter((r) => r.resource_id === person.userId && r.action.endsWith('link_identity'));
    expect(changes.map((r) => r.action)).toEqual(['link_identity', 'unlink_identity']);
  });

  it('refuses a callback whose state was tampered with, and audits it', async () => {
    const person = await staffMember();
    const { browser, callback } = await throughProvider(person.subject);
    callback.searchParams.set('state', randomBytes(32).toString('base64url'));
    const before = await lastAuditId();
    const refused = await browser.request(callback);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/logg-inn?error=oidc_failed');
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('veiviser_session=') && !c.startsWith('veiviser_session=;'))).toBe(
      false,
    );
    expect((await browser.request(`${app}/api/auth/me`)).status).toBe(401);
    const rows = await auditSince(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'login',
      outcome: 'failed',
      purpose: 'authentication',
      detail: { method: 'oidc', provider: 'test', reason: expect.stringMatching(/state/) },
    });
    expect(JSON.stringify(rows[0])).not.toContain(callback.searchParams.get('code'));
    // The sign-in was used up: the genuine callback cannot be replayed afterwards.
    callback.searchParams.delete('state');
    expect((await browser.request(callback)).headers.get('location')).toBe('/logg-inn?error=oidc_failed');
    expect(
      (await t.db.selectFrom('app_user').select('oidc_subject').where('id', '=', person.userId!).executeTakeFirstOrThrow()).oidc_subject,
    ).toBeNull();
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF), and audits it', async () => {
    const attacker = await staffMember();
    const { callback } = await throughProvider(attacker.subject);
    const victim = new Browser();
    const before = await lastAuditId();
    const refused = await victim.request(callback);
    expect(refused.headers.get('location')).toBe('/logg-inn?error=oidc_failed');
    expect((await victim.request(`${app}/api/auth/me`)).status).toBe(401);
    expect(await auditSince(before)).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        detail: expect.objectContaining({ reason: 'no sign-in was started from this browser' }),
      }),
    ]);
  });

  it('refuses an unknown person without creating an account, and audits it', async () => {
    const stranger = await staffMember({ provisioned: false });
    const users = async () =>
      Number(
        (
          await t.db
            .selectFrom('app_user')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const count = await users();
    const before = await lastAuditId();
    const { browser, callback } = await throughProvider(stranger.subject);
    const refused = await browser.request(callback);
    expect(refused.headers.get('location')).toBe('/logg-inn?error=no_account');
    expect((await browser.request(`${app}/api/auth/me`)).status).toBe(401);
    expect(await users()).toBe(count);
    expect(await t.db.selectFrom('app_user').select('id').where('oidc_subject', '=', stranger.subject).execute()).toEqual([]);
    expect(await auditSince(before)).toEqual([
      expect.objectContaining({
        actor_id: 'anonymous',
        action: 'login',
        outcome: 'denied',
        detail: expect.objectContaining({
          reason: 'no account for this identity or e-mail',
          subject: stranger.subject,
          issuer: idp.issuer,
        }),
      }),
    ]);
  });

  it('does not link an account through an e-mail the provider has not verified', async () => {
    const person = await staffMember({ emailVerified: false });
    const { browser, callback } = await throughProvider(person.subject);
    expect((await browser.request(callback)).headers.get('location')).toBe('/logg-inn?error=no_account');
    expect(
      (await t.db.selectFrom('app_user').select('oidc_subject').where('id', '=', person.userId!).executeTakeFirstOrThrow()).oidc_subject,
    ).toBeNull();
  });

  it('refuses a disabled account', async () => {
    const person = await staffMember();
    await t.db.updateTable('app_user').set({ disabled: true }).where('id', '=', person.userId!).execute();
    const { browser, callback } = await throughProvider(person.subject);
    expect((await browser.request(callback)).headers.get('location')).toBe('/logg-inn?error=no_account');
    expect((await browser.request(`${app}/api/auth/me`)).status).toBe(401);
  });

  it('ignores a returnTo that leads off the site', async () => {
    const person = await staffMember();
    const { browser, callback } = await throughProvider(person.subject, 'https://evil.example/steal');
    expect((await browser.request(callback)).headers.get('location')).toBe('/');
    for (const returnTo of [
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      `/ok\r\nLocation: https://evil.example`,
      'https:evil.example',
    ]) {
      const probe = new Browser();
      expect((await probe.request(`${app}/api/auth/oidc/test/start?returnTo=${encodeURIComponent(returnTo)}`)).status).toBe(302);
      const row = await t.db
        .selectFrom('oidc_login')
        .select('return_to')
        .where('flow_hash', '=', hashToken(probe.cookie(app, 'veiviser_oidc')!))
        .executeTakeFirstOrThrow();
      expect(row.return_to).toBe('/');
    }
  });

  it('sends the user back to the sign-in page when a provider cannot be reached', async () => {
    const response = await new Browser().request(`${app}/api/auth/oidc/down/start`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/logg-inn?error=oidc_unavailable');
    expect((await fetch(`${app}/api/auth/oidc/nobody/start`)).status).toBe(404);
  });
});

describe('OpenID Connect configuration', () => {
  const provider = {
    id: 'entra',
    name: 'Oslo kommune (Entra ID)',
    issuer: 'https://login.microsoftonline.com/tenant/v2.0',
    clientId: 'abc',
    clientSecret: 'top-secret-value',
  };
  const load = (env: Record<string, string>) => () => loadConfig({ VEIVISER_PUBLIC_URL: 'https://veiviser.oslo.kommune.no', ...env });

  it('reads providers and the public URL, with default scopes', () => {
    const config = load({ VEIVISER_OIDC_PROVIDERS: JSON.stringify([provider]) })();
    expect(config.publicUrl).toBe('https://veiviser.oslo.kommune.no');
    expect(config.oidcProviders).toEqual([{ ...provider, scopes: ['openid', 'email', 'profile'] }]);
  });

  it('refuses bad settings with an error naming the variable, never echoing the secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ VEIVISER_OIDC_PROVIDERS: 'not json' }, /VEIVISER_OIDC_PROVIDERS: must be a JSON array/],
      [
        { VEIVISER_OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer: 'http://idp.example' }]) },
        /VEIVISER_OIDC_PROVIDERS\.0\.issuer: must be an https URL/,
      ],
      [
        { VEIVISER_OIDC_PROVIDERS: JSON.stringify([{ ...provider, scopes: ['email'] }]) },
        /VEIVISER_OIDC_PROVIDERS\.0\.scopes: must include 'openid'/,
      ],
      [{ VEIVISER_OIDC_PROVIDERS: JSON.stringify([provider, provider]) }, /VEIVISER_OIDC_PROVIDERS: provider ids must be unique/],
      [{ VEIVISER_OIDC_PROVIDERS: JSON.stringify([{ ...provider, id: '../x' }]) }, /VEIVISER_OIDC_PROVIDERS\.0\.id/],
      [{ VEIVISER_OIDC_PROVIDERS: JSON.stringify([provider]), VEIVISER_PUBLIC_URL: '' }, /VEIVISER_PUBLIC_URL/],
      [{ VEIVISER_PUBLIC_URL: 'https://veiviser.oslo.kommune.no/app' }, /VEIVISER_PUBLIC_URL: must be an origin only/],
      [{ VEIVISER_TRUST_PROXY: 'true' }, /VEIVISER_TRUST_PROXY/],
    ];
    for (const [env, message] of cases) {
      expect(load(env)).toThrow(message);
      try {
        load(env)();
      } catch (error) {
        expect((error as Error).message).not.toContain('top-secret-value');
      }
    }
    expect(() => loadConfig({ VEIVISER_OIDC_PROVIDERS: JSON.stringify([provider]) })).toThrow(
      /VEIVISER_PUBLIC_URL: is required when VEIVISER_OIDC_PROVIDERS is set/,
    );
  });
});
