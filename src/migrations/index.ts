import type { Migration } from 'kysely';
import * as catalog from './2026-11-24_01_catalog.ts';
import * as access from './2026-11-24_02_access.ts';
import * as personsAudit from './2026-11-24_03_persons_audit.ts';
import * as catalogSortKey from './2026-11-25_10_catalog_sort_key.ts';
import * as oidcLogin from './2026-11-25_20_oidc_login.ts';
import * as searchVectorInline from './2026-11-25_30_search_vector_inline.ts';
import * as platformEvent from './2026-12-01_10_platform_event.ts';

/** Every migration, by name; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '2026-11-24_01_catalog': catalog,
  '2026-11-24_02_access': access,
  '2026-11-24_03_persons_audit': personsAudit,
  '2026-11-25_10_catalog_sort_key': catalogSortKey,
  '2026-11-25_20_oidc_login': oidcLogin,
  '2026-11-25_30_search_vector_inline': searchVectorInline,
  '2026-12-01_10_platform_event': platformEvent,
};
