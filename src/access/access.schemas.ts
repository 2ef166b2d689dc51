import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { AUDIT_OUTCOMES, PURPOSES, ROLES } from './vocabulary.ts';

/**
 * The access module's contracts: what its routes accept and answer. The routes validate and
 * serialise with these (an answer carries only the fields listed here), the OpenAPI document is
 * made from them, and the web takes its types from them.
 */

const password = z.string().min(12, 'must be at least 12 characters').max(200);
const nationalId = z.string().trim().regex(/^\d{11}$/, 'must be 11 digits');

// Sign-in and sessions

export const signInBodySchema = z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(500) });

/** The signed-in user: who they are, their scope, what they may do, and the CSRF token for writes. */
export const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  /** What the caller may do: the web shows pages and actions by these, never by role names. */
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});

/** An OpenID Connect identity provider offered on the sign-in page. */
export const providerSchema = z.object({ id: z.string(), name: z.string() });
export const providerListSchema = z.array(providerSchema);

export const providerParamsSchema = z.object({ provider: z.string().max(40) });

export const oidcStartQuerySchema = z.object({ returnTo: z.string().max(2000).optional() });

export const oidcCallbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

// Persons

export const personIdParamsSchema = z.object({ id: z.uuid({ message: 'must be a person id (UUID)' }) });
export const purposeQuerySchema = z.strictObject({ purpose: z.enum(PURPOSES).default('case_handling') });
export const personListQuerySchema = purposeQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const personRegistrationSchema = z
  .strictObject({
    nationalId,
    givenName: z.string().trim().min(1).max(100).nullish().transform((v) => v ?? null),
    familyName: z.string().trim().min(1).max(100).nullish().transform((v) => v ?? null),
    district: z.enum(DISTRICT_SLUGS).nullish().transform((v) => v ?? null),
    unit: z.string().trim().min(1).max(100).nullish().transform((v) => v ?? null),
  })
  .refine((b) => b.district || b.unit, { message: 'give a district or a unit', path: ['district'] });

/** A person as staff see them: never the national ID, which is read separately and audited. */
export const personSchema = z.object({
  id: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  district: z.string().nullable(),
  unit: z.string().nullable(),
  createdAt: z.string(),
});
export const personListSchema = z.array(personSchema);

/** A person's national ID (every read is audited). */
export const personIdentitySchema = z.object({ personId: z.string(), nationalId: z.string(), idType: z.string() });

/** A person for linkage and statistics: the pseudonym, the owner and the birth year only. */
export const pseudonymisedPersonSchema = z.object({
  pseudonym: z.string(),
  district: z.string().nullable(),
  unit: z.string().nullable(),
  birthYear: z.number().int().nullable(),
});
export const pseudonymisedPersonListSchema = z.array(pseudonymisedPersonSchema);

// Administration: the audit log and the access report

export const auditQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  actorId: z.string().max(100).optional(),
  personId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(10000).default(500),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The districts and units an actor held when acting. */
const actorScopeSchema = z.object({ districts: z.array(z.string()).optional(), units: z.array(z.string()).optional() });

/** One row of the audit log (the hash chain's fields stay in the database). */
export const auditRowSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  actorRoles: z.array(z.string()),
  actorScope: actorScopeSchema,
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  purpose: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  personId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export const auditRowListSchema = z.array(auditRowSchema);

/** The audit rows as CSV (RFC 4180, UTF-8), for format=csv. */
export const auditCsvSchema = z.string().describe('CSV, one audit row per line after the header');

/** The audit hash chain recomputed: intact, or where it breaks first. */
export const auditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.number().int() }),
  z.object({ ok: z.literal(false), rows: z.number().int(), brokenAt: z.number().int(), reason: z.string() }),
]);

export const accessReportBodySchema = z.strictObject({ nationalId });

/** "Who has looked at my data": every recorded access to one person's data, oldest first. */
export const accessReportSchema = z.object({
  entries: z.array(
    z.object({
      when: z.string(),
      who: z.string(),
      roles: z.array(z.string()),
      organisationUnit: actorScopeSchema,
      what: z.string(),
      outcome: z.enum(AUDIT_OUTCOMES),
      purpose: z.string(),
    }),
  ),
});

// Administration: user accounts and the first administrator

export const userIdParamsSchema = z.object({ id: z.uuid() });

const userScopeBody = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  districts: z.array(z.enum(DISTRICT_SLUGS)).max(15).default([]),
  units: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

export const createUserBodySchema = userScopeBody.extend({
  email: z.email().max(200),
  displayName: z.string().trim().min(1).max(200),
  password,
});
export const updateUserBodySchema = userScopeBody.extend({ disabled: z.boolean() });

export const userIdentityBodySchema = z.strictObject({
  identity: z
    .strictObject({ issuer: z.url({ message: 'must be the issuer URL' }).max(500), subject: z.string().trim().min(1).max(255) })
    .nullable(),
});

export const setupBodySchema = z.strictObject({
  token: z.string().min(10).max(100),
  email: z.email().max(200),
  displayName: z.string().trim().min(1).max(200),
  password,
});

/** A user account as administrators see it (never the password hash). */
export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  disabled: z.boolean(),
  /** The OpenID Connect identity that signs in as this account. */
  identity: z.object({ issuer: z.string(), subject: z.string() }).nullable(),
  createdAt: z.string(),
});
export const userListSchema = z.array(userSummarySchema);

/** A new account: its id. */
export const createdUserSchema = z.object({ id: z.string() });
