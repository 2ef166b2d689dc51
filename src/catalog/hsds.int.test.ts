import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { hsdsErrors, hsdsOpenApi, type HsdsSchemaName } from '../../test/hsds-schemas.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { serviceInputSchema } from './catalog.schemas.ts';
import { eachMatchingServiceIdBatch, HSDS_FILTERS, HSDS_STREAM_BATCH } from './hsds.service.ts';
import { loadSeed } from './seed.ts';
import { createService } from './service-editing.service.ts';
import { PUBLIC_RATE_LIMITS } from '../platform/rate-limits.ts';
import { taxonomyId, taxonomyTermId } from './taxonomy.ts';

/**
 * The Open Referral HSDS 3.0 API under /hsds: every response validates against the official
 * schemas (copied into test/fixtures/hsds-3.0), for every seeded service, with the parameters of
 * the specification's openapi.json.
 */

const seed = loadSeed();
/** Seeded entries that are agreements, contracts or projects, not offers: HSDS leaves them out. */
const SEEDED_ARRANGEMENTS = seed.services.filter((s) => seed.enrichment[s.id]?.arrangement).length;
const SEEDED = seed.services.length - SEEDED_ARRANGEMENTS;

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

type Json = Record<string, unknown>;

/** What an editor sends for a service, with overrides. */
const entryInput = (overrides: Json = {}) =>
  serviceInputSchema.parse({
    name: 'HSDS-testtilbud',
    description: 'Et tilbud som HSDS-testene lager selv.',
    kind: 'other',
    districts: ['alna'],
    ...overrides,
  });

/** A service made through the editing use-case, in its own transaction, as an editor would make it. */
async function createEntry(db: Db, overrides: Json = {}, id?: string) {
  return db
    .transaction()
    .execute((trx) => createService(trx, { actor: SYSTEM_ACTOR, input: entryInput(overrides), ...(id ? { id } : {}) }));
}

/** Every parameter the specification's openapi.json defines, path by path (its "{id}" kept). */
function specParameters(): { path: string; names: string[] }[] {
  const spec = hsdsOpenApi() as unknown as {
    paths: Record<string, { get?: { parameters?: ({ $ref: string } | { name: string; in: string })[] } }>;
    components: { parameters: Record<string, { name: string; in: string }> };
  };
  return Object.entries(spec.paths).map(([path, item]) => ({
    path,
    names: (item.get?.parameters ?? [])
      .map((p) => ('$ref' in p ? spec.components.parameters[p.$ref.split('/').pop()!]! : p))
      .filter((p) => p.in === 'query')
      .map((p) => p.name),
  }));
}

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

  /** Ids of the entries that are not offers (HSDS leaves them out; the public search may or may not). */
  async function arrangementIds(): Promise<Set<string>> {
    const rows = await t.db.selectFrom('service').select('id').where('arrangement', 'is not', null).execute();
    return new Set(rows.map((r) => r.id));
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

  /** Every id of every page of a public search. */
  async function allPublicIds(path: string): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const result = await get<{ items: { id: string }[]; total: number }>(`${path}&perPage=100&page=${page}`);
      ids.push(...result.items.map((i) => i.id));
      if (ids.length >= result.total || result.items.length === 0) return ids;
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
    const notOffers = await arrangementIds();
    for (const q of ['kanyle', 'rus ungdom', 'bolig']) {
      const hsds = await get<Page>(`/hsds/services?search=${encodeURIComponent(q)}&per_page=100`);
      const catalog = await get<{ items: { id: string }[] }>(`/api/services?q=${encodeURIComponent(q)}&includeClosed=true&perPage=100`);
      expect(
        hsds.contents.map((s) => s.id),
        q,
      ).toEqual(catalog.items.map((i) => i.id).filter((id) => !notOffers.has(id)));
    }
    const ranked = await get<Page>('/hsds/services?search=gatejuristen');
    expect(ranked.contents[0]?.name).toBe('Gatejuristen');
  });

  it('streams for a search exactly the matches its pages hold, also when no service matches every word', async () => {
    for (const q of ['kanyle', 'rus ungdom', 'kanyle gatejuristen', 'og']) {
      const paged = await allPages(`/hsds/services?search=${encodeURIComponent(q)}`);
      expect(paged.length, q).toBeGreaterThan(0);
      const stream = await t.app.inject({ method: 'GET', url: `/hsds/services?format=ndjson&search=${encodeURIComponent(q)}` });
      const lines = stream.body
        ? stream.body
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as Json)
        : [];
      expect(
        lines.map((s) => s.id),
        q,
      ).toEqual(paged.map((s) => s.id).sort());
    }
    const none = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson&search=qqxxzzvv' });
    expect(none.statusCode).toBe(200);
    expect(none.body).toBe('');
  });

  it('filters by taxonomy term and by taxonomy, and each result carries the term', async () => {
    const term = taxonomyTermId('veiviser-service-kind', 'harm_reduction');
    const items = await allPages(`/hsds/services?taxonomy_term_id=${term}&full=true`);
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) {
      expect((item.attributes as { taxonomy_term_id: string }[]).map((a) => a.taxonomy_term_id)).toContain(term);
    }
    const notOffers = await arrangementIds();
    const publicApi = await get<{ items: { id: string }[] }>('/api/services?kind=harm_reduction&includeClosed=true&perPage=100');
    expect(items).toHaveLength(publicApi.items.filter((i) => !notOffers.has(i.id)).length);

    // By taxonomy: every service with any ladder step, each carrying a term of that taxonomy.
    const ladder = taxonomyId('veiviser-ladder-step');
    const stepTerms = new Set(Array.from({ length: 7 }, (_, i) => taxonomyTermId('veiviser-ladder-step', String(i + 1))));
    const onLadder = await allPages(`/hsds/services?taxonomy_id=${ladder}&full=true`);
    const withStep = await allPublicIds('/api/services?step=1,2,3,4,5,6,7&includeClosed=true');
    expect(onLadder).toHaveLength(withStep.filter((id) => !notOffers.has(id)).length);
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

  describe('parameters of the specification', () => {
    async function status(url: string) {
      const response = await t.app.inject({ method: 'GET', url });
      return {
        status: response.statusCode,
        body: response.body,
        errors: response.statusCode === 400 ? problemErrors(response.json()) : [],
      };
    }
    const problemErrors = (body: { errors?: { field: string; message: string }[] }) => body.errors ?? [];

    /** A real id for each one-item path, and a plausible value for each parameter. */
    async function samples() {
      const service = (await get<Page>('/hsds/services?per_page=1')).contents[0]!;
      const sal = (await get<Page>('/hsds/service_at_locations?per_page=1')).contents[0]!;
      const organization = (await get<Page>('/hsds/organizations?search=velferd')).contents[0]!;
      const ladder = taxonomyId('veiviser-ladder-step');
      const term = taxonomyTermId('veiviser-ladder-step', '1');
      const ids: Record<string, string> = {
        '/services/{id}': String(service.id),
        '/service_at_locations/{id}': String(sal.id),
        '/organizations/{id}': String(organization.id),
        '/taxonomies/{id}': ladder,
        '/taxonomy_terms/{id}': term,
      };
      const values: Record<string, string> = {
        search: 'rus',
        page: '1',
        per_page: '5',
        format: 'json',
        taxonomy_term_id: term,
        taxonomy_id: ladder,
        organization_id: String(organization.id),
        modified_after: '2000-01-01T00:00:00Z',
        minimal: 'true',
        full: 'true',
        full_service: 'true',
        top_only: 'true',
        parent_id: term,
        postcode: '0182',
        proximity: '500',
      };
      return { url: (path: string) => `/hsds${ids[path] ? path.replace('{id}', ids[path]) : path}`, values };
    }

    it('takes every parameter the specification defines on each route: answered, or refused naming it with the reason', async () => {
      const { url, values } = await samples();
      const specs = specParameters();
      expect(specs.length).toBeGreaterThanOrEqual(11);
      for (const { path, names } of specs) {
        for (const name of names) {
          const value = values[name];
          expect(value, `a sample value for ${name}`).toBeDefined();
          const result = await status(`${url(path)}?${name}=${encodeURIComponent(value!)}`);
          if (result.status === 400) {
            // Refused on purpose (proximity: the catalog holds no coordinates), never as unknown.
            expect(
              result.errors.map((e) => e.field),
              `${path} ${name}: ${result.body}`,
            ).toContain(name);
            expect(result.errors.find((e) => e.field === name)?.message).not.toMatch(/not a known parameter/);
          } else {
            expect(result.status, `${path}?${name}=${value}: ${result.body}`).toBe(200);
          }
        }
      }
    });

    it('refuses a parameter the specification does not define on that route, on every route, naming it', async () => {
      const { url } = await samples();
      for (const { path, names } of specParameters()) {
        for (const name of [
          'colour',
          'query',
          ...['minimal', 'top_only', 'parent_id', 'full_service', 'postcode'].filter((n) => !names.includes(n)),
        ]) {
          const result = await status(`${url(path)}?${name}=true`);
          expect(result.status, `${path}?${name}: ${result.body}`).toBe(400);
          expect(result.errors).toContainEqual({ field: name, message: 'is not a known parameter' });
        }
      }
    });

    it('refuses page and per_page with format=ndjson, which has no pages, and minimal with full', async () => {
      for (const route of ['services', 'service_at_locations', 'organizations', 'taxonomies', 'taxonomy_terms']) {
        for (const name of ['page', 'per_page']) {
          const result = await status(`/hsds/${route}?format=ndjson&${name}=2`);
          expect(result.status, `${route} ${name}`).toBe(400);
          expect(result.errors.map((e) => e.field)).toContain(name);
        }
      }
      const both = await status('/hsds/services?minimal=true&full=true');
      expect(both.status).toBe(400);
      expect(both.errors.map((e) => e.field)).toEqual(['minimal']);
      const format = await status('/hsds/services?format=csv');
      expect(format.errors.map((e) => e.field)).toEqual(['format']);
    });

    it('answers minimal with only id, name, status and last_modified, as a page and as NDJSON', async () => {
      const items = await allPages('/hsds/services?minimal=true');
      expect(items).toHaveLength(SEEDED);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
        expectValid('compiled/service_list.json', item, String(item.name));
      }
      const response = await t.app.inject({ method: 'GET', url: '/hsds/services?minimal=true&format=ndjson' });
      const lines = response.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      expect(lines.map((l) => l.id).sort()).toEqual(items.map((i) => i.id).sort());
      expect(lines.every((l) => Object.keys(l).length === 4)).toBe(true);
    });

    it('nests services and locations in organizations with full, fully with full_service, in pages and NDJSON', async () => {
      const plain = await allPages('/hsds/organizations');
      expect(plain.every((o) => !('services' in o))).toBe(true);
      const full = await allPages('/hsds/organizations?full=true');
      expect(full.map((o) => o.id)).toEqual(plain.map((o) => o.id));
      for (const o of full) {
        expectValid('compiled/organization.json', o, String(o.name));
        for (const service of o.services as Json[]) expect(service.phones, 'list form').toBeUndefined();
      }
      const vel = full.find((o) => o.name === 'Velferdsetaten')!;
      const velServices = await allPages(`/hsds/services?organization_id=${String(vel.id)}`);
      expect((vel.services as Json[]).map((s) => s.id).sort()).toEqual(velServices.map((s) => s.id).sort());
      const fullService = await get<Page>('/hsds/organizations?search=velferd&full_service=true');
      const nested = fullService.contents[0]!;
      expectValid('compiled/organization.json', nested, 'full_service');
      for (const service of nested.services as Json[]) expectValid('compiled/service.json', service, String(service.name));
      expect((nested.services as Json[]).every((s) => Array.isArray(s.attributes))).toBe(true);

      const response = await t.app.inject({ method: 'GET', url: '/hsds/organizations?format=ndjson' });
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = response.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      expect(lines.map((l) => l.id).sort()).toEqual(plain.map((o) => o.id).sort());
      for (const line of lines) expectValid('compiled/organization_list.json', line, String(line.name));
    });

    it('lists taxonomy terms by top_only and parent_id, and refuses a parent or taxonomy that does not exist', async () => {
      const all = await allPages('/hsds/taxonomy_terms');
      // Our taxonomies are flat: every term is at the top, and none is another's child.
      expect(await allPages('/hsds/taxonomy_terms?top_only=true')).toHaveLength(all.length);
      expect(await allPages(`/hsds/taxonomy_terms?parent_id=${String(all[0]!.id)}`)).toEqual([]);
      const noParent = await status('/hsds/taxonomy_terms?parent_id=00000000-0000-4000-8000-000000000000');
      expect(noParent.status).toBe(400);
      expect(noParent.errors.map((e) => e.field)).toEqual(['parent_id']);
      const noTaxonomy = await status('/hsds/taxonomy_terms?taxonomy_id=00000000-0000-4000-8000-000000000000');
      expect(noTaxonomy.status).toBe(400);
      expect(noTaxonomy.errors.map((e) => e.field)).toEqual(['taxonomy_id']);
    });
  });

  describe('entries with their data (each test adds services)', () => {
    it('carries the phones, contacts, languages, hours, location and history an entry has, valid in every form', async () => {
      const vel = (await get<Page>('/hsds/organizations?search=velferd')).contents[0]!;
      const entry = await createEntry(t.db, {
        name: 'Fylt HSDS-tilbud',
        phone: '+47 22 00 00 00',
        contacts: [{ name: 'Kari Nordmann', title: 'Leder', phone: '23 00 00 00', email: 'kari@example.no' }],
        languages: ['nb', 'en', 'so'],
        freeOfCharge: true,
        accessibility: 'Trinnfri inngang fra gaten.',
        organizationId: vel.id,
        location: { name: 'Kontoret', address1: 'Storgata 1', postalCode: '0182', city: 'Oslo' },
        openingHours: { rules: [{ byday: 'MO', opensAt: '09:00', closesAt: '15:00' }] },
      });
      const service = await get(`/hsds/services/${entry.id}`);
      expectValid('compiled/service.json', service, 'filled service');
      expect(service.phones).toEqual([expect.objectContaining({ number: '+47 22 00 00 00', service_id: entry.id })]);
      expect(service.contacts).toEqual([
        expect.objectContaining({ name: 'Kari Nordmann', title: 'Leder', phones: [expect.objectContaining({ number: '23 00 00 00' })] }),
      ]);
      expect((service.languages as Json[]).map((l) => [l.code, l.name])).toEqual([
        ['nb', 'norsk bokmål'],
        ['en', 'engelsk'],
        ['so', 'somali'],
      ]);
      expect(service.schedules).toEqual([expect.objectContaining({ byday: 'MO', opens_at: '09:00', closes_at: '15:00' })]);
      expect(service.cost_options).toEqual([expect.objectContaining({ amount: 0 })]);
      expect((service.metadata as Json[]).map((m) => m.field_name)).toEqual(expect.arrayContaining(['name', 'phone', 'location']));
      const [link] = service.service_at_locations as { id: string; location_id: string; location: Json }[];
      expect(link!.location.accessibility).toEqual([expect.objectContaining({ description: 'Trinnfri inngang fra gaten.' })]);

      const sal = await get(`/hsds/service_at_locations/${link!.id}`);
      expectValid('compiled/service_at_location.json', sal, 'filled service_at_location');
      expect(sal.phones).toEqual(service.phones);
      expect(sal.contacts).toEqual(service.contacts);
      expect(sal.schedules).toEqual(service.schedules);
      expect(sal.metadata).toEqual([
        expect.objectContaining({ field_name: 'location', resource_id: link!.id, resource_type: 'service_at_location' }),
      ]);
      expect((sal.service as Json).metadata).toEqual(service.metadata);
      const listed = await allPages('/hsds/service_at_locations?full=true&postcode=0182');
      expect(listed.map((i) => i.id)).toContain(link!.id);
      for (const item of listed) expectValid('compiled/service_at_location.json', item, String(item.id));

      const organization = await get(`/hsds/organizations/${String(vel.id)}?full_service=true`);
      expectValid('compiled/organization.json', organization, 'organization with the entry');
      expect(organization.locations).toContainEqual(expect.objectContaining({ id: link!.location_id }));
      expect((organization.services as Json[]).find((s) => s.id === entry.id)?.contacts).toEqual(service.contacts);
    });

    it('leaves agreements, contracts and projects out of every HSDS answer: lists, counts, NDJSON, detail (404)', async () => {
      const notOffers = await arrangementIds();
      expect(notOffers.size).toBe(SEEDED_ARRANGEMENTS);
      const vel = (await get<Page>('/hsds/organizations?search=velferd')).contents[0]!;
      const before = (await get<Page>('/hsds/services?per_page=1')).total_items;
      const contract = await createEntry(t.db, {
        name: 'Rammeavtale om tolketjenester',
        arrangement: 'framework_agreement',
        organizationId: vel.id,
        location: { name: 'Avtalekontoret', address1: 'Avtalegata 2', postalCode: '0182', city: 'Oslo' },
      });
      notOffers.add(contract.id);
      const salId = contract.locations[0]!.serviceAtLocationId;

      expect((await get<Page>('/hsds/services?per_page=1')).total_items).toBe(before);
      const listed = await allPages('/hsds/services');
      expect(listed.filter((s) => notOffers.has(String(s.id)))).toEqual([]);
      expect((await get<Page>('/hsds/services?search=rammeavtale%20tolketjenester')).contents.map((s) => s.id)).not.toContain(contract.id);
      const stream = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson&search=tolketjenester' });
      expect(stream.body).not.toContain(contract.id);
      const all = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson' });
      expect(all.body.trimEnd().split('\n')).toHaveLength(before);
      for (const id of notOffers) {
        const response = await t.app.inject({ method: 'GET', url: `/hsds/services/${id}` });
        expect(response.statusCode, id).toBe(404);
      }
      expect((await t.app.inject({ method: 'GET', url: `/hsds/service_at_locations/${salId}` })).statusCode).toBe(404);
      expect((await allPages('/hsds/service_at_locations')).map((s) => s.id)).not.toContain(salId);
      const organization = await get(`/hsds/organizations/${String(vel.id)}?full_service=true`);
      expect((organization.services as Json[]).map((s) => s.id)).not.toContain(contract.id);
      expect((organization.locations as Json[]).map((l) => l.id)).not.toContain(contract.locations[0]!.id);
    });

    it('streams every offer of a large catalog as NDJSON in chunks, in id order, each line a valid service', async () => {
      // Many entries, quickly: copies of one made through the editing use-case (same text, new ids and names).
      const template = await createEntry(t.db, { name: 'Strømmetilbud mal', description: 'Et av mange tilbud i strømmetesten.' });
      await sql`insert into service
        select (jsonb_populate_record(null::service, to_jsonb(s)
          || jsonb_build_object('id', gen_random_uuid(), 'name', 'Strømmetilbud nummer ' || g, 'seed_key', null))).*
        from service s, generate_series(1, ${2 * HSDS_STREAM_BATCH + 50}) g where s.id = ${template.id}`.execute(t.db);
      const offers = await t.db
        .selectFrom('service')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('arrangement', 'is', null)
        .executeTakeFirstOrThrow();
      const count = offers.n;
      expect(count).toBeGreaterThan(2 * HSDS_STREAM_BATCH);

      const response = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson', payloadAsStream: true });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      let chunks = 0;
      let body = '';
      for await (const chunk of response.stream()) {
        chunks += 1;
        body += String(chunk);
      }
      expect(chunks).toBeGreaterThanOrEqual(Math.ceil(count / HSDS_STREAM_BATCH));
      const lines = body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      expect(lines).toHaveLength(count);
      const ids = lines.map((l) => String(l.id));
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(count);
      for (const line of lines) expectValid('compiled/service_list.json', line, String(line.name));
      expect((await get<Page>('/hsds/services?per_page=1')).total_items).toBe(count);

      // A search streams every match across the batches: the same set the pages hold.
      const search = await t.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson&search=str%C3%B8mmetilbud&full=true' });
      const found = search.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Json);
      const paged = await allPages('/hsds/services?search=str%C3%B8mmetilbud');
      expect(found.length).toBeGreaterThanOrEqual(2 * HSDS_STREAM_BATCH + 50);
      expect(found.map((s) => s.id).sort()).toEqual(paged.map((s) => s.id).sort());
      for (const s of found.slice(0, 20)) expectValid('compiled/service.json', s, String(s.name));
    }, 90_000);

    it('reads the catalog a batch at a time while it streams: an entry added after the first batch is in a later one', async () => {
      const batches = eachMatchingServiceIdBatch(t.db, { filters: HSDS_FILTERS });
      const first = await batches.next();
      expect(first.done).toBe(false);
      const firstIds = first.value as string[];
      expect(firstIds).toHaveLength(HSDS_STREAM_BATCH);
      const late = await createEntry(t.db, { name: 'Sent tilbud' }, 'ffffffff-ffff-4fff-bfff-ffffffffffff');
      const rest: string[] = [];
      for await (const batch of batches) {
        expect(batch.length).toBeLessThanOrEqual(HSDS_STREAM_BATCH);
        rest.push(...batch);
      }
      expect(rest.at(-1)).toBe(late.id);
      expect(rest.every((id) => id > firstIds.at(-1)!)).toBe(true);
    });
  });

  it('limits NDJSON exports per client, as other public routes are limited, and not JSON pages', async () => {
    const limited = await createTestApp(kind, { rateLimit: true });
    try {
      const ndjson = () => limited.app.inject({ method: 'GET', url: '/hsds/services?format=ndjson&minimal=true' });
      for (let i = 0; i < PUBLIC_RATE_LIMITS.bulkExport.max; i++) expect((await ndjson()).statusCode, `export ${i + 1}`).toBe(200);
      const refused = await ndjson();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      for (let i = 0; i < PUBLIC_RATE_LIMITS.bulkExport.max + 2; i++)
        expect((await limited.app.inject({ method: 'GET', url: '/hsds/services?per_page=1' })).statusCode).toBe(200);
      // Another client has its own allowance.
      const other = await limited.app.inject({
        method: 'GET',
        url: '/hsds/services?format=ndjson&minimal=true',
        remoteAddress: '198.51.100.9',
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
