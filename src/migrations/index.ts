import type { Migration } from 'kysely';
import * as catalog from './2026-11-24_01_catalog.ts';
import * as access from './2026-11-24_02_access.ts';

/** Every migration, by name; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '2026-11-24_01_catalog': catalog,
  '2026-11-24_02_access': access,
};
