/*
 * Shapes the staff endpoints return. Where the server has a contract (a module's *.schemas.ts in src/),
 * the type comes from it, imported as a type only (erased from the bundle; .dependency-cruiser.cjs allows
 * nothing else from src/). The rest are still copied here until their routes get schemas.
 */
import type { AccessReport, AuditEvent, AuditVerification, Role, UserSummary } from '../../../src/access/admin.schemas.ts';
import type { Job, JobList } from '../../../src/platform/jobs/jobs.schemas.ts';
import type { Capacity, CapacityUnit } from '../../../src/intake/intake.schemas.ts';

export type { AccessReport, AuditVerification, JobList, UserSummary };
export type { Provider } from '../../../src/access/access.schemas.ts';

/** GET /api/admin/audit: one row. */
export type AuditRow = AuditEvent;

/** GET /api/admin/jobs: one background job; times are ISO 8601. */
export type JobRow = Job;

export type Change = { from: unknown; to: unknown };

/** GET /api/services/:id/history — newest first. */
export type HistoryEntry = { version: number; action: string; changedBy: string; changedAt: string; changes: Record<string, Change> };

/** GET /api/editor/stale — crisis and drop-in services first, then by name (Norwegian order). */
export type StaleService = {
  id: string;
  name: string;
  priority: 'crisis' | 'drop_in' | null;
  lastVerifiedAt: string | null;
  updatedAt: string;
};

/** GET /api/services/:id/intake-status/history — newest first. */
export type IntakeHistoryEntry = { intakeStatus: 'accepting' | 'waiting_list' | 'full' | null; changedBy: string; changedAt: string };

/** GET /api/editor/error-reports */
export type ErrorReport = {
  id: string;
  serviceId: string;
  serviceName: string;
  message: string;
  contact: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  createdAt: string;
  handledBy: string | null;
  handledAt: string | null;
  handledNote: string | null;
};

/** GET /api/organizations */
export type Organization = { id: string; name: string };

/** The roles the server knows (src/access/vocabulary.ts ROLES), in the order shown; the compiler holds the two lists equal. */
export const ROLES = [
  'district_caseworker',
  'common_intake',
  'institution_staff',
  'hospital_liaison',
  'contract_manager',
  'analyst',
  'catalog_editor',
  'administrator',
] as const satisfies readonly Role[];

// Fails to compile when the server knows a role this list lacks.
export const EVERY_ROLE_LISTED: [Exclude<Role, (typeof ROLES)[number]>] extends [never] ? true : never = true;

export type { Capacity, CapacityUnit };
