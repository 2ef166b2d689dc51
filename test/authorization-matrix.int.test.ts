import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin, type RouteRule } from '../src/access/auth.plugin.ts';
import { can, ROLES, type Role } from '../src/access/permissions.ts';
import { testDatabaseKinds } from './databases.ts';
import { createTestApp, signIn, type TestApp } from './test-app.ts';

/**
 * The authorisation matrix, generated from the route table: every route of the application,
 * called without a session and as each role, must be refused (401 signed out, 403 without the
 * permission) or reach its handler (200, 201, 204, 302, 400, 404, 409) exactly as its declared
 * rule and the permission table say. A route added without a rule stops the server from starting.
 */

type Caller = Role | 'anonymous';
type Outcome = 'reached' | 401 | 403;

/** What the declared rule and the permission table promise this caller. */
function promised(rule: RouteRule, caller: Caller): Outcome {
  if (rule.access === 'public') return 'reached';
  if (caller === 'anonymous') return 401;
  if (rule.access === 'authenticated') return 'reached';
  return can([caller], rule.access) ? 'reached' : 403;
}

/** A concrete URL for a route pattern: ids are fresh UUIDs, other parameters a harmless word. */
function concrete(url: string): string {
  return url.replace(/:id\b/g, randomUUID()).replace(/:[a-zA-Z]+/g, 'ukjent').replace(/\*$/, 'ingenting-her');
}

const REACHED = new Set([200, 201, 204, 302, 400, 404, 409]);

describe.each(testDatabaseKinds())('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  const sessions = new Map<Role, Record<string, string>>();
  const signInAs = async (role: Role) => {
    sessions.set(role, (await signIn(t, [role], { districts: ['alna'], units: ['valle'] })).headers);
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const role of ROLES) await signInAs(role);
  });
  afterAll(async () => t?.close());

  it('calls every route as every role and gets exactly what the rules promise', { timeout: 120_000 }, async () => {
    const rules = t.app.routeRules().filter((r) => r.method !== 'HEAD' && !r.webFile);
    expect(rules.length).toBeGreaterThan(30);
    const mismatches: string[] = [];
    const table: string[] = [];
    const call = async (rule: RouteRule, caller: Caller) => {
      // An event stream (…/stream) never ends by itself: take its status and let go; closing the app ends it.
      const stream = rule.url.endsWith('/stream');
      const response = await t.app.inject({
        method: rule.method as 'GET',
        url: concrete(rule.url),
        headers: caller === 'anonymous' ? {} : sessions.get(caller)!,
        ...(rule.method === 'POST' || rule.method === 'PUT' ? { payload: {} } : {}),
        ...(stream ? { payloadAsStream: true } : {}),
      });
      if (stream) response.stream().destroy();
      const want = promised(rule, caller);
      const ok = want === 'reached' ? REACHED.has(response.statusCode) : response.statusCode === want;
      const body = stream ? '' : response.body.slice(0, 120);
      if (!ok) mismatches.push(`${rule.method} ${rule.url} as ${caller}: ${response.statusCode}, expected ${want} (${body})`);
      return String(response.statusCode);
    };
    const callers: Caller[] = ['anonymous', ...ROLES];
    for (const rule of rules) {
      let row: string[];
      if (rule.url.includes('/logout')) {
        // Signing out ends the caller's session: one caller at a time, signing in again after.
        row = [];
        for (const caller of callers) {
          row.push(await call(rule, caller));
          if (caller !== 'anonymous') await signInAs(caller);
        }
      } else {
        row = await Promise.all(callers.map((caller) => call(rule, caller)));
      }
      table.push(`${rule.method} ${rule.url}: ${row.join(' ')}`);
    }
    expect(mismatches, `route × role (anonymous, ${ROLES.join(', ')}):\n${table.join('\n')}`).toEqual([]);
  });

  it('refuses to register a route that declares no access rule', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authPlugin, { db: t.db });
    expect(() => app.get('/api/new-route-without-a-rule', async () => 'oops')).toThrow(/declares no access rule/);
    await app.close();
  });
});
