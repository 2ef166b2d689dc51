import type { Migration } from 'kysely';
import * as imports from './2026-12-03_40_stats_imports.ts';
import * as releases from './2026-12-04_40_stats_releases.ts';
import * as reports from './2026-12-04_50_stats_report.ts';

/** The stats module's migrations, by name (date-prefixed: names sort in the order they run). */
export const statsMigrations: Record<string, Migration> = {
  '2026-12-03_40_stats_imports': imports,
  '2026-12-04_40_stats_releases': releases,
  '2026-12-04_50_stats_report': reports,
};
