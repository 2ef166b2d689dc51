/**
 * What the catalog's JSON API answers (/api/services, /api/vocabulary, /api/gap-matrix, the
 * editor's lists). The catalog holds no person data, and it is still growing (opening status,
 * audiences, stable child ids): these schemas name every field the answers guarantee, for the
 * OpenAPI document and the web, and pass further fields through (`answer` is z.looseObject), so a
 * field a use-case adds is never silently dropped. Access answers (persons, users, the audit log)
 * are closed instead: see src/access/*.schemas.ts.
 */
import { z } from 'zod';

export type HistoryEntry = z.infer<typeof serviceHistorySchema>[number];
export type StaleService = z.infer<typeof staleServiceListSchema>[number];
export type ErrorReport = z.infer<typeof errorReportListSchema>[number];
export type OrganizationName = z.infer<typeof organizationNameListSchema>[number];

/** An object answer of the catalog: these fields at least. */
const answer = z.looseObject;

const nullableString = z.string().nullable();

export const organizationSchema = answer({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  website: nullableString,
  email: nullableString,
});

export const locationSchema = answer({
  id: z.string(),
  serviceAtLocationId: z.string(),
  name: nullableString,
  address1: nullableString,
  postalCode: nullableString,
  city: nullableString,
  addressNote: nullableString,
  district: nullableString,
  accessibility: nullableString,
  transportation: nullableString,
});

export const contactSchema = answer({
  id: z.string(),
  name: nullableString,
  title: nullableString,
  phone: nullableString,
  email: nullableString,
});

export const openingHoursSchema = answer({
  is24_7: z.boolean(),
  rules: z.array(
    answer({
      byday: z.string(),
      opensAt: z.string(),
      closesAt: z.string(),
      validFrom: nullableString,
      validTo: nullableString,
      closedOnPublicHolidays: z.boolean(),
    }),
  ),
  exceptions: z.array(
    answer({
      date: z.string(),
      closed: z.boolean(),
      opensAt: nullableString,
      closesAt: nullableString,
      description: nullableString.optional(),
    }),
  ),
});

/** GET /api/services/:id: one offer with its organisation, locations, contacts and opening hours. */
export const publicServiceSchema = answer({
  id: z.string(),
  name: z.string(),
  alternateNames: z.array(z.string()),
  description: z.string(),
  descriptionEn: nullableString,
  url: nullableString,
  email: nullableString,
  phone: nullableString,
  kind: z.string(),
  ladderStep: z.number().int().nullable(),
  targetGroups: z.array(z.string()),
  hovedforlop: z.array(z.number().int()),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  eligibilityDescription: nullableString,
  access: nullableString,
  arrangement: nullableString,
  requiresDrugFree: z.boolean().nullable(),
  anonymous: z.boolean().nullable(),
  cityWide: z.boolean(),
  districts: z.array(z.string()),
  openingHours: openingHoursSchema,
  status: z.string(),
  statusDate: nullableString,
  statusNote: nullableString,
  intakeStatus: nullableString,
  intakeStatusAt: nullableString,
  costDescription: nullableString,
  freeOfCharge: z.boolean().nullable(),
  languages: z.array(z.string()),
  accessibility: nullableString,
  places: z.number().int().nullable(),
  organization: organizationSchema.nullable(),
  locations: z.array(locationSchema),
  contacts: z.array(contactSchema),
  provenance: answer({
    source: nullableString,
    sourceRefs: z.array(z.string()),
    lastVerifiedAt: nullableString,
    verifiedBy: nullableString,
  }),
  underReview: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const matchViaSchema = z.string().describe("How a query term matched: 'exact', 'synonym', 'typo' or 'compound'");

/** GET /api/services: one page of summaries in relevance order, with why each matched. */
export const publicSearchResponseSchema = answer({
  items: z.array(
    answer({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      descriptionEn: nullableString,
      kind: z.string(),
      ladderStep: z.number().int().nullable(),
      targetGroups: z.array(z.string()),
      cityWide: z.boolean(),
      districts: z.array(z.string()),
      access: nullableString,
      requiresDrugFree: z.boolean().nullable(),
      is24_7: z.boolean(),
      hasEveningHours: z.boolean(),
      hasWeekendHours: z.boolean(),
      minAge: z.number().int().nullable(),
      maxAge: z.number().int().nullable(),
      status: z.string(),
      statusDate: nullableString,
      intakeStatus: nullableString,
      organizationName: nullableString,
      underReview: z.boolean(),
      reasons: z.array(answer({ term: z.string(), matched: z.string(), via: matchViaSchema, inName: z.boolean() })),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  matchMode: z.string().describe("'all' terms matched, 'any' of them, or 'none' (no query)"),
  terms: z.array(answer({ term: z.string(), variants: z.array(answer({ text: z.string(), via: matchViaSchema })) })),
});

/** GET /api/vocabulary: the codes the catalog uses, with their labels, and the districts. */
export const vocabularySchema = answer({
  kinds: z.record(z.string(), z.unknown()),
  ladderSteps: z.record(z.string(), z.unknown()),
  targetGroups: z.record(z.string(), z.unknown()),
  hovedforlop: z.record(z.string(), z.unknown()),
  access: z.record(z.string(), z.unknown()),
  districts: z.array(answer({ slug: z.string(), name: z.string(), code: z.string() })).readonly(),
});

/** GET /api/gap-matrix: per district, each ladder step's offers and whether the step is missing. */
export const gapMatrixSchema = z.array(
  answer({
    district: z.string(),
    name: z.string(),
    cells: z.array(
      answer({
        step: z.number().int(),
        local: z.number().int(),
        cityWide: z.number().int(),
        outsideOfficeHours: z.number().int(),
        hoursUnknown: z.number().int(),
        status: z.string().describe("'missing', 'office_hours_only', 'covered' or 'hours_unknown'"),
        serviceIds: z.array(z.string()),
      }),
    ),
    missingSteps: z.array(z.number().int()),
  }),
);

/** GET /api/organizations: ids and names, the editor's choice list. */
export const organizationNameListSchema = z.array(answer({ id: z.string(), name: z.string() }));

/** An id of what was created or handled. */
export const createdSchema = answer({ id: z.string() });

/** GET /api/services/:id/history: every change, newest first, field by field. */
export const serviceHistorySchema = z.array(
  answer({
    version: z.number().int(),
    action: z.string(),
    changedBy: z.string(),
    changedAt: z.string(),
    changes: z.record(z.string(), answer({ from: z.unknown(), to: z.unknown() })),
  }),
);

/** GET /api/editor/stale */
export const staleServiceListSchema = z.array(
  answer({
    id: z.string(),
    name: z.string(),
    /** Crisis and drop-in services come first. */
    priority: z.enum(['crisis', 'drop_in']).nullable(),
    lastVerifiedAt: nullableString,
    updatedAt: z.string(),
  }),
);

/** GET /api/editor/error-reports: reports from the public (the contact is what the reporter chose to give). */
export const errorReportListSchema = z.array(
  answer({
    id: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    message: z.string(),
    contact: nullableString,
    status: z.enum(['open', 'resolved', 'dismissed']),
    createdAt: z.string(),
    confirmedBy: nullableString,
    confirmedAt: nullableString,
    handledBy: nullableString,
    handledAt: nullableString,
    handledNote: nullableString,
  }),
);

/** POST /api/editor/error-reports/:id/handle */
export const handledErrorReportSchema = answer({ id: z.string(), status: z.string() });

/** GET /api/catalog/changes/stream: Server-Sent Events, not JSON. */
export const catalogChangeStreamResponse = {
  description: 'Server-Sent Events: `event: catalog.changed`, `id:` and `data: {"serviceId","action","revision"}`; heartbeat comments',
  content: { 'text/event-stream': { schema: z.string() } },
};
