import type { Migration } from 'kysely';
import * as platformEvent from './2026-12-01_10_platform_event.ts';
import * as jobs from './2026-12-01_20_jobs.ts';
import * as eventSequence from './2026-12-04_30_event_sequence.ts';

/** The platform's own migrations (jobs, events), by name. */
export const platformMigrations: Record<string, Migration> = {
  '2026-12-01_10_platform_event': platformEvent,
  '2026-12-01_20_jobs': jobs,
  '2026-12-04_30_event_sequence': eventSequence,
};
