import type { ModulePermission } from '../access/permissions.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { crisisRoutes } from './crisis.routes.ts';
import { crisisMigrations } from './migrations/index.ts';

/** The crisis module's permission; the list of lines itself is public. */
export const CRISIS_PERMISSIONS = {
  'crisis:edit': {
    description: 'Change the national crisis and help lines shown on every public page (each change is versioned and audited)',
    roles: ['catalog_editor', 'administrator'],
    audit: { refusals: true, uses: false },
  },
} as const satisfies Record<string, ModulePermission>;

/** The crisis and help lines on every public page, kept as data editors change. */
export const crisisModule: VeiviserModule = {
  name: 'crisis',
  migrations: crisisMigrations,
  permissions: CRISIS_PERMISSIONS,
  tags: [{ name: 'crisis', description: 'Crisis and help lines (public list; editors change them)' }],
  routes: async (app, { db }) => {
    await app.register(crisisRoutes, { db });
  },
};
