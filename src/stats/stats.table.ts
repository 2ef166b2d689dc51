import type { ColumnType, JSONColumnType } from 'kysely';
import type { PublishedLinkage, ReleaseAudit, ReleaseSettings } from './release.ts';
import type { IndicatorTable } from './compute.ts';
import type { Ledger } from './disclosure/types.ts';
import type { ImportProvenance, IndicatorDefinition } from './stats.schemas.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read as 'YYYY-MM-DD' text (the migration's column type), written as text. */
type DateText = ColumnType<string, string, string>;
/** `numeric`: written as text, so a published 0.87 is never a binary float on the way in; read as text or number. */
type Numeric = ColumnType<string | number | null, string | number | null, string | number | null>;
/** A `bigint` key: the pg driver reads int8 as text, PGlite as a number. */
type BigInt8 = ColumnType<string | number, never, never>;
type BigInt8Ref = ColumnType<string | number, number, number>;

/** One import of one aggregate table: where it came from and what it covers (all or nothing). */
export interface StatsImportTable {
  id: BigInt8;
  /** The declared layout the file was validated against (src/stats/layouts.ts). */
  layout_id: string;
  /** The system the figures were extracted from ("RS2025 (PDF), Velferdsetaten", "Gerica"). */
  source_system: string;
  /** The published source the figures cite ("RS2025 kap. 3"). */
  source: string;
  extraction_date: DateText;
  /** The first and last period the import holds (period ids sort as text: years, dates). */
  period_from: string | null;
  period_to: string | null;
  file_name: string;
  file_sha256: string;
  /** How the bytes were read: utf-8, or windows-1252 when the importer declared it. */
  encoding: string;
  row_count: number;
  observation_count: number;
  /** True for the default dataset of a fresh install (seed/stats). */
  seed: boolean;
  imported_by: string;
  imported_at: Timestamp;
}

/**
 * One published cell. `value` is null when the source suppressed the cell (`status =
 * 'suppressed_at_source'`), left it empty (`missing`, with `missing_reason`) or gives text
 * (`text`: a range or a category, in `value_text`). A true zero is `value = 0, status = 'value'`.
 */
export interface StatsObservationTable {
  id: BigInt8;
  import_id: BigInt8Ref;
  /** `<layout>.<measure>` (stable: indicators in src/stats/catalogue.ts name these). */
  measure: string;
  /** A district slug, `oslo` (the city total), `districts_total` or an entity key. */
  area: string;
  /** The area's label as the source prints it ("St. Hanshaugen", "Totalt Oslo", "Velferdsetaten"). */
  area_label: string;
  period: string;
  /** Distinguishes two statements of the same cell (the narrative's source sections); '' for tables. */
  variant: string;
  value: Numeric;
  status: 'value' | 'suppressed_at_source' | 'missing' | 'text';
  value_text: string | null;
  missing_reason: string | null;
  note: string | null;
  /** The row of the file (1 = the header), so a finding can point at it. */
  row_number: number;
}

/** One release: an immutable snapshot of everything published (migration 2026-12-04_40; the database refuses changes). */
export interface StatsReleaseTable {
  id: BigInt8;
  created_at: Timestamp;
  created_by: string;
  /** `git:<commit>` when the code runs from a checkout, else `veiviser@<package version>`. */
  code_version: string;
  /** The catalogue's definitions and the inputs, hashed: an unchanged repeat of a release is recognised. */
  catalogue_sha256: string;
  inputs_sha256: string;
  previous_id: BigInt8Ref | null;
  settings: JSONColumnType<ReleaseSettings>;
  /** The one suppression ledger of the release (keys: `<measure>#<area>|<period>`). */
  ledger: JSONColumnType<Ledger>;
  audit: JSONColumnType<ReleaseAudit>;
  /** The provenance of every import the inputs come from, as it was when the release was made. */
  imports: JSONColumnType<ImportProvenance[]>;
  /** Unique persons and overlaps across the person-level sources, per year, as published (suppressed by the ledger). */
  linkage: JSONColumnType<PublishedLinkage[]>;
  indicator_count: number;
  cell_count: number;
  suppressed_count: number;
  input_count: number;
  duration_ms: number;
}

/** An indicator as a release published it: its definition and its table after disclosure control. */
export interface StatsReleaseIndicatorTable {
  release_id: BigInt8Ref;
  indicator_id: string;
  definition: JSONColumnType<IndicatorDefinition>;
  published: JSONColumnType<IndicatorTable>;
  protected_tables: JSONColumnType<string[]>;
}

/** An imported cell a release was computed from, copied (a later import does not change the release). */
export interface StatsReleaseInputTable {
  release_id: BigInt8Ref;
  /** Null for a cell aggregated from Veiviser's live data (layout intake_live). */
  import_id: ColumnType<string | number | null, number | null, number | null>;
  measure: string;
  area: string;
  area_label: string;
  period: string;
  variant: string;
  value: Numeric;
  status: StatsObservationTable['status'];
  value_text: string | null;
  missing_reason: string | null;
  note: string | null;
  row_number: number;
}

export interface StatsTables {
  stats_import: StatsImportTable;
  stats_observation: StatsObservationTable;
  stats_release: StatsReleaseTable;
  stats_release_indicator: StatsReleaseIndicatorTable;
  stats_release_input: StatsReleaseInputTable;
}

declare module '../platform/database.ts' {
  /** The stats module's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends StatsTables {}
}
