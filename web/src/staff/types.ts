/** Shapes the staff endpoints return (copied from the server's routes; the web never imports src/). */

export type Change = { from: unknown; to: unknown };

/** GET /api/services/:id/history — newest first. */
export type HistoryEntry = { version: number; action: string; changedBy: string; changedAt: string; changes: Record<string, Change> };

/** GET /api/editor/stale */
export type StaleService = { id: string; name: string; lastVerifiedAt: string | null; updatedAt: string };

/** GET /api/editor/error-reports */
export type ErrorReport = {
  id: string;
  serviceId: string;
  serviceName: string;
  message: string;
  contact: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  createdAt: string;
  /** Set when an editor confirmed the report; only then does the public page show "under review". */
  confirmedBy?: string | null;
  confirmedAt?: string | null;
  handledBy: string | null;
  handledAt: string | null;
  handledNote: string | null;
};

/** GET /api/editor/worklist/contact */
export type ContactWorklistItem = {
  id: string;
  name: string;
  kind: string;
  access: string | null;
  tier: 'crisis' | 'drop_in' | 'other';
  missing: ('phone' | 'address' | 'web' | 'hours')[];
  lastVerifiedAt: string | null;
};

/** GET /api/organizations */
export type Organization = { id: string; name: string };

/** GET /api/auth/providers (OpenID Connect: ID-porten, Entra ID). */
export type Provider = { id: string; name: string };

/** GET /api/admin/users */
export type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  districts: string[];
  units: string[];
  disabled: boolean;
  /** The OpenID Connect identity that signs in as this account. */
  identity: { issuer: string; subject: string } | null;
  createdAt: string;
};

/** GET /api/admin/audit */
export type AuditRow = {
  id: number;
  occurredAt: string;
  actorId: string;
  actorName: string;
  actorRoles: string[];
  actorScope: { districts?: string[]; units?: string[] } | null;
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  purpose: string;
  resourceType: string | null;
  resourceId: string | null;
  personId: string | null;
  ip: string | null;
  detail: unknown;
};

/** GET /api/admin/audit/verify */
export type AuditVerification = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** POST /api/admin/access-report */
export type AccessReport = {
  entries: {
    when: string;
    who: string;
    roles: string[];
    organisationUnit: { districts?: string[]; units?: string[] } | null;
    what: string;
    outcome: string;
    purpose: string;
  }[];
};

/** GET /api/admin/jobs — one background job; times are ISO 8601. */
export type JobRow = {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  attempts: number;
  retryLimit: number;
  lastError: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
  runAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

/** GET /api/admin/jobs — recent jobs (newest first) and the recurring schedules. */
export type JobList = { jobs: JobRow[]; schedules: { name: string; cron: string; timezone: string }[] };

/** The roles the server knows (src/access/permissions.ts ROLES), in the order shown. */
export const ROLES = [
  'district_caseworker',
  'common_intake',
  'institution_staff',
  'hospital_liaison',
  'contract_manager',
  'analyst',
  'catalog_editor',
  'administrator',
] as const;
