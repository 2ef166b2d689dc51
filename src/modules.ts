import { accessModule } from './access/access.module.ts';
import { capacityHistoryModule } from './capacity-history/capacity-history.module.ts';
import { catalogModule } from './catalog/catalog.module.ts';
import { crisisModule } from './crisis/crisis.module.ts';
import { dischargeReadyModule } from './discharge-ready/discharge-ready.module.ts';
import { intakeModule } from './intake/intake.module.ts';
import { composeMigrations, PermissionTable, type VeiviserModule } from './platform/module.ts';
import { platformModule } from './platform/platform.module.ts';
import { statsModule } from './stats/stats.module.ts';

/**
 * Every module of the application, in the order their routes register. Adding a module means
 * writing its folder (with a `*.module.ts`) and adding it here; nothing else lists modules.
 */
export const MODULES: readonly VeiviserModule[] = [
  platformModule,
  accessModule,
  catalogModule,
  crisisModule,
  intakeModule,
  dischargeReadyModule,
  capacityHistoryModule,
  statsModule,
];

/** Every module's migrations, by name. */
export const allMigrations = () => composeMigrations(MODULES);

/** The role × permission table of every module. */
export const permissionTable = () => new PermissionTable(MODULES);
