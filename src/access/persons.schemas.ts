/** Contracts of person data (/api/persons, /api/analysis/persons). Answers list every field: nothing else can leave. */
import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { plainInt, safeText } from '../platform/input.ts';
import { PURPOSES } from './vocabulary.ts';

const nullableText = (max: number) =>
  safeText(max)
    .min(1)
    .nullish()
    .transform((v) => v ?? null);

/** POST /api/persons */
export const registerPersonBodySchema = z
  .strictObject({
    nationalId: z
      .string()
      .trim()
      .regex(/^\d{11}$/, 'must be 11 digits'),
    givenName: nullableText(100),
    familyName: nullableText(100),
    district: z
      .enum(DISTRICT_SLUGS)
      .nullish()
      .transform((v) => v ?? null),
    unit: nullableText(100),
  })
  .refine((b) => b.district || b.unit, { message: 'give a district or a unit', path: ['district'] });

export const personParamsSchema = z.object({ id: z.uuid({ message: 'must be a person id (UUID)' }) });
export const purposeQuerySchema = z.strictObject({ purpose: z.enum(PURPOSES).default('case_handling') });
export const personListQuerySchema = purposeQuerySchema.extend({ limit: plainInt(1, 200).default(50) });

/** A person as staff see them: no national ID, which is read separately and audited. */
export const personSchema = z.object({
  id: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  district: z.string().nullable(),
  unit: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Person = z.infer<typeof personSchema>;
export const personListSchema = z.array(personSchema);

/** GET /api/persons/:id/identity (audited). */
export const personIdentitySchema = z.object({ personId: z.string(), nationalId: z.string(), idType: z.string() });

/** GET /api/analysis/persons: the export pseudonym, owner and birth year; never a name or a national ID. */
export const pseudonymisedPersonListSchema = z.array(
  z.object({ pseudonym: z.string(), district: z.string().nullable(), unit: z.string().nullable(), birthYear: z.number().int().nullable() }),
);
