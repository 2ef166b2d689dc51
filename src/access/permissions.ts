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
  'person:register': ['district_caseworker', 'common_intake'],
  'person:read': ['district_caseworker', 'common_intake', 'institution_staff'],
  'person:read_identity': ['district_caseworker', 'common_intake'],
  'person:read_pseudonymised': ['analyst'],
  'person:access_report': ['administrator'],
  'audit:read': ['administrator'],
  'catalog:set_intake_status': ['catalog_editor', 'administrator', 'common_intake', 'institution_staff'],
  'users:manage': ['administrator'],
  'jobs:read': ['administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** How a route is reached: by anyone, by any signed-in user, or with a permission. */
export type RouteAccess = 'public' | 'authenticated' | Permission;

/** True when any of the roles grants the permission. */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The person-data scope of a set of roles: city-wide, or limited to districts and units. */
export function personScope(actor: { roles: readonly string[]; districts: readonly string[]; units: readonly string[] }) {
  const cityWide = actor.roles.includes('common_intake');
  return {
    cityWide,
    districts: actor.roles.includes('district_caseworker') ? [...actor.districts] : [],
    units: actor.roles.includes('institution_staff') ? [...actor.units] : [],
  };
}

/** The role × permission matrix as a Markdown table; docs/security.md carries exactly this. */
export function permissionMatrixMarkdown(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':---:').join('|')}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map((p) => `| \`${p}\` | ${ROLES.map((r) => (can([r], p) ? '✓' : '')).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
