/*
 * The access module's words, shared by its rules and its contracts (access.schemas.ts,
 * admin.schemas.ts, persons.schemas.ts). No imports: the web reads these through the schemas' types.
 */

/** The roles a user can hold. Each module's permissions say which of them grant what. */
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
