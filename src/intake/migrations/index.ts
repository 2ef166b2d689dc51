import type { Migration } from 'kysely';
import * as units from './2026-12-02_80_intake_units.ts';
import * as unitsSeed from './2026-12-02_81_intake_units_seed.ts';
import * as places from './2026-12-02_82_intake_places.ts';
import * as requests from './2026-12-03_10_intake_requests.ts';
import * as bar from './2026-12-03_20_intake_bar.ts';
import * as incidentsTasks from './2026-12-03_21_intake_incidents_tasks.ts';
import * as barGuard from './2026-12-03_22_intake_bar_guard.ts';
import * as userControlled from './2026-12-03_23_intake_user_controlled.ts';
import * as qualityOfLife from './2026-12-03_24_intake_quality_of_life.ts';
import * as rowLevelSecurity from './2026-12-04_20_intake_row_level_security.ts';
import * as taskRequest from './2026-12-04_21_intake_task_request.ts';
import * as placesHistory from './2026-12-04_22_intake_places_history.ts';
import * as ownerNames from './2026-12-07_10_intake_owner_names.ts';

/** The intake module's migrations, by name (date-prefixed: names sort in the order they run). */
export const intakeMigrations: Record<string, Migration> = {
  '2026-12-02_80_intake_units': units,
  '2026-12-02_81_intake_units_seed': unitsSeed,
  '2026-12-02_82_intake_places': places,
  '2026-12-03_10_intake_requests': requests,
  '2026-12-03_20_intake_bar': bar,
  '2026-12-03_21_intake_incidents_tasks': incidentsTasks,
  '2026-12-03_22_intake_bar_guard': barGuard,
  '2026-12-03_23_intake_user_controlled': userControlled,
  '2026-12-03_24_intake_quality_of_life': qualityOfLife,
  '2026-12-04_20_intake_row_level_security': rowLevelSecurity,
  '2026-12-04_21_intake_task_request': taskRequest,
  '2026-12-04_22_intake_places_history': placesHistory,
  '2026-12-07_10_intake_owner_names': ownerNames,
};
