import { z } from 'zod';
import { WEEKDAYS } from './opening-hours.ts';
import { ARRANGEMENT_KIND_CODES, INTAKE_STATUSES, SERVICE_STATUSES } from './vocabulary.ts';

/*
 * Answers of the editor's routes (save, close, undo, intake status). The Service schema mirrors
 * catalog.model.ts's Service; fields it does not name are stripped from the answer.
 */

const nullableString = z.string().nullable();

const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  website: nullableString,
  email: nullableString,
});

const locationSchema = z.object({
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

const openingHoursSchema = z.object({
  is24_7: z.boolean(),
  rules: z.array(
    z.object({
      id: z.string(),
      byday: z.enum(WEEKDAYS),
      opensAt: z.string(),
      closesAt: z.string(),
      validFrom: nullableString,
      validTo: nullableString,
      closedOnPublicHolidays: z.boolean(),
    }),
  ),
  exceptions: z.array(
    z.object({
      id: z.string(),
      date: z.string(),
      closed: z.boolean(),
      opensAt: nullableString,
      closesAt: nullableString,
      description: nullableString.optional(),
    }),
  ),
});

/** A catalog entry as the API answers it (staff and public detail). */
export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  alternateNames: z.array(z.string()),
  description: z.string(),
  descriptionEn: nullableString,
  url: nullableString,
  email: nullableString,
  phone: nullableString,
  kind: z.string(),
  ladderStep: z.number().nullable(),
  targetGroups: z.array(z.string()),
  hovedforlop: z.array(z.number()),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  eligibilityDescription: nullableString,
  access: nullableString,
  arrangement: z.enum(ARRANGEMENT_KIND_CODES).nullable(),
  requiresDrugFree: z.boolean().nullable(),
  anonymous: z.boolean().nullable(),
  cityWide: z.boolean(),
  districts: z.array(z.string()),
  openingHours: openingHoursSchema,
  status: z.enum(SERVICE_STATUSES),
  statusDate: nullableString,
  statusNote: nullableString,
  intakeStatus: z.enum(INTAKE_STATUSES).nullable(),
  intakeStatusAt: nullableString,
  /** True: derived from the capacity of the linked intake units (accepting / waiting list / full), not typed by hand. */
  intakeStatusDerived: z.boolean(),
  costDescription: nullableString,
  freeOfCharge: z.boolean().nullable(),
  languages: z.array(z.string()),
  accessibility: nullableString,
  places: z.number().nullable(),
  organization: organizationSchema.nullable(),
  locations: z.array(locationSchema),
  contacts: z.array(
    z.object({ id: z.string(), name: nullableString, title: nullableString, phone: nullableString, email: nullableString }),
  ),
  provenance: z.object({
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

/** The answer to a save: the stored entry, and whether the save changed nothing (then no version was written). */
export const serviceSaveResultSchema = serviceSchema.extend({
  unchanged: z.boolean().describe('true when the input equalled the stored entry: nothing was written and the version is the same'),
});

/** Undoing a close: the version of the entry the editor sees (the close's own version, unless something came after). */
export const undoCloseSchema = z.strictObject({ version: z.number().int().min(1) });

/** One change of intake status, newest first. */
export const intakeStatusHistorySchema = z.array(
  z.object({
    intakeStatus: z.enum(INTAKE_STATUSES).nullable(),
    changedBy: z.string(),
    changedAt: z.string(),
  }),
);
export type IntakeStatusHistory = z.infer<typeof intakeStatusHistorySchema>;
