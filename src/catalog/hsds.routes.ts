import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { isoDateOrDateTime, plainInt, safeText } from '../platform/input.ts';
import { PUBLIC_RATE_LIMITS } from '../platform/rate-limits.ts';
import type { Organization } from './catalog.model.ts';
import {
  allTaxonomyTermIds,
  hsdsOrganization,
  hsdsPage,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsServiceBasic,
  hsdsServiceMinimal,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  HSDS_PROFILE,
  HSDS_VERSION,
  termIsListed,
} from './hsds.ts';
import {
  eachMatchingServiceIdBatch,
  eachOrganizationBatch,
  getHsdsOrganization,
  getHsdsService,
  getHsdsServiceAtLocation,
  getOffers,
  getOffersWithHistory,
  HSDS_FILTERS,
  renderHsdsOrganizationFull,
} from './hsds.service.ts';
import {
  hsdsAboutSchema,
  hsdsListResponse,
  hsdsOrganizationSchema,
  hsdsServiceAtLocationSchema,
  hsdsServiceSchema,
  hsdsTaxonomySchema,
  hsdsTaxonomyTermSchema,
} from './hsds.schemas.ts';
import { findOrganizations } from './organizations.service.ts';
import { findServiceIds } from './search.service.ts';
import type { SearchFilters } from './search.repository.ts';
import { TAXONOMIES, taxonomyId } from './taxonomy.ts';

type Json = Record<string, unknown>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const uuid = (name: string) => z.uuid({ message: `${name} must be a UUID` });

// The parameters of the specification's openapi.json, route by route; any other is refused (400).
// page and per_page have no zod default: given with format=ndjson (which streams every result
// without pages) they would be ignored, so they are refused instead.
const pageParams = {
  search: safeText(200).optional(),
  page: plainInt(1, 10000).optional(),
  per_page: plainInt(1, 100).optional(),
  format: z.enum(['json', 'ndjson']).default('json'),
};
const DEFAULT_PER_PAGE = 50;

const serviceFilterParams = {
  taxonomy_term_id: uuid('taxonomy_term_id').optional(),
  taxonomy_id: uuid('taxonomy_id').optional(),
  organization_id: uuid('organization_id').optional(),
  modified_after: isoDateOrDateTime().optional(),
  full: flag.optional(),
};

type Issues = { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void };

/** No paging parameters on a stream: NDJSON answers every result at once. */
function noPagesInStream(q: { format: string; page?: number | undefined; per_page?: number | undefined }, ctx: Issues) {
  if (q.format !== 'ndjson') return;
  for (const key of ['page', 'per_page'] as const)
    if (q[key] !== undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: 'not used with format=ndjson, which streams every result' });
}

const servicesQuery = z.strictObject({ ...pageParams, ...serviceFilterParams, minimal: flag.optional() }).superRefine((q, ctx) => {
  noPagesInStream(q, ctx);
  if (q.minimal && q.full) ctx.addIssue({ code: 'custom', path: ['minimal'], message: 'cannot be combined with full=true' });
});
const salQuery = z
  .strictObject({
    ...pageParams,
    ...serviceFilterParams,
    postcode: z
      .string()
      .regex(/^\d{4}$/, 'must be a four-digit Norwegian postal code')
      .optional(),
    proximity: safeText(20).optional(),
  })
  .superRefine(noPagesInStream);
const organizationsQuery = z
  .strictObject({ ...pageParams, full_service: flag.optional(), full: flag.optional() })
  .superRefine(noPagesInStream);
const taxonomiesQuery = z.strictObject(pageParams).superRefine(noPagesInStream);
const taxonomyTermsQuery = z
  .strictObject({
    ...pageParams,
    taxonomy_id: uuid('taxonomy_id').optional(),
    top_only: flag.optional(),
    parent_id: uuid('parent_id').optional(),
  })
  .superRefine(noPagesInStream);
/** The one-item routes take no query parameters. */
const noQuery = z.strictObject({});
const idParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

type ServiceFilterQuery = z.infer<typeof salQuery> | z.infer<typeof servicesQuery>;

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', `${field}: ${message}`, [{ field, message }]);

/** The taxonomy of a taxonomy_id parameter; INVALID_INPUT naming the parameter when there is none. */
function taxonomyOf(id: string, field: string) {
  const t = TAXONOMIES.find((x) => taxonomyId(x.code) === id);
  if (!t) throw invalid(field, 'no such taxonomy');
  return t;
}

/** Filters shared by /services and /service_at_locations; always offers only (HSDS_FILTERS). */
function serviceFilters(q: ServiceFilterQuery): SearchFilters {
  let taxonomy: SearchFilters['taxonomy'];
  if (q.taxonomy_term_id) {
    const term = hsdsTaxonomyTerm(q.taxonomy_term_id);
    if (!term) throw invalid('taxonomy_term_id', 'no such taxonomy term');
    taxonomy = { taxonomy: taxonomyOf(String(term.taxonomy_id), 'taxonomy_term_id').code, code: String(term.code) };
  } else if (q.taxonomy_id) {
    taxonomy = { taxonomy: taxonomyOf(q.taxonomy_id, 'taxonomy_id').code, code: null };
  }
  return {
    ...HSDS_FILTERS,
    organizationId: q.organization_id,
    modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
    taxonomy,
  };
}

/**
 * One NDJSON answer from batches of items: a stream, so the answer never sits in memory whole.
 * The first batch is read before the answer starts, so a failure there is still a problem+json;
 * a client that goes away stops the reading (the iterator is returned).
 */
async function sendNdjson(reply: FastifyReply, batches: AsyncIterable<Json[]>) {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  const text = (batch: Json[]) => batch.map((item) => `${JSON.stringify(item)}\n`).join('');
  async function* lines() {
    try {
      for (let next = first; !next.done; next = await iterator.next()) if (next.value.length) yield text(next.value);
    } finally {
      await iterator.return?.();
    }
  }
  return reply.type('application/x-ndjson').send(Readable.from(lines()));
}

/** Batches of a fixed list (the taxonomies are a few dozen items held in code). */
async function* inOneBatch(items: Json[]): AsyncGenerator<Json[]> {
  yield items;
}

/** Each batch rendered as it is read (for sendNdjson). */
async function* renderedBatches<T>(batches: AsyncIterable<T[]>, render: (batch: T[]) => Promise<Json[]>): AsyncGenerator<Json[]> {
  for await (const batch of batches) yield await render(batch);
}

/** One page of a list held in memory; only the page's items are rendered. */
async function pageOf<T>(
  items: T[],
  q: { page?: number | undefined; per_page?: number | undefined },
  render: (page: T[]) => Json[] | Promise<Json[]>,
) {
  const page = q.page ?? 1;
  const perPage = q.per_page ?? DEFAULT_PER_PAGE;
  const start = (page - 1) * perPage;
  return hsdsPage(await render(items.slice(start, start + perPage)), items.length, page, perPage);
}

const asIs = (items: Json[]) => items;

/** A whole-catalog NDJSON export is limited per client; JSON pages are not (the rate limiter's allowList skips them). */
const ndjsonRateLimit = {
  ...PUBLIC_RATE_LIMITS.bulkExport,
  allowList: (request: FastifyRequest) => (request.query as Record<string, unknown> | undefined)?.format !== 'ndjson',
};

/** Open Referral HSDS 3.0 read API under /hsds, as in the specification's openapi.json. */
export const hsdsRoutes: FastifyPluginAsyncZod<{ db: Db; publicOrigin: string }> = async (app, { db, publicOrigin }) => {
  const tags = ['hsds'];

  // Published URLs come from configuration, never from the Host or X-Forwarded-* headers.
  app.get(
    '/hsds/',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'About this HSDS API', querystring: noQuery, response: { 200: hsdsAboutSchema } },
    },
    async () => ({
      version: HSDS_VERSION,
      profile: HSDS_PROFILE,
      openapi_url: `${publicOrigin}/api/openapi.json`,
    }),
  );

  /** Services as NDJSON (every match, streamed in id order) or one page in relevance order. */
  async function listServices(
    q: ServiceFilterQuery,
    filters: SearchFilters,
    render: (ids: string[]) => Promise<Json[]>,
    reply: FastifyReply,
  ) {
    if (q.format === 'ndjson') {
      const ids = eachMatchingServiceIdBatch(db, { search: q.search, filters });
      return sendNdjson(reply, renderedBatches(ids, render));
    }
    const page = q.page ?? 1;
    const perPage = q.per_page ?? DEFAULT_PER_PAGE;
    const result = await findServiceIds(db, { q: q.search, filters, page, perPage, engine: 'sql' });
    return reply.send(hsdsPage(await render(result.ids), result.total, page, perPage));
  }

  async function renderServices(ids: string[], full: boolean): Promise<Json[]> {
    if (!full) return (await getOffers(db, ids)).map(hsdsServiceBasic);
    return (await getOffersWithHistory(db, ids)).map(({ service, history }) => hsdsService(service, history));
  }

  app.get(
    '/hsds/services',
    {
      config: { access: 'public', rateLimit: ndjsonRateLimit },
      schema: {
        tags,
        summary: 'HSDS services: a page in relevance order when searching, or every match as NDJSON (format=ndjson) in id order',
        querystring: servicesQuery,
        response: { 200: hsdsListResponse(hsdsServiceSchema, 'services') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const render = q.minimal
        ? async (ids: string[]) => (await getOffers(db, ids)).map(hsdsServiceMinimal)
        : (ids: string[]) => renderServices(ids, q.full ?? false);
      return listServices(q, serviceFilters(q), render, reply);
    },
  );

  app.get(
    '/hsds/services/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One fully nested HSDS service',
        params: idParams,
        querystring: noQuery,
        response: { 200: hsdsServiceSchema },
      },
    },
    async (request) => {
      const { service, history } = await getHsdsService(db, { id: request.params.id });
      return hsdsService(service, history);
    },
  );

  app.get(
    '/hsds/service_at_locations',
    {
      config: { access: 'public', rateLimit: ndjsonRateLimit },
      schema: {
        tags,
        summary: 'HSDS service_at_locations',
        querystring: salQuery,
        response: { 200: hsdsListResponse(hsdsServiceAtLocationSchema, 'service_at_locations') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.proximity) throw invalid('proximity', 'not supported, the catalog holds no coordinates');
      // postcode: services at a location with that postal code. The spec would check it against
      // service_area, but ours are districts and the catalog holds no postcode-to-district table.
      const filters: SearchFilters = { ...serviceFilters(q), postalCode: q.postcode, withLocation: true };
      const full = q.full ?? false;
      return listServices(
        q,
        filters,
        async (ids) => {
          const services = full
            ? await getOffersWithHistory(db, ids)
            : (await getOffers(db, ids)).map((service) => ({ service, history: [] }));
          return services.flatMap(({ service, history }) => service.locations.map((l) => hsdsServiceAtLocation(service, l, full, history)));
        },
        reply,
      );
    },
  );

  app.get(
    '/hsds/service_at_locations/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One HSDS service_at_location',
        params: idParams,
        querystring: noQuery,
        response: { 200: hsdsServiceAtLocationSchema },
      },
    },
    async (request) => {
      const { service, location, history } = await getHsdsServiceAtLocation(db, { id: request.params.id });
      return hsdsServiceAtLocation(service, location, true, history);
    },
  );

  app.get(
    '/hsds/organizations',
    {
      config: { access: 'public', rateLimit: ndjsonRateLimit },
      schema: {
        tags,
        summary: 'HSDS organizations; full=true nests their services and locations, full_service=true nests the services fully',
        querystring: organizationsQuery,
        response: { 200: hsdsListResponse(hsdsOrganizationSchema, 'organizations') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const nested = q.full === true || q.full_service === true;
      const render = (orgs: Organization[]): Promise<Json[]> =>
        nested
          ? Promise.all(orgs.map((o) => renderHsdsOrganizationFull(db, o, q.full_service ?? false)))
          : Promise.resolve(orgs.map(hsdsOrganization));
      if (q.format === 'ndjson') {
        return sendNdjson(reply, renderedBatches(eachOrganizationBatch(db, { search: q.search }), render));
      }
      return reply.send(await pageOf(await findOrganizations(db, { search: q.search }), q, render));
    },
  );

  app.get(
    '/hsds/organizations/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One HSDS organization with its services and their locations',
        params: idParams,
        querystring: z.strictObject({ full_service: flag.optional() }),
        response: { 200: hsdsOrganizationSchema },
      },
    },
    async (request) => getHsdsOrganization(db, { id: request.params.id, fullServices: request.query.full_service ?? false }),
  );

  app.get(
    '/hsds/taxonomies',
    {
      config: { access: 'public', rateLimit: ndjsonRateLimit },
      schema: {
        tags,
        summary: 'HSDS taxonomies',
        querystring: taxonomiesQuery,
        response: { 200: hsdsListResponse(hsdsTaxonomySchema, 'taxonomies') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const all = TAXONOMIES.filter((t) => !q.search || `${t.name} ${t.description}`.toLowerCase().includes(q.search.toLowerCase())).map(
        hsdsTaxonomy,
      );
      if (q.format === 'ndjson') return sendNdjson(reply, inOneBatch(all));
      return reply.send(await pageOf(all, q, asIs));
    },
  );

  app.get(
    '/hsds/taxonomies/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One HSDS taxonomy', params: idParams, querystring: noQuery, response: { 200: hsdsTaxonomySchema } },
    },
    async (request) => {
      const t = TAXONOMIES.find((x) => taxonomyId(x.code) === request.params.id);
      if (!t) throw notFound('Taxonomy');
      return hsdsTaxonomy(t);
    },
  );

  app.get(
    '/hsds/taxonomy_terms',
    {
      config: { access: 'public', rateLimit: ndjsonRateLimit },
      schema: {
        tags,
        summary: 'HSDS taxonomy terms',
        querystring: taxonomyTermsQuery,
        response: { 200: hsdsListResponse(hsdsTaxonomyTermSchema, 'taxonomy terms') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.taxonomy_id) taxonomyOf(q.taxonomy_id, 'taxonomy_id');
      if (q.parent_id && !hsdsTaxonomyTerm(q.parent_id)) throw invalid('parent_id', 'no such taxonomy term');
      const all = allTaxonomyTermIds()
        .map((id) => hsdsTaxonomyTerm(id)!)
        .filter((t) => !q.taxonomy_id || t.taxonomy_id === q.taxonomy_id)
        .filter((t) => termIsListed(t, { parentId: q.parent_id, topOnly: q.top_only ?? false }))
        .filter(
          (t) => !q.search || `${String(t.name)} ${String(t.description)} ${String(t.code)}`.toLowerCase().includes(q.search.toLowerCase()),
        );
      if (q.format === 'ndjson') return sendNdjson(reply, inOneBatch(all));
      return reply.send(await pageOf(all, q, asIs));
    },
  );

  app.get(
    '/hsds/taxonomy_terms/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One HSDS taxonomy term',
        params: idParams,
        querystring: noQuery,
        response: { 200: hsdsTaxonomyTermSchema },
      },
    },
    async (request) => {
      const term = hsdsTaxonomyTerm(request.params.id);
      if (!term) throw notFound('Taxonomy term');
      return term;
    },
  );
};
