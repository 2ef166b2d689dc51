import type { Migration } from 'kysely';
import * as crisisLines from './2026-12-02_30_crisis_lines.ts';
import * as crisisLinesSeed from './2026-12-02_31_crisis_lines_seed.ts';

/** The crisis module's migrations, by name (date-prefixed: names sort in the order they run). */
export const crisisMigrations: Record<string, Migration> = {
  '2026-12-02_30_crisis_lines': crisisLines,
  '2026-12-02_31_crisis_lines_seed': crisisLinesSeed,
};
