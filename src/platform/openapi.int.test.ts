import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, TEST_PSEUDONYM_KEYS, type TestApp } from '../../test/test-app.ts';
import { buildApp } from '../app.ts';
import { MODULES } from '../modules.ts';
import type { VeiviserModule } from './module.ts';

const config = { logLevel: 'silent', secureCookies: false, webDir: './dist/web', allowSyntheticIds: true } as const;

/** A module with one public route, declaring `response` or not. */
const moduleWith = (response: Record<number, z.ZodType> | undefined): VeiviserModule => ({
  name: 'probe',
  migrations: {},
  permissions: {},
  tags: [],
  routes: async (app) => {
    const schema = { summary: 'A probe', ...(response ? { response } : {}) };
    app.get('/api/probe', { config: { access: 'public' }, schema }, async () => ({ ok: true }));
  },
});

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

describe.each(testDatabaseKinds())('on %s', (kind) => {
  it('refuses to assemble the app when a route declares no response schema for its success status', async () => {
    const handle = await openTestDatabase(kind);
    try {
      const assemble = (module: VeiviserModule) =>
        buildApp({ db: handle.db, config, pseudonymKeys: TEST_PSEUDONYM_KEYS, modules: [...MODULES, module] });
      const refusal = 'Route GET /api/probe declares no response schema for its success status';
      await expect(assemble(moduleWith(undefined))).rejects.toThrow(refusal);
      await expect(assemble(moduleWith({ 404: z.object({ detail: z.string() }) }))).rejects.toThrow(refusal);
      const app = await assemble(moduleWith({ 200: z.object({ ok: z.boolean() }) }));
      expect((await app.inject({ url: '/api/probe' })).json()).toEqual({ ok: true });
      await app.close();
    } finally {
      await handle.close();
    }
  });

  describe('the OpenAPI document', () => {
    let t: TestApp;
    let doc: OpenApiDocument;
    beforeAll(async () => {
      t = await createTestApp(kind);
      doc = (await t.app.inject({ url: '/api/openapi.json' })).json<OpenApiDocument>();
    });
    afterAll(async () => t?.close());

    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
      );

    it('shows a success answer for every route, with a schema unless it has no body', () => {
      expect(operations().length).toBeGreaterThan(30);
      const withoutSuccess = operations().filter(({ op }) => !Object.keys(op.responses).some((status) => /^[23]/.test(status)));
      expect(withoutSuccess.map((o) => o.route)).toEqual([]);
      const bodiless = operations().filter(({ op }) =>
        Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && status !== '204' && !r.content),
      );
      expect(bodiless.map((o) => o.route)).toEqual([]);
    });

    it('shows the problem+json answer for 4xx on every route', () => {
      const problem = (op: Operation) => op.responses['4XX']?.content?.['application/problem+json'];
      expect(operations().filter(({ op }) => !problem(op)).map((o) => o.route)).toEqual([]);
      expect(problem(doc.paths['/api/persons']!.post!)).toMatchObject({
        schema: { properties: { status: { type: 'integer' }, errors: { type: 'array' } } },
      });
    });
  });
});
