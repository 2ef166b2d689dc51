import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(testDatabaseKinds())('on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('answers /healthz when the database is ready', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('documents every API route in the OpenAPI document at /api/openapi.json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const routes = t.app
      .routeRules()
      .filter(
        (r) =>
          r.method !== 'HEAD' && !r.webFile && (r.url.startsWith('/api/') || r.url.startsWith('/hsds/')) && r.url !== '/api/openapi.json',
      )
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('searches the 177 seeded offers (181 entries less 4 agreements and projects)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/services?includeClosed=true&perPage=1' });
    expect(response.json().total).toBe(177);
  });
});
