import type { VeiviserModule } from '../platform/module.ts';
import { intakeMigrations } from './migrations/index.ts';

/** One door in: units and their places, blocks, holds and stays, and the live capacity they add up to. */
export const intakeModule: VeiviserModule = {
  name: 'intake',
  migrations: intakeMigrations,
  permissions: {},
  tags: [{ name: 'intake', description: 'Common intake: units, places, holds, stays and live capacity (staff)' }],
  routes: async () => {},
};
