import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(testDatabaseKinds())('forwarded headers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  /** An unknown session cookie is refused and audited with the client's address: a cheap way to see request.ip. */
  async function auditedAddress(remoteAddress: string, forwardedFor: string): Promise<string | null> {
    const cookie = `veiviser_session=${randomBytes(32).toString('base64url')}`;
    const headers = { cookie, 'x-forwarded-for': forwardedFor };
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress, headers });
    expect(response.statusCode).toBe(401);
    const row = await t.db.selectFrom('audit_event').select(['ip', 'resource_type']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.resource_type).toBe('session');
    return row.ip;
  }

  it('takes the client address from a trusted proxy only when it is an IP address, else the proxy’s own', async () => {
    expect(await auditedAddress('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(await auditedAddress('127.0.0.1', '203.0.113.9:51234')).toBe('203.0.113.9');
    for (const hostile of ['not-an-ip', '=cmd|calc!A1', '198.51.100.7, <script>alert(1)</script>']) {
      expect(await auditedAddress('127.0.0.1', hostile)).toBe('127.0.0.1');
    }
    // Behind the first bad entry nothing the client wrote counts: the proxy's own entry does.
    expect(await auditedAddress('127.0.0.1', '=cmd|calc!A1, 198.51.100.8')).toBe('198.51.100.8');
    // A peer that is not a trusted proxy cannot say anything at all.
    expect(await auditedAddress('203.0.113.50', '198.51.100.7')).toBe('203.0.113.50');
  });

  it('caps sign-in attempts from one connecting peer, so a new forwarded address per try does not escape the limit', async () => {
    const limited = await createTestApp(kind, { rateLimit: true });
    try {
      // A body the route refuses costs no password check, but counts against the limit all the same.
      const attempt = (remoteAddress: string, i: number) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress,
          headers: { 'x-forwarded-for': `198.51.${Math.floor(i / 250)}.${i % 250}` },
          payload: {},
        });
      for (let i = 0; i < 100; i += 1) expect((await attempt('10.0.0.5', i)).statusCode, `try ${i + 1}`).toBe(400);
      const refused = await attempt('10.0.0.5', 100);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another peer is not affected.
      expect((await attempt('10.0.0.6', 0)).statusCode).toBe(400);
    } finally {
      await limited.close();
    }
  });

  const hostileHeaders = { host: 'evil.example', 'x-forwarded-host': 'javascript://evil.example', 'x-forwarded-proto': 'javascript' };

  it('publishes URLs under VEIVISER_PUBLIC_URL, whatever Host and X-Forwarded-Host/-Proto say', async () => {
    const configured = await createTestApp(kind, { publicUrl: 'https://veiviser.example.no' });
    try {
      const about = await configured.app.inject({ method: 'GET', url: '/hsds/', remoteAddress: '127.0.0.1', headers: hostileHeaders });
      expect(about.json()).toMatchObject({ openapi_url: 'https://veiviser.example.no/api/openapi.json' });
    } finally {
      await configured.close();
    }
  });

  it('publishes URLs under http://localhost:<port> when no public URL is configured, never the Host header', async () => {
    const about = await t.app.inject({ method: 'GET', url: '/hsds/', remoteAddress: '127.0.0.1', headers: hostileHeaders });
    expect(about.json()).toMatchObject({ openapi_url: 'http://localhost:8080/api/openapi.json' });
    expect(about.body).not.toContain('evil');
    expect(about.body).not.toContain('javascript');
  });
});
