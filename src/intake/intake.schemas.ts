import { z } from 'zod';
import { isoDate, isoDateTime, safeText } from '../platform/input.ts';
import { DISCHARGE_DESTINATIONS, UNIT_CATEGORIES } from './vocabulary.ts';

const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id (lower-case letters, digits and hyphens)');

/** One unit's numbers as the capacity board shows them. `free` = places − occupied − held − blocked. */
export const capacityUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(UNIT_CATEGORIES).nullable(),
  places: z.number().int(),
  occupied: z.number().int(),
  held: z.number().int(),
  blocked: z.number().int(),
  free: z.number().int(),
  /** When the numbers last changed. */
  updatedAt: z.string(),
});
export type CapacityUnit = z.infer<typeof capacityUnitSchema>;

/** GET /api/capacity: every open unit. */
export const capacitySchema = z.object({ units: z.array(capacityUnitSchema) });
export type Capacity = z.infer<typeof capacitySchema>;

/** The payload of each `intake.capacity_changed` event: the unit's new numbers. */
export type CapacityChanged = CapacityUnit;

export const unitParamsSchema = z.strictObject({ id: unitId });
export const recordParamsSchema = z.strictObject({ id: z.uuid('must be an id (UUID)') });

/** Every POST of the module may carry an Idempotency-Key: the same key answers the same again. */
export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1–200 visible ASCII characters')
    .optional(),
});

/** POST /api/capacity/units/{id}/blocks */
export const blockBodySchema = z.strictObject({
  places: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(1000, 'must be at most 1000'),
  reason: safeText(500).pipe(z.string().min(1, 'must not be empty')),
  /** The day the places are in use again; the block covers the days before it. */
  until: isoDate(),
});
export type BlockBody = z.infer<typeof blockBodySchema>;

export const blockSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  places: z.number().int(),
  reason: z.string(),
  until: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  capacity: capacityUnitSchema,
});
export type Block = z.infer<typeof blockSchema>;

/** POST /api/intake/holds: an offer holds one place for a person until it expires. */
export const holdBodySchema = z.strictObject({
  unitId,
  personId: z.uuid('must be a person id (UUID)'),
  expiresAt: isoDateTime(),
});
export type HoldBody = z.infer<typeof holdBodySchema>;

export const holdSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  personId: z.string(),
  expiresAt: z.string(),
  status: z.enum(['active', 'released', 'expired', 'admitted']),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  capacity: capacityUnitSchema,
});
export type Hold = z.infer<typeof holdSchema>;

/** POST /api/intake/stays: an admission, from a hold or (for a walk-in) straight to a unit. */
export const admitBodySchema = z
  .strictObject({
    holdId: z.uuid('must be a hold id (UUID)').optional(),
    unitId: unitId.optional(),
    personId: z.uuid('must be a person id (UUID)').optional(),
    admittedAt: isoDateTime().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.holdId !== undefined && (body.unitId !== undefined || body.personId !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['holdId'], message: 'give either holdId or unitId and personId, not both' });
    } else if (body.holdId === undefined) {
      if (body.unitId === undefined) ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'is required without holdId' });
      if (body.personId === undefined) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'is required without holdId' });
    }
  });
export type AdmitBody = z.infer<typeof admitBodySchema>;

/** POST /api/intake/stays/{id}/discharge */
export const dischargeBodySchema = z.strictObject({
  dischargedAt: isoDateTime(),
  destination: z.enum(DISCHARGE_DESTINATIONS),
});
export type DischargeBody = z.infer<typeof dischargeBodySchema>;

export const staySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  personId: z.string(),
  holdId: z.string().nullable(),
  admittedAt: z.string(),
  dischargedAt: z.string().nullable(),
  destination: z.enum(DISCHARGE_DESTINATIONS).nullable(),
  capacity: capacityUnitSchema,
});
export type Stay = z.infer<typeof staySchema>;
