/**
 * Roles and what each may do: the one table of permissions in the code. docs/security.md shows
 * the same matrix; a test keeps the two in step.
 */
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

export const PERMISSIONS = {
  'catalog:edit': ['catalog_editor', 'administrator'],
  'catalog:review': ['catalog_editor', 'administrator'],
  'catalog:set_intake_status': ['catalog_editor', 'administrator', 'common_intake', 'institution_staff'],
  'users:manage': ['administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when any of the roles grants the permission. */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
