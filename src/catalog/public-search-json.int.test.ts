import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { publicSearchResponseSchema } from './catalog-responses.schemas.ts';
import { searchQuerySchema } from './catalog.schemas.ts';
import { publicSearchJson } from './public-search-json.ts';
import { newPublicSearchCache, searchPublicCatalog } from './public-search.service.ts';
import { SUMMARY_SOURCE } from './search.service.ts';

/** What the route's response schema makes of an answer (fastify-type-provider-zod's serializer). */
const bySchema = (answer: Parameters<typeof publicSearchJson>[0]) => JSON.parse(JSON.stringify(publicSearchResponseSchema.encode(answer)));

describe.each(testDatabaseKinds())('the public search answer as JSON on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Office hours, so answers hold entries open now and entries that open days ahead.
    const { headers } = await signIn(t, ['catalog_editor']);
    const rules = (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((byday) => ({ byday, opensAt: '08:00', closesAt: '16:00' }));
    for (const name of ['Kontortid rusbehandling', 'Kontortid bolig']) {
      const payload = { name, description: 'Et tilbud med kontortid.', kind: 'other', districts: ['alna'], openingHours: { rules } };
      const response = await t.app.inject({ method: 'POST', url: '/api/services', payload, headers });
      expect(response.statusCode, response.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const searches = ['q=rusbehandling', 'q=selvmord', 'q=bolig&district=alna', 'openNow=true', 'q=needle exchange&page=2', 'q=xqzv'];

  it('is what the response schema makes of it, on the first answer and with the cards kept as text', async () => {
    let laterDays = 0;
    // A Monday noon and a Saturday night: open, closed, and opening days ahead.
    for (const now of [new Date('2026-12-07T12:00:00Z'), new Date('2026-12-05T23:30:00Z')])
      for (const params of searches) {
        const cache = newPublicSearchCache();
        const q = searchQuerySchema.parse(Object.fromEntries(new URLSearchParams(params)));
        const answer = await searchPublicCatalog(t.db, cache, q, now);
        for (let round = 0; round < 2; round++) expect(JSON.parse(publicSearchJson(answer)), params).toEqual(bySchema(answer));
        const s = answer.items.map((i) => i.openStatus);
        laterDays += s.filter((o) => (o.state === 'closed' && (o.opens?.daysAhead ?? 0) > 0) || o.state === 'open').length;
        if (answer.items.length === 0) continue;
        // What changes between answers is written again: the card's kept text is only its fixed part.
        const changed = {
          ...answer,
          items: answer.items.map((i) => ({ ...i, intakeStatus: 'full' as const, intakeStatusAt: now.toISOString(), reasons: [] })),
        };
        expect(JSON.parse(publicSearchJson(changed)), params).toEqual(bySchema(changed));
      }
    expect(laterDays).toBeGreaterThan(0);
  });

  it('leaves out what is not in the schema', async () => {
    const q = searchQuerySchema.parse({ q: 'rusbehandling' });
    const answer = await searchPublicCatalog(t.db, newPublicSearchCache(), q, new Date());
    // Each card from a source not seen before, so its fixed part is written now, from the card with the extra fields.
    const items = answer.items.map((i) => ({ ...i, internalNote: 'x', vector: 'y', [SUMMARY_SOURCE]: { ...i[SUMMARY_SOURCE]! } }));
    const extra = { ...answer, secret: 1, items };
    const written = JSON.parse(publicSearchJson(extra)) as Record<string, unknown> & {
      items: Record<string, unknown>[];
    };
    expect(written).not.toHaveProperty('secret');
    expect(written.items.length).toBeGreaterThan(0);
    for (const item of written.items) {
      expect(Object.keys(item)).not.toContain('internalNote');
      expect(Object.keys(item)).not.toContain('vector');
    }
  });

  it('is what GET /api/services answers, to the character', async () => {
    const at = '2026-12-07T12:00:00.000Z';
    const response = await t.app.inject({ method: 'GET', url: `/api/services?q=rusbehandling&at=${at}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<{ items: { id: string; openStatus: unknown; reasons: unknown[] }[]; total: number }>();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0]).toHaveProperty('openStatus');
    expect(body).toEqual(JSON.parse(JSON.stringify(publicSearchResponseSchema.parse(body))));
    // The route's own serializer, not the response schema's: the same text as publicSearchJson writes (its key order).
    const q = searchQuerySchema.parse({ q: 'rusbehandling', at });
    expect(response.body).toBe(publicSearchJson(await searchPublicCatalog(t.db, newPublicSearchCache(), q, new Date(at))));
  });
});
