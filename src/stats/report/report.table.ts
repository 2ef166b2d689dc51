import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** One build of the statistics report from one release, in one language, with its progress. */
export interface StatsReportTable {
  id: string;
  release_id: string;
  lang: 'nb' | 'en';
  state: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'running' | 'done' | 'failed'>;
  /** Progress: `step` of `steps` done, and what is being done now. */
  step: ColumnType<number, number | undefined, number>;
  steps: ColumnType<number, number | undefined, number>;
  step_label: ColumnType<string, string | undefined, string>;
  html: string | null;
  pdf: Uint8Array | null;
  error: string | null;
  duration_ms: number | null;
  requested_by: string;
  created_at: ColumnType<Date, never, never>;
  finished_at: Timestamp | null;
}

export interface ReportTables {
  stats_report: StatsReportTable;
}

declare module '../../platform/database.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends ReportTables {}
}
