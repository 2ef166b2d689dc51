import type { Migration } from 'kysely';
import * as access from './2026-11-24_02_access.ts';
import * as personsAudit from './2026-11-24_03_persons_audit.ts';
import * as oidcLogin from './2026-11-25_20_oidc_login.ts';

/** The access module's migrations, by name (date-prefixed: names sort in the order they run). */
export const accessMigrations: Record<string, Migration> = {
  '2026-11-24_02_access': access,
  '2026-11-24_03_persons_audit': personsAudit,
  '2026-11-25_20_oidc_login': oidcLogin,
};
