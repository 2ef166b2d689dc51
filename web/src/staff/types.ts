/**
 * Shapes the staff endpoints return: the server's own contracts (src/<module>/*.schemas.ts),
 * imported as types only, so nothing of zod or the server reaches the bundle.
 */
import type { z } from 'zod';
import type {
  accessReportSchema,
  auditRowSchema,
  auditVerificationSchema,
  providerSchema,
  userSummarySchema,
} from '../../../src/access/access.schemas.ts';
import type {
  errorReportSchema,
  organizationOptionListSchema,
  serviceHistorySchema,
  staleServiceListSchema,
} from '../../../src/catalog/catalog.schemas.ts';

/** GET /api/services/:id/history — newest first. */
export type HistoryEntry = z.output<typeof serviceHistorySchema>[number];

/** One field's value before and after a change. */
export type Change = HistoryEntry['changes'][string];

/** GET /api/editor/stale */
export type StaleService = z.output<typeof staleServiceListSchema>[number];

/** GET /api/editor/error-reports */
export type ErrorReport = z.output<typeof errorReportSchema>;

/** GET /api/organizations */
export type Organization = z.output<typeof organizationOptionListSchema>[number];

/** GET /api/auth/providers (OpenID Connect: ID-porten, Entra ID). */
export type Provider = z.output<typeof providerSchema>;

/** GET /api/admin/users */
export type UserSummary = z.output<typeof userSummarySchema>;

/** GET /api/admin/audit */
export type AuditRow = z.output<typeof auditRowSchema>;

/** GET /api/admin/audit/verify */
export type AuditVerification = z.output<typeof auditVerificationSchema>;

/** POST /api/admin/access-report */
export type AccessReport = z.output<typeof accessReportSchema>;

/** The roles the server knows, in the order shown. */
export { ROLES } from '../../../src/access/vocabulary.ts';
