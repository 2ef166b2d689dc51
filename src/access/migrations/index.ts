import type { Migration } from 'kysely';
import * as access from './2026-11-24_02_access.ts';
import * as personsAudit from './2026-11-24_03_persons_audit.ts';
import * as oidcLogin from './2026-11-25_20_oidc_login.ts';
import * as recordedScope from './2026-12-01_50_recorded_scope.ts';
import * as keyedAuditChain from './2026-12-01_51_keyed_audit_chain.ts';
import * as auditPending from './2026-12-04_31_audit_pending.ts';

/** The access module's migrations, by name (date-prefixed: names sort in the order they run). */
export const accessMigrations: Record<string, Migration> = {
  '2026-11-24_02_access': access,
  '2026-11-24_03_persons_audit': personsAudit,
  '2026-11-25_20_oidc_login': oidcLogin,
  '2026-12-01_50_recorded_scope': recordedScope,
  '2026-12-01_51_keyed_audit_chain': keyedAuditChain,
  '2026-12-04_31_audit_pending': auditPending,
};
