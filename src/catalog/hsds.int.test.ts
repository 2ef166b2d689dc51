import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { hsdsErrors, type HsdsSchemaName } from '../../test/hsds-schemas.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { loadSeed } from './seed.ts';
import { taxonomyId, taxonomyTermId } from './taxonomy.ts';

/**
 * The Open Referral HSDS 3.0 API under /hsds: every response validates against the official
 * schemas (copied into test/fixtures/hsds-3.0), for every seeded service, with the parameters of
 * the specification's openapi.json.
 */

/** The seeded offers: HSDS publishes services offered, not the 4 seeded agreements and projects (hsds.routes.ts). */
const SEEDED = 177;

type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
};

describe.each(testDatabaseKinds())('HSDS 3.0 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  async function get<T = Record<string, unknown>>(url: string): Promise<T> {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json<T>();
  }

  function expectValid(schema: HsdsSchemaName, value: unknown, what: string) {
    expect(hsdsErrors(schema, value), what).toEqual([]);
  }

  /** Every item of every page of a list endpoint. */
  async function allPages(path: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const result = await get<Page>(`${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
      items.push(...result.contents);
      if (result.last_page) return items;
    }
  }

  it('describes itself at /hsds/ with the HSDS version and the OpenAPI address', async () => {
    const about = await get('/hsds/');
    expect(about).toMatchObject({ version: '3.0', profile: 'https://openreferral.org/hsds/3.0' });
    expect(String(about.openapi_url)).toMatch(/\/api\/openapi\.json$/);
  });

  it('lists every seeded service, closed ones as defunct, each valid as a service_list item', async () => {
    const items = await allPages('/hsds/services');
    expect(items).toHaveLength(SEEDED);
    for (const item of items) expectValid('compiled/service_list.json', item, String(item.name));
    expect(items.filter((i) => i.status === 'defunct')).toHaveLength(6);
  });

  it('serves every seeded service fully nested and valid against compiled/service.json', async () => {
    const items = await allPages('/hsds/services');
    for (const item of items) {
      const service = await get(`/hsds/services/${String(item.id)}`);
      expectValid('compiled/service.json', service, String(item.name));
      expect(service.id).toBe(item.id);
    }
  });

  it('states the service area of a city-wide service and of a district service', async () => {
    const items = await allPages('/hsds/services?full=true');
    const cityWide = items.find((i) => i.name === 'Smittevernluken')!;
    expect(cityWide.service_areas).toEqual([expect.objectContaining({ name: 'Oslo' })]);
    const fact = items.find((i) => i.name === 'FACT-team Bydel Alna')!;
    expect(fact.service_areas).toEqual([expect.objectContaining({ name: 'Bydel Alna' })]);
    for (const item of items) expectValid('compiled/service.json', item, `full list: ${String(item.name)}`);
  });

  it('pages with the HSDS envelope', async () => {
    const first = await get<Page>('/hsds/services?per_page=50&page=1');
    expect(first).toMatchObject({
      total_items: SEEDED,
      total_pages: 4,
      page_number: 1,
      size: 50,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const last = await get<Page>('/hsds/services?per_page=50&page=4');
    expect(last).toMatchObject({ page_number: 4, size: SEEDED - 150, first_page: false, last_page: true });
  });

  it('searches in relevance order, the same search as the public catalog', async () => {
    const result = await get<Page>('/hsds/services?search=kanyle');
    expect(result.contents.map((s) => s.name).sort()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
    for (const q of ['kanyle', 'rus ungdom', 'bolig']) {
      const hsds = await get<Page>(`/hsds/services?search=${encodeURIComponent(q)}&per_page=20`);
      const catalog = await get<{ items: { id: string }[] }>(`/api/services?q=${encodeURIComponent(q)}&includeClosed=true&perPage=20`);
      expect(
        hsds.contents.map((s) => s.id),
        q,
      ).toEqual(catalog.items.map((i) => i.id));
    }
    const ranked = await get<Page>('/hsds/services?search=gatejuristen');
    expect(ranked.contents[0]?.name).toBe('Gatejuristen');
  });

  it('filters by taxonomy term and by taxonomy, and each result carries the term', async () => {
    const term = taxonomyTermId('veiviser-service-kind', 'harm_reduction');
    const items = await allPages(`/hsds/services?taxonomy_term_id=${term}&full=true`);
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) {
      expect((item.attributes as { taxonomy_term_id: string }[]).map((a) => a.taxonomy_term_id)).toContain(term);
    }
    const publicApi = await get<{ total: number }>('/api/services?kind=harm_reduction&includeClosed=true&perPage=1');
    expect(items).toHaveLength(publicApi.total);

    // By taxonomy: every service with any ladder step, each carrying a term of that taxonomy.
    const ladder = taxonomyId('veiviser-ladder-step');
    const stepTerms = new Set(Array.from({ length: 7 }, (_, i) => taxonomyTermId('veiviser-ladder-step', String(i + 1))));
    const onLadder = await allPages(`/hsds/services?taxonomy_id=${ladder}&full=true`);
    const withStep = await get<{ total: number }>('/api/services?step=1,2,3,4,5,6,7&includeClosed=true&perPage=1');
    expect(onLadder).toHaveLength(withStep.total);
    expect(onLadder.length).toBeLessThan(SEEDED);
    for (const item of onLadder) {
      const terms = (item.attributes as { taxonomy_term_id: string }[]).map((a) => a.taxonomy_term_id);
      expect(
        terms.some((term) => stepTerms.has(term)),
        String(item.name),
      ).toBe(true);
    }
  });

  it('filters by organization, and serves the organization with its services', async () => {
    const organizations = await allPages('/hsds/organizations');
    expect(organizations.length).toBeGreaterThan(5);
    for (const o of organizations) expectValid('compiled/organization_list.json', o, String(o.name));
    const found = await get<Page>('/hsds/organizations?search=velferd');
    expect(found.contents.map((o) => o.name)).toEqual(['Velferdsetaten']);
    // The search text is matched literally: % and _ are not wildcards.
    expect((await get<Page>('/hsds/organizations?search=%25')).contents).toEqual([]);
    expect((await get<Page>('/hsds/organizations?search=_')).contents).toEqual([]);
    const vel = organizations.find((o) => o.name === 'Velferdsetaten')!;
    const services = await allPages(`/hsds/services?organization_id=${String(vel.id)}`);
    expect(services.length).toBeGreaterThan(5);
    expect(services.every((s) => s.organization_id === vel.id)).toBe(true);
    const full = await get(`/hsds/organizations/${String(vel.id)}?full_service=true`);
    expectValid('compiled/organization.json', full, 'Velferdsetaten');
    expect((full.services as unknown[]).length).toBe(services.length);
  });

  it('returns every service for a modified_after before the seed, and none for one after the last change', async () => {
    const all = await get<Page>('/hsds/services?modified_after=2000-01-01&per_page=1');
    expect(all.total_items).toBe(SEEDED);
    const none = await get<Page>('/hsds/services?modified_after=2999-01-01T00:00:00Z&per_page=1');
    expect(none).toMatchObject({ total_items: 0, empty: true });
  });

  it('streams every service as NDJSON, one valid service per line', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = response.body.trimEnd().split('\n');
    expect(lines).toHaveLength(SEEDED);
    for (const line of lines) expectValid('compiled/service_list.json', JSON.parse(line), line.slice(0, 80));
  });

  it('serves service_at_locations for services with an address, valid as list items and one by one', async () => {
    const items = await allPages('/hsds/service_at_locations');
    expect(items).toHaveLength(loadSeed().services.filter((s) => s.address !== null).length);
    for (const item of items) expectValid('compiled/service_at_location_list.json', item, String(item.id));
    const one = await get(`/hsds/service_at_locations/${String(items[0]!.id)}`);
    expectValid('compiled/service_at_location.json', one, 'one service_at_location');
  });

  it('publishes the taxonomies and their terms', async () => {
    const taxonomies = await allPages('/hsds/taxonomies');
    expect(taxonomies.map((x) => x.name)).toContain('Innsatstrapp');
    for (const x of taxonomies) {
      expectValid('taxonomy.json', x, String(x.name));
      expectValid('taxonomy.json', await get(`/hsds/taxonomies/${String(x.id)}`), String(x.name));
    }
    const terms = await allPages('/hsds/taxonomy_terms');
    expect(terms.length).toBeGreaterThan(30);
    for (const term of terms) expectValid('taxonomy_term.json', term, String(term.name));
    const ladder = taxonomies.find((x) => x.name === 'Innsatstrapp')!;
    const steps = await allPages(`/hsds/taxonomy_terms?taxonomy_id=${String(ladder.id)}`);
    expect(steps).toHaveLength(7);
    expectValid('taxonomy_term.json', await get(`/hsds/taxonomy_terms/${String(steps[0]!.id)}`), 'one term');
  });

  describe('bad input', () => {
    async function expectProblem(url: string, status: number, field?: string) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (field) expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    }

    it('refuses per_page over 100, naming it', () => expectProblem('/hsds/services?per_page=101', 400, 'per_page'));
    it('refuses an unknown parameter, naming it', () => expectProblem('/hsds/services?colour=red', 400, 'colour'));
    it('refuses a malformed modified_after, naming it', () =>
      expectProblem('/hsds/services?modified_after=yesterday', 400, 'modified_after'));
    it('refuses a taxonomy_term_id that is not a UUID, naming it', () =>
      expectProblem('/hsds/services?taxonomy_term_id=abc', 400, 'taxonomy_term_id'));
    it('refuses a taxonomy term that does not exist, naming it', () =>
      expectProblem('/hsds/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000', 400, 'taxonomy_term_id'));
    it('refuses proximity, which needs coordinates the catalog does not hold', () =>
      expectProblem('/hsds/service_at_locations?proximity=59.9,10.7', 400, 'proximity'));
    it('answers an unknown service with 404 problem+json', () => expectProblem('/hsds/services/00000000-0000-4000-8000-000000000000', 404));
    it('answers an unknown service_at_location with 404 problem+json', () =>
      expectProblem('/hsds/service_at_locations/00000000-0000-4000-8000-000000000000', 404));
    it('answers an unknown organization with 404 problem+json', () =>
      expectProblem('/hsds/organizations/00000000-0000-4000-8000-000000000000', 404));
  });
});
