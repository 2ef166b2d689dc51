/** Contracts of administration (/api/admin/*, /api/setup): audit log, access report, users, first setup. */
import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { isoDateOrDateTime, issuerUrl, plainInt, safeString, safeText } from '../platform/input.ts';
import { AUDIT_OUTCOMES, ROLES } from './vocabulary.ts';

export type { Role } from './vocabulary.ts';

const password = safeString(200).min(12, 'must be at least 12 characters');

/** The scope an audit row recorded for its actor (kept as written: unknown keys pass through). */
const actorScopeSchema = z.looseObject({ districts: z.array(z.string()).optional(), units: z.array(z.string()).optional() });

/** GET /api/admin/audit: filters; format=csv exports. */
export const auditQuerySchema = z.strictObject({
  from: isoDateOrDateTime().optional(),
  to: isoDateOrDateTime().optional(),
  actorId: safeText(100).optional(),
  personId: z.uuid().optional(),
  action: safeText(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  limit: plainInt(1, 10000).default(500),
  format: z.enum(['json', 'csv']).default('json'),
});

/** One audit row as administrators see it (the user agent and the chain's hashes stay in the database). */
export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.iso.datetime(),
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
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditEventListSchema = z.array(auditEventSchema);

/** GET /api/admin/audit/verify: the recomputed chain, checked against the signed checkpoints. */
export const auditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    rows: z.number().int(),
    /** Rows written before the chain was keyed, verified as an unkeyed prefix. */
    legacyRows: z.number().int(),
    /** The newest checkpoint the chain matched; null when there is none. */
    checkpoint: z.object({ source: z.string(), writtenAt: z.string(), rows: z.number().int(), lastId: z.number().int() }).nullable(),
    /** Rows after the newest checkpoint: deleting these from the end would not be noticed yet. */
    rowsAfterCheckpoint: z.number().int(),
    /** Things an operator should know that do not break the chain. */
    warnings: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), rows: z.number().int(), brokenAt: z.number().int(), reason: z.string() }),
]);
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** POST /api/admin/access-report */
export const accessReportBodySchema = z.strictObject({
  nationalId: z
    .string()
    .trim()
    .regex(/^\d{11}$/, 'must be 11 digits'),
});

/** "Who has looked at my data": every recorded access to one person's data, oldest first. */
export const accessReportSchema = z.object({
  entries: z.array(
    z.object({
      when: z.iso.datetime(),
      who: z.string(),
      roles: z.array(z.string()),
      organisationUnit: actorScopeSchema,
      what: z.string(),
      outcome: z.enum(AUDIT_OUTCOMES),
      purpose: z.string(),
    }),
  ),
});
export type AccessReport = z.infer<typeof accessReportSchema>;

/** The identity at an OpenID Connect provider that signs in as an account. */
export const linkedIdentitySchema = z.object({ issuer: z.string(), subject: z.string() });

/** A user account as administrators see it: never its password hash or lockout counters. */
export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  disabled: z.boolean(),
  identity: linkedIdentitySchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;
export const userListSchema = z.array(userSummarySchema);

const userAccessSchema = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  districts: z.array(z.enum(DISTRICT_SLUGS)).max(15).default([]),
  units: z.array(safeText(100).min(1)).max(50).default([]),
});

/** POST /api/admin/users: a local account. */
export const createUserBodySchema = userAccessSchema.extend({ email: z.email().max(200), displayName: safeText(200).min(1), password });

/** PUT /api/admin/users/:id */
export const updateUserBodySchema = userAccessSchema.extend({ disabled: z.boolean() });

export const userParamsSchema = z.object({ id: z.uuid() });

/** PUT /api/admin/users/:id/identity: link (issuer and subject, as a refused sign-in's audit row shows them) or unlink with null. */
export const userIdentityBodySchema = z.strictObject({
  identity: z.strictObject({ issuer: issuerUrl(), subject: safeText(255).min(1) }).nullable(),
});

/** POST /api/setup: the first administrator, with the one-time setup token. */
export const setupBodySchema = z.strictObject({
  token: safeString(100).min(10),
  email: z.email().max(200),
  displayName: safeText(200).min(1),
  password,
});

/** The answer of creating an account: its id. */
export const createdUserSchema = z.object({ id: z.string() });
