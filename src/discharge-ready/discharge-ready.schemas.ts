/** Contracts of discharge-ready notifications (/api/discharge-ready). Answers list every field: nothing else can leave. */
import { z } from 'zod';
import { isoDate, isoDateTime, optionalSafeText, plainInt, safeText } from '../platform/input.ts';

const requiredText = (max: number) => safeText(max).pipe(z.string().min(1, 'must not be empty'));

/**
 * POST /api/discharge-ready: our own JSON. The patient is a person id or a national ID (found, or
 * registered under the district). `district` and `kommune` are checked by the use-case, so a
 * patient of another municipality or an unknown district is a 422 naming the field.
 */
export const notifyBodySchema = z
  .strictObject({
    personId: z.uuid('must be a person id (UUID)').optional(),
    nationalId: z
      .string()
      .trim()
      .regex(/^\d{11}$/, 'must be 11 digits')
      .optional(),
    givenName: optionalSafeText(100),
    familyName: optionalSafeText(100),
    hospital: requiredText(200),
    ward: requiredText(200),
    readyAt: isoDateTime(),
    /** Municipality number; Oslo is 0301 (the only one this service receives for). */
    kommune: z
      .string()
      .regex(/^\d{4}$/, 'must be a municipality number (4 digits)')
      .default('0301'),
    /** An Oslo city district: its slug (`alna`) or name (`Alna`). */
    district: requiredText(100),
    needs: requiredText(4000),
    dischargeSummaryReceived: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.personId !== undefined && body.nationalId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['personId'], message: 'give either personId or nationalId, not both' });
    if (body.personId === undefined && body.nationalId === undefined)
      ctx.addIssue({ code: 'custom', path: ['personId'], message: 'give personId or nationalId' });
  });
export type NotifyBody = z.infer<typeof notifyBodySchema>;

/** POST /api/discharge-ready/fhir: a FHIR R4 Bundle (validated against the official FHIR R4 JSON schema by the use-case). */
export const fhirBundleBodySchema = z.looseObject({ resourceType: z.string() }).meta({
  description: 'A FHIR R4 Bundle with a Task (the notification) and a ServiceRequest (the needs); see docs/discharge-ready.md',
});

/** POST /api/discharge-ready/{id}/answer */
export const answerBodySchema = z
  .strictObject({
    canReceive: z.boolean(),
    /** The day the district receives the patient (required when it can). */
    receiveOn: isoDate().optional(),
    /** Why the district cannot receive the patient (required when it cannot). */
    reason: optionalSafeText(2000),
  })
  .superRefine((body, ctx) => {
    if (body.canReceive && body.receiveOn === undefined)
      ctx.addIssue({ code: 'custom', path: ['receiveOn'], message: 'is required when canReceive is true' });
    if (!body.canReceive && body.receiveOn !== undefined)
      ctx.addIssue({ code: 'custom', path: ['receiveOn'], message: 'must be left out when canReceive is false' });
    if (!body.canReceive && !body.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when canReceive is false' });
  });
export type AnswerBody = z.infer<typeof answerBodySchema>;

/** POST /api/discharge-ready/{id}/summary: the discharge summary (*epikrise*) has come. */
export const summaryBodySchema = z.strictObject({ receivedAt: isoDateTime().optional() });
export type SummaryBody = z.infer<typeof summaryBodySchema>;

export const notificationParamsSchema = z.strictObject({ id: z.uuid('must be an id (UUID)') });

export const DISCHARGE_STATUSES = ['awaiting_answer', 'can_receive', 'cannot_receive'] as const;
export type DischargeStatus = (typeof DISCHARGE_STATUSES)[number];

export const listQuerySchema = z.strictObject({
  status: z.enum(DISCHARGE_STATUSES).optional(),
  limit: plainInt(1, 500).default(200),
});

export const countersSchema = z.object({
  /** The moment the counters were computed (the web recomputes them every minute from the same fields). */
  asOf: z.string(),
  daysSinceReady: z.number().int(),
  paymentDays: z.number().int(),
  paymentFrom: z.string().nullable(),
});

export const answerSchema = z.object({
  canReceive: z.boolean(),
  receiveOn: z.string().nullable(),
  reason: z.string().nullable(),
  answeredAt: z.string(),
});

/** A notification as staff see it. `patient` is null where the caller may not see the person (a hospital liaison). */
export const notificationSchema = z.object({
  id: z.string(),
  personId: z.string(),
  patient: z
    .object({ givenName: z.string().nullable(), familyName: z.string().nullable(), birthYear: z.number().int().nullable() })
    .nullable(),
  kommune: z.string(),
  district: z.string(),
  hospital: z.string(),
  ward: z.string(),
  readyAt: z.string(),
  notifiedAt: z.string(),
  needs: z.string(),
  source: z.enum(['json', 'fhir']),
  externalId: z.string().nullable(),
  dischargeSummaryReceivedAt: z.string().nullable(),
  status: z.enum(DISCHARGE_STATUSES),
  answer: answerSchema.nullable(),
  /** When payment becomes certain if nobody answers (the end of the notification day, Oslo time). */
  paymentStartsAt: z.string(),
  paymentAlertDueAt: z.string(),
  alertedAt: z.string().nullable(),
  counters: countersSchema,
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({ notifications: z.array(notificationSchema) });
export type NotificationList = z.infer<typeof notificationListSchema>;

export const EVIDENCE_KINDS = ['notified', 'summary_received', 'answered', 'payment_alert'] as const;

/** One entry of the evidence trail: what happened (occurredAt), when it was recorded, by whom. */
export const evidenceSchema = z.object({
  id: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  occurredAt: z.string(),
  recordedAt: z.string(),
  actorName: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const notificationDetailSchema = notificationSchema.extend({ evidence: z.array(evidenceSchema) });
export type NotificationDetail = z.infer<typeof notificationDetailSchema>;

/** The payload of each `discharge_ready.payment_alert` event (no person data: the district looks the notification up). */
export type PaymentAlert = { notificationId: string; district: string; paymentStartsAt: string };
