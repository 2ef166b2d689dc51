import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { isoDate, isoDateTime, optionalSafeText, safeText } from '../platform/input.ts';
import { capacityUnitSchema, holdSchema, staySchema } from './intake.schemas.ts';
import { DISCHARGE_DESTINATIONS } from './vocabulary.ts';
import {
  INCIDENT_KINDS,
  QUALITY_OF_LIFE_SETTINGS,
  TASK_AGE_BUCKETS,
  TASK_OUTCOMES,
  TASK_OWNER_TEAMS,
  USER_CONTROLLED_OUTCOMES,
} from './transitions-vocabulary.ts';

const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id (lower-case letters, digits and hyphens)');
const personId = z.uuid('must be a person id (UUID)');

/** GET /api/intake/units/{id}/stays: the unit's current residents (pseudonymous person ids). */
export const unitStaysSchema = z.object({
  stays: z.array(staySchema.omit({ capacity: true })),
});
export type UnitStays = z.infer<typeof unitStaysSchema>;

/** POST /api/intake/stays/{id}/immediate-discharge */
export const immediateDischargeBodySchema = z.strictObject({
  /** When the stay ended. */
  at: isoDateTime(),
  incident: z.strictObject({
    kind: z.enum(INCIDENT_KINDS),
    description: safeText(2000).pipe(z.string().min(1, 'must not be empty')),
  }),
  /** The last day (Oslo, included) the person may not be admitted at this unit again. */
  barUntil: isoDate(),
  /** When the re-placement should be done; default: two working days after `at`. */
  taskDeadline: isoDateTime().optional(),
  /** Where the person went, if known (default unknown). */
  destination: z.enum(DISCHARGE_DESTINATIONS).optional(),
});
export type ImmediateDischargeBody = z.infer<typeof immediateDischargeBodySchema>;

export const barSchema = z.object({
  id: z.string(),
  personId: z.string(),
  unitId: z.string(),
  from: z.string(),
  until: z.string(),
  reason: z.string(),
});
export type Bar = z.infer<typeof barSchema>;

export const incidentSchema = z.object({
  id: z.string(),
  stayId: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  description: z.string(),
  occurredAt: z.string(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** A re-placement task; `ownerUserId` set when someone has taken or been given it, else the team owns it. */
export const taskSchema = z.object({
  id: z.string(),
  personId: z.string(),
  fromUnitId: z.string(),
  fromUnitName: z.string(),
  fromStayId: z.string(),
  incidentId: z.string(),
  /** The request whose decision stands, back on the waiting list for a new offer; null when the stay came from none. */
  requestId: z.string().nullable(),
  ownerTeam: z.enum(TASK_OWNER_TEAMS).nullable(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  ageBucket: z.enum(TASK_AGE_BUCKETS).nullable(),
  outcome: z.enum(TASK_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const immediateDischargeSchema = z.object({
  stay: staySchema,
  incident: incidentSchema,
  bar: barSchema,
  task: taskSchema,
});
export type ImmediateDischarge = z.infer<typeof immediateDischargeSchema>;

export const taskListQuerySchema = z.strictObject({ status: z.enum(['open', 'closed']).default('open') });

/** GET /api/intake/tasks: the tasks, and the open ones counted by age and by owner. */
export const taskListSchema = z.object({
  tasks: z.array(taskSchema),
  overview: z.object({
    open: z.number().int(),
    byAge: z.record(z.enum(TASK_AGE_BUCKETS), z.number().int()),
    byOwner: z.array(
      z.object({
        ownerTeam: z.enum(TASK_OWNER_TEAMS).nullable(),
        ownerUserId: z.string().nullable(),
        ownerName: z.string().nullable(),
        open: z.number().int(),
      }),
    ),
  }),
});
export type TaskList = z.infer<typeof taskListSchema>;

/** GET /api/intake/tasks/{id}: the task with its incident, bar and the stay it came from. */
export const taskDetailSchema = z.object({
  task: taskSchema,
  incident: incidentSchema,
  bars: z.array(barSchema),
  stay: staySchema.omit({ capacity: true }),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

/** POST /api/intake/tasks/{id}/assign: to a user (who holds common intake), or back to a team. */
export const assignTaskBodySchema = z
  .strictObject({ userId: z.uuid('must be a user id (UUID)').optional(), team: z.enum(TASK_OWNER_TEAMS).optional() })
  .refine((b) => (b.userId === undefined) !== (b.team === undefined), { path: ['userId'], message: 'give either userId or team' });
export type AssignTaskBody = z.infer<typeof assignTaskBodySchema>;

export const closeTaskBodySchema = z.strictObject({ outcome: z.enum(TASK_OUTCOMES), note: optionalSafeText(2000) });
export type CloseTaskBody = z.infer<typeof closeTaskBodySchema>;

/** POST /api/intake/user-controlled/agreements */
export const agreementBodySchema = z.strictObject({
  personId,
  unitId,
  nightsPerStay: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(31, 'must be at most 31'),
  staysPerPeriod: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(52, 'must be at most 52'),
  periodDays: z.number().int('must be a whole number').min(7, 'must be 7 or more').max(366, 'must be at most 366'),
  validFrom: isoDate(),
  validTo: isoDate(),
  note: optionalSafeText(1000),
});
export type AgreementBody = z.infer<typeof agreementBodySchema>;

export const agreementSchema = z.object({
  id: z.string(),
  personId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  nightsPerStay: z.number().int(),
  staysPerPeriod: z.number().int(),
  periodDays: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const agreementListQuerySchema = z.strictObject({ unitId: unitId.optional(), personId: personId.optional() });
export const agreementListSchema = z.object({ agreements: z.array(agreementSchema) });
export type AgreementList = z.infer<typeof agreementListSchema>;

/** POST /api/intake/user-controlled/agreements/{id}/stays: the nights from `from` to the day before `to`. */
export const stayRequestBodySchema = z.strictObject({ from: isoDate(), to: isoDate() });
export type StayRequestBody = z.infer<typeof stayRequestBodySchema>;

export const stayRequestSchema = z.object({
  id: z.string(),
  agreementId: z.string(),
  from: z.string(),
  to: z.string(),
  outcome: z.enum(USER_CONTROLLED_OUTCOMES),
  /** Granted: the place held for the person until the end of the first day (admit from it on arrival). */
  hold: holdSchema.nullable(),
  /** Unit full: comparable units with a free place now, most free first. */
  alternatives: z.array(capacityUnitSchema),
});
export type StayRequest = z.infer<typeof stayRequestSchema>;

/** POST /api/intake/quality-of-life */
export const qualityOfLifeBodySchema = z
  .strictObject({
    personId,
    answeredOn: isoDate(),
    setting: z.enum(QUALITY_OF_LIFE_SETTINGS),
    district: z.enum(DISTRICT_SLUGS).optional(),
    unitId: unitId.optional(),
    /** 1–7 in a district, 1–5 in an institution; left out when the person declined. */
    score: z.number().int('must be a whole number').optional(),
    declined: z.boolean().default(false),
  })
  .superRefine((b, ctx) => {
    if (b.setting === 'district' && b.district === undefined)
      ctx.addIssue({ code: 'custom', path: ['district'], message: 'is required in a district' });
    if (b.setting === 'district' && b.unitId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'must be left out in a district' });
    if (b.setting === 'institution' && b.unitId === undefined)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'is required in an institution' });
    if (b.setting === 'institution' && b.district !== undefined)
      ctx.addIssue({ code: 'custom', path: ['district'], message: 'must be left out in an institution' });
  });
export type QualityOfLifeBody = z.infer<typeof qualityOfLifeBodySchema>;

export const qualityOfLifeSchema = z.object({
  id: z.string(),
  personId: z.string(),
  answeredOn: z.string(),
  setting: z.enum(QUALITY_OF_LIFE_SETTINGS),
  district: z.string().nullable(),
  unitId: z.string().nullable(),
  score: z.number().int().nullable(),
  declined: z.boolean(),
  createdAt: z.string(),
});
export type QualityOfLife = z.infer<typeof qualityOfLifeSchema>;

export const qualityOfLifeListSchema = z.object({ answers: z.array(qualityOfLifeSchema) });
export type QualityOfLifeList = z.infer<typeof qualityOfLifeListSchema>;

export const personParamsSchema = z.strictObject({ id: personId });
