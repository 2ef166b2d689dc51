import type { Migration } from 'kysely';
import * as units from './2026-12-02_80_intake_units.ts';
import * as unitsSeed from './2026-12-02_81_intake_units_seed.ts';
import * as places from './2026-12-02_82_intake_places.ts';
import * as requests from './2026-12-03_10_intake_requests.ts';

/** The intake module's migrations, by name (date-prefixed: names sort in the order they run). */
export const intakeMigrations: Record<string, Migration> = {
  '2026-12-02_80_intake_units': units,
  '2026-12-02_81_intake_units_seed': unitsSeed,
  '2026-12-02_82_intake_places': places,
  '2026-12-03_10_intake_requests': requests,
};
