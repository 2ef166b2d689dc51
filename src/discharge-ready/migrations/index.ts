import type { Migration } from 'kysely';
import * as dischargeReady from './2026-12-03_30_discharge_ready.ts';

/** The discharge-ready module's migrations, by name (date-prefixed: names sort in the order they run). */
export const dischargeReadyMigrations: Record<string, Migration> = {
  '2026-12-03_30_discharge_ready': dischargeReady,
};
