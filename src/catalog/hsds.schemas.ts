/**
 * What the HSDS 3.0 read API (/hsds) answers. The answers are the official Open Referral shapes
 * (test/fixtures holds the schemas the HSDS tests validate them against): these zod schemas name
 * the identifying fields for the OpenAPI document and pass every other field through, so what the
 * official schema asks for is never dropped. NDJSON answers
 * (`format=ndjson`) are one such object a line.
 */
import { z } from 'zod';

const hsds = z.looseObject;
const link = 'https://docs.openreferral.org/en/v3.0/hsds/schema_reference.html';

/**
 * An HSDS object: any JSON object with these string fields at least (hsds.ts builds them as plain
 * records; the official schema, linked, says the rest).
 */
const hsdsObject = (name: string, required: readonly string[]) =>
  z
    .record(z.string(), z.unknown())
    .refine((o) => required.every((key) => typeof o[key] === 'string'), { message: `an HSDS ${name} needs ${required.join(', ')}` })
    .meta({
      description: `An HSDS ${name}, as the Open Referral 3.0 schema describes it (${link})`,
      required: [...required],
      properties: Object.fromEntries(required.map((key) => [key, { type: 'string' }])),
    });

export const hsdsServiceSchema = hsdsObject('service', ['id', 'name', 'status']);
export const hsdsServiceAtLocationSchema = hsdsObject('service_at_location', ['id']);
export const hsdsOrganizationSchema = hsdsObject('organization', ['id', 'name']);
export const hsdsTaxonomySchema = hsdsObject('taxonomy', ['id', 'name']);
export const hsdsTaxonomyTermSchema = hsdsObject('taxonomy_term', ['id', 'name']);

/** GET /hsds/: the API's version and profile. */
export const hsdsAboutSchema = hsds({ version: z.string(), profile: z.string(), openapi_url: z.string() });

/** One page of HSDS objects, as the specification's Page. */
export const hsdsPageSchema = <T extends z.ZodType>(item: T) =>
  hsds({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

/** A list answer: a JSON page, or with format=ndjson one object a line. */
export const hsdsListResponse = <T extends z.ZodType>(item: T, what: string) => ({
  description: `A page of ${what} (JSON), or every matching one as NDJSON with format=ndjson`,
  content: { 'application/json': { schema: hsdsPageSchema(item) }, 'application/x-ndjson': { schema: z.string() } },
});
