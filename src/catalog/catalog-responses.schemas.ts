/**
 * What the catalog's JSON API answers (/api/services, /api/vocabulary, /api/gap-matrix, the
 * editor's lists). Every schema is closed (z.object): it names every field the use-case returns,
 * and a field it does not name is stripped from the answer, so nothing unlisted leaves. The web
 * imports these as types (web/src/api.ts). catalog-contracts.int.test.ts checks that each answer
 * equals its use-case's return value, so a field forgotten here fails a test instead of vanishing.
 */
import { z } from 'zod';
import { howToGetSchema, openStatusSchema } from './catalog.schemas.ts';
import { serviceSchema } from './service-editing.schemas.ts';
import { ARRANGEMENT_KIND_CODES, INTAKE_STATUSES, SERVICE_STATUSES } from './vocabulary.ts';

export type HistoryEntry = z.infer<typeof serviceHistorySchema>[number];
export type StaleService = z.infer<typeof staleServiceListSchema>[number];
export type ErrorReport = z.infer<typeof errorReportListSchema>[number];
export type OrganizationName = z.infer<typeof organizationNameListSchema>[number];

const answer = z.object;

const nullableString = z.string().nullable();

/** GET /api/services/:id: one offer as the public sees it, with its open status now and how to get it. */
export const publicServiceSchema = serviceSchema.extend({ openStatus: openStatusSchema, howToGet: howToGetSchema });

/** GET /api/editor/services/:id: one entry of the staff catalog (agreements and contracts included). */
export const staffServiceResponseSchema = serviceSchema;

const matchViaSchema = z.enum(['exact', 'synonym', 'typo', 'compound']).describe('How a query term matched');

/** Opening hours on a search card, as stored (each rule and exception with its id). */
const summaryOpeningHoursSchema = serviceSchema.shape.openingHours;

/** One search card. */
export const serviceSummarySchema = answer({
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
  status: z.enum(SERVICE_STATUSES),
  statusDate: nullableString,
  intakeStatus: z.enum(INTAKE_STATUSES).nullable(),
  intakeStatusAt: nullableString,
  /** True: derived from the capacity of the linked intake units, not typed by hand. */
  intakeStatusDerived: z.boolean(),
  organizationName: nullableString,
  underReview: z.boolean(),
  /** Null for an offer; only the staff search lists agreements, contracts and projects. */
  arrangement: z.enum(ARRANGEMENT_KIND_CODES).nullable(),
  openingHours: summaryOpeningHoursSchema,
  reasons: z.array(answer({ term: z.string(), matched: z.string(), via: matchViaSchema, inName: z.boolean() })),
});

/** GET /api/editor/services: one page of the staff catalog's search, in relevance order, with why each matched. */
export const staffSearchResponseSchema = answer({
  items: z.array(serviceSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  matchMode: z
    .enum(['all', 'all_then_any', 'any', 'none'])
    .describe(
      "'all' terms matched; 'all_then_any': fewer than 5 services match every term, they come first and the list goes on " +
        "with services that match some; 'any' of them (none matched all); or 'none' (no query)",
    ),
  /** With 'all_then_any': how many of the first results match every term. */
  allTermsTotal: z.number().int().nullable(),
  terms: z.array(answer({ term: z.string(), variants: z.array(answer({ text: z.string(), via: matchViaSchema })) })),
  /** Query words taken for typos and what was searched instead. */
  corrections: z.array(answer({ term: z.string(), correction: z.string() })),
  /** With a district filter and nothing in it: how many match in all districts. */
  allDistrictsTotal: z.number().int().nullable(),
  /** With no match: searches that find something. */
  suggestions: z.array(z.string()),
});

/** GET /api/services: as the staff search, offers only, each card with its open status at the time asked. */
export const publicSearchResponseSchema = staffSearchResponseSchema.extend({
  items: z.array(serviceSummarySchema.extend({ openStatus: openStatusSchema })),
  /** With a time filter on (open now, evenings, weekends, 24/7): how many entries it leaves out for unknown hours. */
  unknownHours: z.number().int().nullable(),
  /** The search looks like someone in crisis: the page shows the crisis lines first. */
  crisis: z.boolean(),
});

const labelSchema = answer({ nb: z.string(), en: z.string() });

/** GET /api/vocabulary: the codes the catalog uses, with their labels, and the districts. */
export const vocabularySchema = answer({
  kinds: z.record(z.string(), labelSchema.extend({ step: z.number().int().nullable() })),
  ladderSteps: z.record(z.string(), labelSchema),
  targetGroups: z.record(z.string(), labelSchema),
  hovedforlop: z.record(z.string(), labelSchema),
  access: z.record(z.string(), labelSchema),
  /** Agreements, contracts and projects: entries that are not offers (the staff pages name them). */
  arrangements: z.record(z.string(), labelSchema),
  districts: z
    .array(answer({ slug: z.string(), name: z.string(), code: z.string(), tile: answer({ row: z.number().int(), col: z.number().int() }) }))
    .readonly(),
});

const gapCoverageSchema = answer({
  status: z.enum(['missing', 'office_hours_only', 'covered', 'hours_unknown']),
  /** Offers open outside office hours (evenings, weekends or 24/7). */
  outsideOfficeHours: z.number().int(),
  /** Offers with no opening hours registered. */
  hoursUnknown: z.number().int(),
});

/** GET /api/gap-matrix: per district, each ladder step's offers and whether the step is missing. */
export const gapMatrixSchema = z.array(
  answer({
    district: z.string(),
    name: z.string(),
    cells: z.array(
      gapCoverageSchema.extend({
        step: z.number().int(),
        /** The district's own offers (not city-wide). */
        local: z.number().int(),
        /** City-wide offers, which every district can use. */
        cityWide: z.number().int(),
        /** The step counting only the district's own offers. */
        own: gapCoverageSchema,
        serviceIds: z.array(z.string()),
      }),
    ),
    /** Steps without any offer, city-wide ones included. */
    missingSteps: z.array(z.number().int()),
    /** Steps without an offer of the district's own. */
    ownMissingSteps: z.array(z.number().int()),
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
