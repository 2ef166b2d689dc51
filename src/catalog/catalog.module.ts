import { pruneCatalogChanges } from './search-index.repository.ts';
import type { ModulePermission } from '../access/permissions.ts';
import { publicOrigin } from '../platform/config.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { catalogChangeRoutes } from './catalog-changes.routes.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { hsdsRoutes } from './hsds.routes.ts';
import { catalogMigrations } from './migrations/index.ts';

/** The catalog's permissions; everything else in the catalog is public. */
export const CATALOG_PERMISSIONS = {
  'catalog:edit': {
    description: 'Create, edit, verify and close catalog entries; handle error reports',
    roles: ['catalog_editor', 'administrator'],
    audit: { refusals: false, uses: false },
  },
  'catalog:set_intake_status': {
    description: 'Set whether a service takes new people (accepting, waiting list, full)',
    roles: ['catalog_editor', 'administrator', 'common_intake', 'institution_staff'],
    audit: { refusals: false, uses: false },
  },
} as const satisfies Record<string, ModulePermission>;

/** Services, organisations, locations, schedules and taxonomy; search; HSDS 3.0; the gap matrix. */
/** How long the change log keeps which service a revision changed (instances follow it within seconds). */
const CATALOG_CHANGE_RETENTION_MS = 7 * 24 * 3600 * 1000;

export const catalogModule: VeiviserModule = {
  name: 'catalog',
  migrations: catalogMigrations,
  permissions: CATALOG_PERMISSIONS,
  pruners: [
    {
      // An instance further behind than this reloads the whole catalog (a gap in the log), so old rows are not needed.
      name: 'catalog change log',
      prune: async (trx, now) =>
        (await pruneCatalogChanges(trx, { before: new Date(now.getTime() - CATALOG_CHANGE_RETENTION_MS) })).deleted,
    },
  ],
  tags: [
    { name: 'catalog', description: 'Public catalog' },
    { name: 'editor', description: 'Catalog editing (signed-in editors)' },
    { name: 'hsds', description: 'Open Referral HSDS 3.0' },
  ],
  routes: async (app, { db, config }) => {
    await app.register(catalogRoutes, { db });
    await app.register(catalogChangeRoutes, { db });
    await app.register(hsdsRoutes, { db, publicOrigin: publicOrigin(config) });
  },
};
