import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** One national crisis or help line, kept as data an editor can change. */
export interface CrisisLineTable {
  /** Stable key ("amk-113"): never changes, so links and tests can name a line. */
  key: string;
  name_nb: string;
  name_en: string;
  /** The number as people read it ("22 40 00 40", "116 117"). */
  phone_display: string;
  /** What a `tel:` link dials: E.164 (+4722400040) or a national short number (113, 116117, 08588). */
  phone_tel: string;
  /** Who runs the line. */
  organization: string;
  hours_nb: string;
  hours_en: string;
  is_24_7: boolean;
  audience_nb: string;
  audience_en: string;
  sort_order: number;
  active: boolean;
  /** Where the facts come from (for editors; never shown to the public). */
  source_note: string;
  version: number;
  updated_at: Timestamp;
  updated_by: string;
}

export type CrisisLineChange = { from: unknown; to: unknown };

/** Every version of every line: who changed what, and when (the seed is version 1). */
export interface CrisisLineVersionTable {
  id: Generated<number>;
  line_key: string;
  version: number;
  action: 'seed' | 'create' | 'update';
  changed_by: string;
  changed_at: Timestamp;
  changes: JSONColumnType<Record<string, CrisisLineChange>>;
}

export interface CrisisTables {
  crisis_line: CrisisLineTable;
  crisis_line_version: CrisisLineVersionTable;
}

declare module '../platform/database.ts' {
  /** The crisis module's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends CrisisTables {}
}
