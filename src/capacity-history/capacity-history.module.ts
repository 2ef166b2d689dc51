import type { VeiviserModule } from '../platform/module.ts';
import { capacityHistoryRoutes } from './capacity-history.routes.ts';

/**
 * Occupancy history per unit and day (issue 10, item 8). Computed from the intake module's stays,
 * holds and blocks, which keep their times, so it has no tables or jobs of its own; it uses the
 * intake module's `intake:read_capacity` (counts, no person data).
 */
export const capacityHistoryModule: VeiviserModule = {
  name: 'capacity-history',
  migrations: {},
  permissions: {},
  tags: [],
  routes: async (app, { db }) => {
    await app.register(capacityHistoryRoutes, { db });
  },
};
