import type { Migration } from 'kysely';
import * as jobs from './2026-12-01_20_jobs.ts';

/** The platform's own migrations (jobs, events), by name. */
export const platformMigrations: Record<string, Migration> = {
  '2026-12-01_20_jobs': jobs,
};
