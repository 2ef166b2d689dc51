/**
 * The access module's fixed lists: the roles a user can hold and the purposes person data is
 * touched for. No imports, so the schemas (access.schemas.ts) and the web share these values
 * without pulling in zod or server code.
 */

/** The roles a user can hold, in the order the web shows them. Each module's permissions say which grant what. */
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

export type Role = (typeof ROLES)[number];

/** Why person data was touched; every audit row names one. */
export const PURPOSES = ['case_handling', 'intake', 'registration', 'statistics', 'audit', 'access_report', 'authentication'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** How an audited action ended. */
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
