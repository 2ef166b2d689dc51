import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { isoDate, isoDateTime, safeText } from '../platform/input.ts';
import { PERSON_GENDERS, REQUEST_ACTIONS, REQUEST_STATUSES, SUBSTANCE_NEEDS, UNIT_CATEGORIES, URGENCIES } from './vocabulary.ts';

/*
 * Contracts of decisions and requests, matching, the waiting list and notices (the web imports
 * these types).
 */

const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id (lower-case letters, digits and hyphens)');
const district = z.enum(DISTRICT_SLUGS, { message: 'must be one of Oslo’s 15 districts (its slug, like alna)' });
const reasonText = safeText(500).pipe(z.string().min(1, 'must not be empty'));

/** POST /api/intake/requests: a district's decision, sent to common intake as a request. */
export const decisionBodySchema = z
  .strictObject({
    personId: z.uuid('must be a person id (UUID)'),
    /** The deciding district; may be left out by a caseworker of one district. */
    district: district.optional(),
    category: z.enum(UNIT_CATEGORIES),
    period: z.strictObject({ from: isoDate(), to: isoDate().nullable().optional() }),
    needs: z.strictObject({
      substance: z.enum(SUBSTANCE_NEEDS),
      gender: z.enum(PERSON_GENDERS).nullable().optional(),
      age: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(130, 'must be at most 130').nullable().optional(),
      somaticCare: z.boolean(),
    }),
    urgency: z.enum(URGENCIES),
    preferences: z
      .strictObject({
        preferredUnits: z.array(unitId).max(10, 'must name at most 10 units').optional(),
        /** The district matching measures distance from (default: the deciding district). */
        homeDistrict: district.optional(),
      })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.period.to && body.period.to < body.period.from)
      ctx.addIssue({ code: 'custom', path: ['period', 'to'], message: 'must not be before period.from' });
  });
export type DecisionBody = z.infer<typeof decisionBodySchema>;

export const historyEntrySchema = z.object({
  from: z.enum(REQUEST_STATUSES).nullable(),
  to: z.enum(REQUEST_STATUSES),
  reason: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const offerSchema = z.object({
  holdId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  expiresAt: z.string(),
});

/** A request as both the district and common intake see it. */
export const intakeRequestSchema = z.object({
  id: z.string(),
  personId: z.string(),
  district: z.string(),
  category: z.enum(UNIT_CATEGORIES),
  period: z.object({ from: z.string(), to: z.string().nullable() }),
  needs: z.object({
    substance: z.enum(SUBSTANCE_NEEDS),
    gender: z.enum(PERSON_GENDERS).nullable(),
    age: z.number().int().nullable(),
    somaticCare: z.boolean(),
  }),
  urgency: z.enum(URGENCIES),
  preferences: z.object({ preferredUnits: z.array(z.string()), homeDistrict: z.string() }),
  status: z.enum(REQUEST_STATUSES),
  /** What may happen next (the staff pages show these; the caller's permissions still apply). */
  actions: z.array(z.enum(REQUEST_ACTIONS)),
  offer: offerSchema.nullable(),
  stayId: z.string().nullable(),
  sentAt: z.string(),
  updatedAt: z.string(),
  history: z.array(historyEntrySchema),
});
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

export const requestListSchema = z.object({ requests: z.array(intakeRequestSchema) });
export type RequestList = z.infer<typeof requestListSchema>;

export const requestListQuerySchema = z.strictObject({ status: z.enum(REQUEST_STATUSES).optional() });

/** POST …/offer: hold a place at a unit for the request's person until the offer expires. */
export const offerBodySchema = z.strictObject({ unitId, expiresAt: isoDateTime() });
export type OfferBody = z.infer<typeof offerBodySchema>;

/** POST …/reject, …/withdraw, …/decline: the reason goes into the history. */
export const reasonBodySchema = z.strictObject({ reason: reasonText });
export type ReasonBody = z.infer<typeof reasonBodySchema>;

/** POST …/admit */
export const requestAdmitBodySchema = z.strictObject({ admittedAt: isoDateTime().optional() });
export type RequestAdmitBody = z.infer<typeof requestAdmitBodySchema>;

const matchReasonSchema = z.object({ code: z.string(), points: z.number().int(), nb: z.string(), en: z.string() });

/** GET …/matches: suitable units ranked by score, unsuitable ones apart with why. */
export const matchesSchema = z.object({
  requestId: z.string(),
  suitable: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      free: z.number().int(),
      score: z.number().int(),
      reasons: z.array(matchReasonSchema),
    }),
  ),
  unsuitable: z.array(z.object({ unitId: z.string(), name: z.string(), free: z.number().int(), reasons: z.array(matchReasonSchema) })),
});
export type MatchesAnswer = z.infer<typeof matchesSchema>;

export const noticeSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  unitId: z.string(),
  district: z.string(),
  text: z.object({ nb: z.string(), en: z.string() }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notice = z.infer<typeof noticeSchema>;
export const noticeListSchema = z.object({ notices: z.array(noticeSchema) });
export type NoticeList = z.infer<typeof noticeListSchema>;
