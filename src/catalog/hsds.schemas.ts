import { z } from 'zod';

/**
 * The contracts of the Open Referral HSDS 3.0 API under /hsds. Queries are checked exactly.
 * Answers are an exact page envelope around passthrough objects, one documented schema per HSDS
 * object type that keeps every field as built (src/catalog/hsds.ts): their contract is the
 * official HSDS 3.0 JSON schema, which hsds.int.test.ts holds every answer to.
 */

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const uuid = (name: string) => z.uuid({ message: `${name} must be a UUID` });

const pageParams = {
  search: z.string().max(200, 'must be at most 200 characters').optional(),
  page: z.coerce.number().int().min(1, 'must be 1 or more').max(10000).default(1),
  per_page: z.coerce.number().int().min(1, 'must be 1 or more').max(100, 'must be at most 100').default(50),
  format: z.enum(['json', 'ndjson']).default('json'),
};

const serviceFilterParams = {
  taxonomy_term_id: uuid('taxonomy_term_id').optional(),
  taxonomy_id: uuid('taxonomy_id').optional(),
  organization_id: uuid('organization_id').optional(),
  modified_after: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v), 'must be an ISO date or date-time')
    .optional(),
  full: flag.optional(),
};

export const hsdsServicesQuerySchema = z.strictObject({ ...pageParams, ...serviceFilterParams, minimal: flag.optional() });
export const hsdsServiceAtLocationsQuerySchema = z.strictObject({
  ...pageParams,
  ...serviceFilterParams,
  postcode: z.string().regex(/^\d{4}$/, 'must be a four-digit Norwegian postal code').optional(),
  proximity: z.string().max(20).optional(),
});
export const hsdsOrganizationsQuerySchema = z.strictObject({ ...pageParams, full_service: flag.optional(), full: flag.optional() });
export const hsdsOrganizationQuerySchema = z.strictObject({ full_service: flag.optional() });
export const hsdsTaxonomiesQuerySchema = z.strictObject(pageParams);
export const hsdsTaxonomyTermsQuerySchema = z.strictObject({
  ...pageParams,
  taxonomy_id: uuid('taxonomy_id').optional(),
  top_only: flag.optional(),
  parent_id: uuid('parent_id').optional(),
});
export const hsdsIdParamsSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

// Answers

/** Where the official HSDS 3.0 JSON schemas live (copied into test/fixtures/hsds-3.0). */
const HSDS_SCHEMAS = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

/** An HSDS object of one type, passed through as built: its official JSON schema is its contract. */
const hsdsObject = (type: string) =>
  z.record(z.string(), z.unknown()).describe(`HSDS 3.0 ${type}: see the official JSON schema ${HSDS_SCHEMAS}${type}.json`);

export const hsdsServiceSchema = hsdsObject('service');
export const hsdsServiceAtLocationSchema = hsdsObject('service_at_location');
export const hsdsOrganizationSchema = hsdsObject('organization');
export const hsdsTaxonomySchema = hsdsObject('taxonomy');
export const hsdsTaxonomyTermSchema = hsdsObject('taxonomy_term');

/** The HSDS page envelope around a list of objects of one type. */
const hsdsPage = <T extends z.ZodType>(item: T) =>
  z.object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

/** format=ndjson: one JSON object per line, every match at once. */
const ndjson = (type: string) => z.string().describe(`Newline-delimited JSON: one HSDS ${type} per line, every match`);

/** A list answer: an HSDS page as JSON, or every match as NDJSON with format=ndjson. */
const hsdsList = (type: string, item: z.ZodType) => ({
  description: `HSDS ${type} objects, one page (or every match as NDJSON with format=ndjson)`,
  content: { 'application/json': { schema: hsdsPage(item) }, 'application/x-ndjson': { schema: ndjson(type) } },
});

export const hsdsServiceListAnswer = hsdsList('service', hsdsServiceSchema);
export const hsdsServiceAtLocationListAnswer = hsdsList('service_at_location', hsdsServiceAtLocationSchema);
export const hsdsOrganizationListAnswer = hsdsList('organization', hsdsOrganizationSchema);
export const hsdsTaxonomyListAnswer = hsdsList('taxonomy', hsdsTaxonomySchema);
export const hsdsTaxonomyTermListAnswer = hsdsList('taxonomy_term', hsdsTaxonomyTermSchema);

/** GET /hsds/: which HSDS this API speaks and where its OpenAPI document is. */
export const hsdsAboutSchema = z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() });
