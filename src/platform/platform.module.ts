import type { ModulePermission } from '../access/permissions.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { platformMigrations } from './migrations/index.ts';
import type { VeiviserModule } from './module.ts';

/** The platform's own permissions. */
export const PLATFORM_PERMISSIONS = {
  'jobs:read': {
    description: 'See background jobs: recent runs, their state and errors, and the schedules',
    roles: ['administrator'],
    audit: { refusals: true, uses: false },
  },
} as const satisfies Record<string, ModulePermission>;

/** What every module stands on and an administrator looks after: background jobs (and their tables). */
export const platformModule: VeiviserModule = {
  name: 'platform',
  migrations: platformMigrations,
  permissions: PLATFORM_PERMISSIONS,
  tags: [],
  routes: async (app, { jobs }) => {
    await app.register(jobRoutes, { jobs });
  },
};
