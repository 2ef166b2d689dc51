import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import {
  ACCESS_KIND_CODES,
  GAP_STATUSES,
  INTAKE_STATUSES,
  SERVICE_KIND_CODES,
  SERVICE_STATUSES,
  TARGET_GROUP_CODES,
  WEEKDAYS,
} from './vocabulary.ts';

/**
 * The catalog's contracts: what its JSON API accepts (requests, below first) and answers
 * (responses, after them). The routes validate and serialise with these, the OpenAPI document is
 * made from them, the web takes its types from them. HSDS has its own: hsds.schemas.ts.
 */

const isoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const weeklyRuleSchema = z.strictObject({
  byday: z.enum(WEEKDAYS),
  opensAt: clockTime,
  closesAt: clockTime,
  validFrom: isoDate.nullish().transform((v) => v ?? null),
  validTo: isoDate.nullish().transform((v) => v ?? null),
  closedOnPublicHolidays: z.boolean().default(true),
});

export const scheduleExceptionSchema = z
  .strictObject({
    date: isoDate,
    closed: z.boolean(),
    opensAt: clockTime.nullish().transform((v) => v ?? null),
    closesAt: clockTime.nullish().transform((v) => v ?? null),
    description: optionalText(200),
  })
  .refine((e) => e.closed || (e.opensAt && e.closesAt), {
    message: 'an exception that is not closed needs opensAt and closesAt',
    path: ['opensAt'],
  });

export const openingHoursSchema = z.strictObject({
  is24_7: z.boolean().default(false),
  rules: z.array(weeklyRuleSchema).max(50).default([]),
  exceptions: z.array(scheduleExceptionSchema).max(100).default([]),
});

export const contactSchema = z.strictObject({
  name: optionalText(200),
  title: optionalText(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ]{3,20}$/, 'must be a phone number (digits, spaces, optional +)')
    .nullish()
    .transform((v) => v || null),
  email: z.email({ message: 'must be an e-mail address' }).nullish().transform((v) => v || null),
});

export const locationInputSchema = z.strictObject({
  name: optionalText(200),
  address1: optionalText(200),
  postalCode: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit postal code')
    .nullish()
    .transform((v) => v || null),
  city: optionalText(100),
  addressNote: optionalText(300),
  district: z.enum(DISTRICT_SLUGS).nullish().transform((v) => v ?? null),
  accessibility: optionalText(1000),
  transportation: optionalText(1000),
});

/** The fields of a service, each checked on its own (imports use this directly). */
export const serviceFieldsSchema = z.strictObject({
    name: text(200).min(2, 'must be at least 2 characters'),
    alternateNames: z.array(text(200).min(1)).max(10).default([]),
    description: text(4000).min(10, 'must be at least 10 characters'),
    descriptionEn: optionalText(4000),
    url: z.url({ message: 'must be a web address (https://…)' }).max(500).nullish().transform((v) => v || null),
    email: z.email({ message: 'must be an e-mail address' }).nullish().transform((v) => v || null),
    phone: contactSchema.shape.phone,
    kind: z.enum(SERVICE_KIND_CODES),
    ladderStep: z.number().int().min(1).max(7).nullable().default(null),
    targetGroups: z.array(z.enum(TARGET_GROUP_CODES)).max(4).default([]),
    hovedforlop: z.array(z.number().int().min(1).max(3)).max(3).default([]),
    minAge: z.number().int().min(0).max(130).nullable().default(null),
    maxAge: z.number().int().min(0).max(130).nullable().default(null),
    eligibilityDescription: optionalText(2000),
    access: z.enum(ACCESS_KIND_CODES).nullable().default(null),
    requiresDrugFree: z.boolean().nullable().default(null),
    anonymous: z.boolean().nullable().default(null),
    cityWide: z.boolean().default(false),
    districts: z.array(z.enum(DISTRICT_SLUGS)).max(15).default([]),
    openingHours: openingHoursSchema.default({ is24_7: false, rules: [], exceptions: [] }),
    status: z.enum(SERVICE_STATUSES).default('active'),
    statusDate: isoDate.nullish().transform((v) => v ?? null),
    statusNote: optionalText(1000),
    costDescription: optionalText(1000),
    freeOfCharge: z.boolean().nullable().default(null),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code')).max(30).default([]),
    accessibility: optionalText(2000),
    places: z.number().int().min(0).max(100000).nullable().default(null),
    organizationId: z.uuid().nullable().default(null),
    location: locationInputSchema.nullable().default(null),
    contacts: z.array(contactSchema).max(20).default([]),
    source: optionalText(500),
  });

/**
 * True when these fields of the input are valid on their own. Rules across fields run whenever
 * their own fields are valid, even while other fields are wrong, so an editor sees every error
 * in one round.
 */
const whenValid =
  (...keys: (keyof typeof serviceFieldsSchema.shape)[]) =>
  (payload: { value: unknown }): boolean => {
    const value = payload.value;
    if (typeof value !== 'object' || value === null) return false;
    return keys.every((key) => serviceFieldsSchema.shape[key].safeParse((value as Record<string, unknown>)[key]).success);
  };

/** What an editor sends to create or replace a service: the fields, and rules across them. */
export const serviceInputSchema = serviceFieldsSchema
  .refine((s) => s.minAge === null || s.maxAge === null || s.minAge <= s.maxAge, {
    path: ['maxAge'],
    message: 'must be at least the minimum age',
    when: whenValid('minAge', 'maxAge'),
  })
  .refine((s) => s.cityWide || s.districts.length > 0 || s.status === 'planned', {
    path: ['districts'],
    message: 'choose at least one district, or city-wide',
    when: whenValid('cityWide', 'districts', 'status'),
  })
  .refine((s) => s.status !== 'closed' || s.statusDate !== null, {
    path: ['statusDate'],
    message: 'a closed service needs the date it closed',
    when: whenValid('status', 'statusDate'),
  });

export type ServiceInput = z.infer<typeof serviceInputSchema>;

export const serviceUpdateSchema = z.strictObject({ version: z.number().int().min(1), service: serviceInputSchema });

export const closeServiceSchema = z.strictObject({
  version: z.number().int().min(1),
  closedOn: isoDate,
  note: optionalText(1000),
});

/** Verifying is about the content the editor checked: the version they looked at. */
export const verifyServiceSchema = z.strictObject({ version: z.number().int().min(1) });

export const intakeStatusSchema = z.strictObject({ intakeStatus: z.enum(INTAKE_STATUSES).nullable() });

export const errorReportInputSchema = z.strictObject({
  message: text(2000).min(10, 'must be at least 10 characters'),
  contact: optionalText(200),
});

/** A comma-separated list of up to `maxItems` items (the raw text may hold that many ids or codes). */
const csv = <T extends z.ZodType>(item: T, maxItems = 20) =>
  z
    .string()
    .max(maxItems * 40, `must be a list of at most ${maxItems} items`)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(maxItems, `must be a list of at most ${maxItems} items`) as unknown as z.ZodType<z.output<T>[], string[]>);

const boolFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query string of the public search; unknown parameters are refused. */
export const searchQuerySchema = z.strictObject({
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  district: z.enum(DISTRICT_SLUGS).optional(),
  kind: csv(z.enum(SERVICE_KIND_CODES)).optional(),
  step: csv(z.coerce.number().int().min(1).max(7)).optional(),
  age: z.coerce.number().int().min(0).max(130).optional(),
  target: z.enum(TARGET_GROUP_CODES).optional(),
  dropIn: boolFlag.optional(),
  noDrugFreeRequirement: boolFlag.optional(),
  openNow: boolFlag.optional(),
  evenings: boolFlag.optional(),
  weekends: boolFlag.optional(),
  open24_7: boolFlag.optional(),
  includeClosed: boolFlag.optional(),
  ids: csv(z.uuid({ message: 'must be a list of service ids' })).optional(),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  perPage: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(20),
  lang: z.enum(['nb', 'en']).optional(),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** The id of a service in the path. */
export const serviceIdParamsSchema = z.object({ id: z.uuid({ message: 'must be a service id (UUID)' }) });

export const staleQuerySchema = z.strictObject({ months: z.coerce.number().int().min(1).max(60).default(6) });

export const ERROR_REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;

export const errorReportQuerySchema = z.strictObject({ status: z.enum(ERROR_REPORT_STATUSES).default('open') });

export const errorReportIdParamsSchema = z.object({ id: z.uuid() });

export const handleErrorReportSchema = z.strictObject({
  status: z.enum(['resolved', 'dismissed']),
  note: z.string().trim().max(1000).nullish().transform((v) => v || null),
});

// Responses. Exact objects: an answer carries only the fields listed here (zod strips the rest
// when the route serialises), and none has a transform, so they serialise both ways.

export const labelSchema = z.object({ nb: z.string(), en: z.string() });

export const districtSchema = z.object({
  slug: z.string(),
  name: z.string(),
  code: z.string(),
  /** Where the district sits in the tile map. */
  tile: z.object({ row: z.number().int(), col: z.number().int() }),
});

/** GET /api/vocabulary: the labels of every code the catalog uses. */
export const vocabularySchema = z.object({
  kinds: z.record(z.string(), labelSchema.extend({ step: z.number().int().nullable() })),
  ladderSteps: z.record(z.string(), labelSchema),
  targetGroups: z.record(z.string(), labelSchema),
  hovedforlop: z.record(z.string(), labelSchema),
  access: z.record(z.string(), labelSchema),
  districts: z.array(districtSchema),
});

export const MATCH_VIAS = ['exact', 'synonym', 'typo', 'compound'] as const;

/** Why a search result matched one term of the query. */
export const matchReasonSchema = z.object({ term: z.string(), matched: z.string(), via: z.enum(MATCH_VIAS), inName: z.boolean() });

/** A service in a list of search results. */
export const serviceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  descriptionEn: z.string().nullable(),
  kind: z.string(),
  ladderStep: z.number().int().nullable(),
  targetGroups: z.array(z.string()),
  cityWide: z.boolean(),
  districts: z.array(z.string()),
  access: z.string().nullable(),
  requiresDrugFree: z.boolean().nullable(),
  is24_7: z.boolean(),
  hasEveningHours: z.boolean(),
  hasWeekendHours: z.boolean(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  status: z.enum(SERVICE_STATUSES),
  statusDate: z.string().nullable(),
  intakeStatus: z.enum(INTAKE_STATUSES).nullable(),
  organizationName: z.string().nullable(),
  underReview: z.boolean(),
  reasons: z.array(matchReasonSchema),
});

/** GET /api/services: one page of search results, and how the query was understood. */
export const searchResponseSchema = z.object({
  items: z.array(serviceSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  /** all: every term matched; any: nothing matched all, these match some; none: no query. */
  matchMode: z.enum(['all', 'any', 'none']),
  terms: z.array(z.object({ term: z.string(), variants: z.array(z.object({ text: z.string(), via: z.enum(MATCH_VIAS) })) })),
});

// The stored forms of the input schemas above (opening hours, contacts), as answers give them.

export const weeklyRuleAnswerSchema = z.object({
  byday: z.enum(WEEKDAYS),
  opensAt: z.string(),
  closesAt: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  closedOnPublicHolidays: z.boolean(),
});

export const scheduleExceptionAnswerSchema = z.object({
  date: z.string(),
  closed: z.boolean(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  description: z.string().nullish(),
});

export const openingHoursAnswerSchema = z.object({
  is24_7: z.boolean(),
  rules: z.array(weeklyRuleAnswerSchema),
  exceptions: z.array(scheduleExceptionAnswerSchema),
});

export const contactAnswerSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  website: z.string().nullable(),
  email: z.string().nullable(),
});

/** A place a service is offered; serviceAtLocationId is the HSDS service_at_location's id. */
export const locationSchema = z.object({
  id: z.string(),
  serviceAtLocationId: z.string(),
  name: z.string().nullable(),
  address1: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  addressNote: z.string().nullable(),
  district: z.string().nullable(),
  accessibility: z.string().nullable(),
  transportation: z.string().nullable(),
});

/** One catalog entry with everything it holds (GET /api/services/:id and every editor write). */
export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  alternateNames: z.array(z.string()),
  description: z.string(),
  descriptionEn: z.string().nullable(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  kind: z.string(),
  ladderStep: z.number().int().nullable(),
  targetGroups: z.array(z.string()),
  hovedforlop: z.array(z.number().int()),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  eligibilityDescription: z.string().nullable(),
  access: z.enum(ACCESS_KIND_CODES).nullable(),
  requiresDrugFree: z.boolean().nullable(),
  anonymous: z.boolean().nullable(),
  cityWide: z.boolean(),
  districts: z.array(z.string()),
  openingHours: openingHoursAnswerSchema,
  status: z.enum(SERVICE_STATUSES),
  statusDate: z.string().nullable(),
  statusNote: z.string().nullable(),
  intakeStatus: z.enum(INTAKE_STATUSES).nullable(),
  intakeStatusAt: z.string().nullable(),
  costDescription: z.string().nullable(),
  freeOfCharge: z.boolean().nullable(),
  languages: z.array(z.string()),
  accessibility: z.string().nullable(),
  places: z.number().int().nullable(),
  organization: organizationSchema.nullable(),
  locations: z.array(locationSchema),
  contacts: z.array(contactAnswerSchema),
  provenance: z.object({
    source: z.string().nullable(),
    sourceRefs: z.array(z.string()),
    lastVerifiedAt: z.string().nullable(),
    verifiedBy: z.string().nullable(),
  }),
  underReview: z.boolean(),
  /** Send it back with a change: a write to a newer version is refused (409). */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** GET /api/organizations: the organizations the editor can choose from. */
export const organizationOptionListSchema = z.array(z.object({ id: z.string(), name: z.string() }));

/** One district × ladder step of the gap matrix. */
export const gapCellSchema = z.object({
  step: z.number().int(),
  local: z.number().int(),
  cityWide: z.number().int(),
  /** Offers open outside office hours (evenings, weekends or 24/7). */
  outsideOfficeHours: z.number().int(),
  /** Offers with no opening hours registered. */
  hoursUnknown: z.number().int(),
  status: z.enum(GAP_STATUSES),
  serviceIds: z.array(z.string()),
});

/** GET /api/gap-matrix: one row per district. */
export const gapMatrixSchema = z.array(
  z.object({ district: z.string(), name: z.string(), cells: z.array(gapCellSchema), missingSteps: z.array(z.number().int()) }),
);

/** One change to a service, newest first: each changed field's value before and after. */
export const serviceHistorySchema = z.array(
  z.object({
    version: z.number().int(),
    action: z.string(),
    changedBy: z.string(),
    changedAt: z.string(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  }),
);

/** GET /api/editor/stale: entries waiting to be verified, oldest first. */
export const staleServiceListSchema = z.array(
  z.object({ id: z.string(), name: z.string(), lastVerifiedAt: z.string().nullable(), updatedAt: z.string() }),
);

/** A citizen's report that an entry is wrong. */
export const errorReportSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  message: z.string(),
  contact: z.string().nullable(),
  status: z.enum(ERROR_REPORT_STATUSES),
  createdAt: z.string(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  handledNote: z.string().nullable(),
});
export const errorReportListSchema = z.array(errorReportSchema);

/** A report received: its id. */
export const errorReportReceiptSchema = z.object({ id: z.string() });

/** A report handled. */
export const errorReportHandledSchema = z.object({ id: z.string(), status: z.enum(['resolved', 'dismissed']) });
