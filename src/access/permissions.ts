import type { PermissionSpec, PermissionTable } from '../platform/module.ts';
import { ROLES, type Role } from './vocabulary.ts';

export { ROLES, type Role };

/** A permission as a module declares it: roles are checked against ROLES at compile time. */
export type ModulePermission = PermissionSpec & { roles: readonly Role[] };

/** The access module's own permissions: person data, the audit log, users. */
export const ACCESS_PERMISSIONS = {
  'person:register': {
    description: 'Register a person (national ID, district or unit)',
    roles: ['district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
  'person:read': {
    description: 'Read persons in the own scope (pseudonym, district, unit)',
    roles: ['district_caseworker', 'common_intake', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'person:read_identity': {
    description: "Read a person's national ID",
    roles: ['district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
  'person:read_pseudonymised': {
    description: 'Read the pseudonymised person view for statistics',
    roles: ['analyst'],
    audit: { refusals: true, uses: true },
  },
  'person:access_report': {
    description: 'Make the "who has looked at my data" report for a person',
    roles: ['administrator'],
    audit: { refusals: true, uses: true },
  },
  'audit:read': {
    description: 'Read, export and verify the audit log',
    roles: ['administrator'],
    audit: { refusals: true, uses: true },
  },
  'users:manage': {
    description: 'Create accounts, change roles, scopes and linked identities',
    roles: ['administrator'],
    audit: { refusals: true, uses: false },
  },
} as const satisfies Record<string, ModulePermission>;

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
export function permissionMatrixMarkdown(table: PermissionTable): string {
  const header = `| permission | what it allows | ${ROLES.join(' | ')} | audited |`;
  const rule = `|---|---|${ROLES.map(() => ':---:').join('|')}|---|`;
  const rows = [...table.specs].map(([p, spec]) => {
    const audited = [spec.audit.refusals ? 'refusals' : '', spec.audit.uses ? 'uses' : ''].filter(Boolean).join(', ') || '—';
    return `| \`${p}\` | ${spec.description} | ${ROLES.map((r) => (table.can([r], p) ? '✓' : '')).join(' | ')} | ${audited} |`;
  });
  return [header, rule, ...rows].join('\n');
}
