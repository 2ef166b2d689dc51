/*
 * Shapes the staff endpoints return. Where the server has a contract (a module's *.schemas.ts in src/),
 * the type comes from it, imported as a type only (erased from the bundle; .dependency-cruiser.cjs allows
 * nothing else from src/).
 */
import type { AccessReport, AuditEvent, AuditVerification, Role, UserSummary } from '../../../src/access/admin.schemas.ts';
import type { IntakeStatusHistory } from '../../../src/catalog/service-editing.schemas.ts';
import type { Job, JobList } from '../../../src/platform/jobs/jobs.schemas.ts';
import type { Capacity, CapacityUnit } from '../../../src/intake/intake.schemas.ts';

export type { AccessReport, AuditVerification, JobList, UserSummary };
export type { Provider } from '../../../src/access/access.schemas.ts';
export type {
  ErrorReport,
  HistoryEntry,
  OrganizationName as Organization,
  StaleService,
} from '../../../src/catalog/catalog-responses.schemas.ts';
import type { contactWorklistSchema } from '../../../src/catalog/catalog.schemas.ts';
import type { z } from 'zod';

/** GET /api/editor/worklist/contact: one entry. */
export type ContactWorklistItem = z.infer<typeof contactWorklistSchema>[number];

/** GET /api/services/:id/intake-status/history: newest first. */
export type IntakeHistoryEntry = IntakeStatusHistory[number];

/** GET /api/admin/audit: one row. */
export type AuditRow = AuditEvent;

/** GET /api/admin/jobs: one background job; times are ISO 8601. */
export type JobRow = Job;

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
