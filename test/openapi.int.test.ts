import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSummarySchema } from '../src/access/admin.schemas.ts';
import { personSchema } from '../src/access/persons.schemas.ts';
import { CONTRACT_PREFIXES, successResponseCodes } from '../src/platform/response-schemas.ts';
import { testDatabaseKinds } from './databases.ts';
import { createTestApp, type TestApp } from './test-app.ts';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const isApi = (url: string) => CONTRACT_PREFIXES.some((prefix) => url.startsWith(prefix));
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

// Two answers a careless use-case might give: a user row with its secrets, a person with the national ID.
function leakyRoutes(app: FastifyInstance) {
  const createdAt = '2026-12-02T12:00:00.000Z';
  app.get(
    '/api/admin/test/leaky-user',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: userSummarySchema } } },
    async () => ({
      ...{ id: 'u1', email: 'a@oslo.kommune.no', displayName: 'A', roles: [], districts: [], units: [], disabled: false },
      ...{ identity: null, createdAt, password_hash: '$argon2id$secret', failed_logins: 3 },
    }),
  );
  app.get(
    '/api/persons/test/leaky-person',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: personSchema } } },
    async () => ({
      ...{ id: 'p1', givenName: 'Kari', familyName: null, birthYear: 1990, district: 'frogner', unit: null, createdAt },
      ...{ nationalId: '01019012345', pseudonym: 'abc' },
    }),
  );
}

describe.each(testDatabaseKinds())('the API contract on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { testRoutes: leakyRoutes });
  });
  afterAll(async () => t?.close());

  it('documents a success response with a schema for every API route in /api/openapi.json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApi>();
    const routes = t.app.routeRules().filter((r) => r.method !== 'HEAD' && !r.webFile && isApi(r.url) && !r.url.includes('/test'));
    const undocumented = routes.flatMap((r) => {
      if (r.url === '/api/openapi.json') return [];
      const operation = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      const responses = operation?.responses ?? {};
      const success = successResponseCodes(responses);
      if (success.length === 0) return [`${r.method} ${r.url}: no 2xx/3xx response`];
      // A body-less answer (204, a redirect) has no content; every other success names its media type and schema.
      const bodyless = success.every((code) => code === '204' || code.startsWith('3'));
      const described = success.some((code) => Object.values(responses[code]?.content ?? {}).some((c) => c.schema !== undefined));
      return bodyless || described ? [] : [`${r.method} ${r.url}: the success response has no schema`];
    });
    expect(routes.length).toBeGreaterThan(15);
    expect(undocumented).toEqual([]);
  });

  it('drops fields an admin answer does not list: no password hash or lockout counter leaves', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/admin/test/leaky-user' });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ id: 'u1', email: 'a@oslo.kommune.no' });
    expect(Object.keys(body).sort()).toEqual(Object.keys(userSummarySchema.shape).sort());
    expect(response.body).not.toContain('argon2');
  });

  it('drops fields a person answer does not list: no national ID or pseudonym leaves', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/persons/test/leaky-person' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json<object>()).sort()).toEqual(Object.keys(personSchema.shape).sort());
    expect(response.body).not.toContain('01019012345');
  });

  it('answers a sign-out with 204 and no body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
  });
});
