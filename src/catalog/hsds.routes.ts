import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { isoDateOrDateTime, plainInt, safeText } from '../platform/input.ts';
import { findOrganizations, getOrganizationWithServiceIds, getServiceAtLocation } from './organizations.service.ts';
import { getServices, listServiceHistory } from './services.service.ts';
import {
  allTaxonomyTermIds,
  hsdsOrganization,
  hsdsPage,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsServiceBasic,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  HSDS_PROFILE,
  HSDS_VERSION,
} from './hsds.ts';
import {
  hsdsAboutSchema,
  hsdsListResponse,
  hsdsOrganizationSchema,
  hsdsServiceAtLocationSchema,
  hsdsServiceSchema,
  hsdsTaxonomySchema,
  hsdsTaxonomyTermSchema,
} from './hsds.schemas.ts';
import { findServiceIds } from './search.service.ts';
import type { SearchFilters } from './search.repository.ts';
import { TAXONOMIES, taxonomyId } from './taxonomy.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const uuid = (name: string) => z.uuid({ message: `${name} must be a UUID` });

const pageParams = {
  search: safeText(200).optional(),
  page: plainInt(1, 10000).default(1),
  per_page: plainInt(1, 100).default(50),
  format: z.enum(['json', 'ndjson']).default('json'),
};

const serviceFilterParams = {
  taxonomy_term_id: uuid('taxonomy_term_id').optional(),
  taxonomy_id: uuid('taxonomy_id').optional(),
  organization_id: uuid('organization_id').optional(),
  modified_after: isoDateOrDateTime().optional(),
  full: flag.optional(),
};

const servicesQuery = z.strictObject({ ...pageParams, ...serviceFilterParams, minimal: flag.optional() });
const salQuery = z.strictObject({
  ...pageParams,
  ...serviceFilterParams,
  postcode: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit Norwegian postal code')
    .optional(),
  proximity: safeText(20).optional(),
});
const idParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** Filters shared by /services and /service_at_locations. */
function serviceFilters(q: z.infer<typeof servicesQuery> | z.infer<typeof salQuery>): SearchFilters {
  let taxonomy: SearchFilters['taxonomy'];
  if (q.taxonomy_term_id) {
    const term = hsdsTaxonomyTerm(q.taxonomy_term_id);
    if (!term)
      throw new AppError('INVALID_INPUT', 'taxonomy_term_id: no such taxonomy term', [
        { field: 'taxonomy_term_id', message: 'no such taxonomy term' },
      ]);
    const t = TAXONOMIES.find((x) => taxonomyId(x.code) === term.taxonomy_id)!;
    taxonomy = { taxonomy: t.code, code: String(term.code) };
  } else if (q.taxonomy_id) {
    const t = TAXONOMIES.find((x) => taxonomyId(x.code) === q.taxonomy_id);
    if (!t) throw new AppError('INVALID_INPUT', 'taxonomy_id: no such taxonomy', [{ field: 'taxonomy_id', message: 'no such taxonomy' }]);
    taxonomy = { taxonomy: t.code, code: null };
  }
  return {
    includeClosed: true,
    organizationId: q.organization_id,
    modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
    taxonomy,
  };
}

const NDJSON_BATCH = 200;

/** Open Referral HSDS 3.0 read API under /hsds, as in the specification's openapi.json. */
export const hsdsRoutes: FastifyPluginAsyncZod<{ db: Db; publicOrigin: string }> = async (app, { db, publicOrigin }) => {
  const tags = ['hsds'];

  // Published URLs come from configuration, never from the Host or X-Forwarded-* headers.
  app.get(
    '/hsds/',
    { config: { access: 'public' }, schema: { tags, summary: 'About this HSDS API', response: { 200: hsdsAboutSchema } } },
    async () => ({
      version: HSDS_VERSION,
      profile: HSDS_PROFILE,
      openapi_url: `${publicOrigin}/api/openapi.json`,
    }),
  );

  /** Streams every matching service as NDJSON, in batches, or answers one page. */
  async function listServices(
    q: z.infer<typeof servicesQuery> | z.infer<typeof salQuery>,
    filters: SearchFilters,
    render: (ids: string[]) => Promise<Record<string, unknown>[]>,
    reply: import('fastify').FastifyReply,
  ) {
    if (q.format === 'ndjson') {
      reply.type('application/x-ndjson');
      const lines: string[] = [];
      for (let page = 1; ; page++) {
        const result = await findServiceIds(db, { q: q.search, filters, page, perPage: NDJSON_BATCH });
        for (const item of await render(result.ids)) lines.push(JSON.stringify(item));
        if (page * NDJSON_BATCH >= result.total || result.ids.length === 0) break;
      }
      return reply.send(lines.length ? `${lines.join('\n')}\n` : '');
    }
    const result = await findServiceIds(db, { q: q.search, filters, page: q.page, perPage: q.per_page });
    return reply.send(hsdsPage(await render(result.ids), result.total, q.page, q.per_page));
  }

  async function renderServices(ids: string[], full: boolean) {
    const services = await getServices(db, ids);
    if (!full) return services.map(hsdsServiceBasic);
    return Promise.all(services.map(async (s) => hsdsService(s, await listServiceHistory(db, { id: s.id }))));
  }

  app.get(
    '/hsds/services',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'HSDS services, in relevance order when searching',
        querystring: servicesQuery,
        response: { 200: hsdsListResponse(hsdsServiceSchema, 'services') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.minimal) {
        const filters = serviceFilters(q);
        const result = await findServiceIds(db, { q: q.search, filters, page: q.page, perPage: q.per_page });
        const services = await getServices(db, result.ids);
        return reply.send(
          hsdsPage(
            services.map((s) => ({
              id: s.id,
              name: s.name,
              status: s.status === 'active' ? 'active' : s.status === 'planned' ? 'inactive' : 'defunct',
              last_modified: s.updatedAt,
            })),
            result.total,
            q.page,
            q.per_page,
          ),
        );
      }
      return listServices(q, serviceFilters(q), (ids) => renderServices(ids, q.full ?? false), reply);
    },
  );

  app.get(
    '/hsds/services/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One fully nested HSDS service', params: idParams, response: { 200: hsdsServiceSchema } },
    },
    async (request) => {
      const [service] = await getServices(db, [request.params.id]);
      if (!service) throw notFound('Service');
      return hsdsService(service, await listServiceHistory(db, { id: service.id }));
    },
  );

  app.get(
    '/hsds/service_at_locations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'HSDS service_at_locations',
        querystring: salQuery,
        response: { 200: hsdsListResponse(hsdsServiceAtLocationSchema, 'service_at_locations') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.proximity)
        throw new AppError('INVALID_INPUT', 'proximity: not supported, the catalog holds no coordinates', [
          { field: 'proximity', message: 'not supported, the catalog holds no coordinates' },
        ]);
      const filters: SearchFilters = { ...serviceFilters(q), postalCode: q.postcode, withLocation: true };
      return listServices(
        q,
        filters,
        async (ids) => {
          const services = await getServices(db, ids);
          return services.flatMap((s) => s.locations.map((l) => hsdsServiceAtLocation(s, l, q.full ?? false)));
        },
        reply,
      );
    },
  );

  app.get(
    '/hsds/service_at_locations/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One HSDS service_at_location', params: idParams, response: { 200: hsdsServiceAtLocationSchema } },
    },
    async (request) => {
      const { service, location } = await getServiceAtLocation(db, { id: request.params.id });
      return hsdsServiceAtLocation(service, location, true);
    },
  );

  app.get(
    '/hsds/organizations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'HSDS organizations',
        querystring: z.strictObject({ ...pageParams, full_service: flag.optional(), full: flag.optional() }),
        response: { 200: hsdsListResponse(hsdsOrganizationSchema, 'organizations') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const orgs = (await findOrganizations(db, { search: q.search })).map(hsdsOrganization);
      if (q.format === 'ndjson')
        return reply.type('application/x-ndjson').send(orgs.map((o) => JSON.stringify(o)).join('\n') + (orgs.length ? '\n' : ''));
      const start = (q.page - 1) * q.per_page;
      return reply.send(hsdsPage(orgs.slice(start, start + q.per_page), orgs.length, q.page, q.per_page));
    },
  );

  app.get(
    '/hsds/organizations/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One HSDS organization with its services',
        params: idParams,
        querystring: z.strictObject({ full_service: flag.optional() }),
        response: { 200: hsdsOrganizationSchema },
      },
    },
    async (request) => {
      const { organization, serviceIds } = await getOrganizationWithServiceIds(db, { id: request.params.id });
      return { ...hsdsOrganization(organization), services: await renderServices(serviceIds, request.query.full_service ?? false) };
    },
  );

  app.get(
    '/hsds/taxonomies',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'HSDS taxonomies',
        querystring: z.strictObject(pageParams),
        response: { 200: hsdsListResponse(hsdsTaxonomySchema, 'taxonomies') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const all = TAXONOMIES.filter((t) => !q.search || `${t.name} ${t.description}`.toLowerCase().includes(q.search.toLowerCase())).map(
        hsdsTaxonomy,
      );
      if (q.format === 'ndjson')
        return reply.type('application/x-ndjson').send(all.map((t) => JSON.stringify(t)).join('\n') + (all.length ? '\n' : ''));
      const start = (q.page - 1) * q.per_page;
      return reply.send(hsdsPage(all.slice(start, start + q.per_page), all.length, q.page, q.per_page));
    },
  );

  app.get(
    '/hsds/taxonomies/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One HSDS taxonomy', params: idParams, response: { 200: hsdsTaxonomySchema } },
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
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'HSDS taxonomy terms',
        querystring: z.strictObject({
          ...pageParams,
          taxonomy_id: uuid('taxonomy_id').optional(),
          top_only: flag.optional(),
          parent_id: uuid('parent_id').optional(),
        }),
        response: { 200: hsdsListResponse(hsdsTaxonomyTermSchema, 'taxonomy terms') },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const all = allTaxonomyTermIds()
        .map((id) => hsdsTaxonomyTerm(id)!)
        .filter((t) => !q.taxonomy_id || t.taxonomy_id === q.taxonomy_id)
        .filter(() => !q.parent_id) // our taxonomies are flat: no term has a parent
        .filter(
          (t) => !q.search || `${String(t.name)} ${String(t.description)} ${String(t.code)}`.toLowerCase().includes(q.search.toLowerCase()),
        );
      if (q.format === 'ndjson')
        return reply.type('application/x-ndjson').send(all.map((t) => JSON.stringify(t)).join('\n') + (all.length ? '\n' : ''));
      const start = (q.page - 1) * q.per_page;
      return reply.send(hsdsPage(all.slice(start, start + q.per_page), all.length, q.page, q.per_page));
    },
  );

  app.get(
    '/hsds/taxonomy_terms/:id',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'One HSDS taxonomy term', params: idParams, response: { 200: hsdsTaxonomyTermSchema } },
    },
    async (request) => {
      const term = hsdsTaxonomyTerm(request.params.id);
      if (!term) throw notFound('Taxonomy term');
      return term;
    },
  );
};
