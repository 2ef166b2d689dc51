import type { Migration } from 'kysely';
import * as catalog from './2026-11-24_01_catalog.ts';
import * as catalogSortKey from './2026-11-25_10_catalog_sort_key.ts';
import * as searchVectorInline from './2026-11-25_30_search_vector_inline.ts';
import * as serviceArrangement from './2026-12-02_10_service_arrangement.ts';
import * as errorReportConfirmation from './2026-12-02_50_error_report_confirmation.ts';
import * as editorUndoIntake from './2026-12-02_60_editor_undo_intake.ts';
import * as catalogChange from './2026-12-03_60_catalog_change.ts';

/** The catalog's migrations, by name (date-prefixed: names sort in the order they run). */
export const catalogMigrations: Record<string, Migration> = {
  '2026-11-24_01_catalog': catalog,
  '2026-11-25_10_catalog_sort_key': catalogSortKey,
  '2026-11-25_30_search_vector_inline': searchVectorInline,
  '2026-12-02_10_service_arrangement': serviceArrangement,
  '2026-12-02_50_error_report_confirmation': errorReportConfirmation,
  '2026-12-02_60_editor_undo_intake': editorUndoIntake,
  '2026-12-03_60_catalog_change': catalogChange,
};
