import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

/** One job of the embedded queue (on a server, pg-boss keeps its own tables). */
export interface JobTable {
  id: string;
  name: string;
  payload: Json;
  state: ColumnType<JobRowState, JobRowState | undefined, JobRowState>;
  policy: ColumnType<'standard' | 'short', 'standard' | 'short' | undefined, 'standard' | 'short'>;
  singleton_key: string | null;
  attempts: Generated<number>;
  retry_limit: number;
  retry_delay_seconds: number;
  retry_backoff: boolean;
  expire_in_seconds: number;
  run_at: Timestamp;
  last_error: string | null;
  output: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  started_at: Date | null;
  completed_at: Date | null;
}

export type JobRowState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** A recurring job of the embedded queue and the last cron tick it was enqueued for. */
export interface JobScheduleTable {
  name: string;
  cron: string;
  timezone: string;
  payload: Json;
  last_tick: Date;
  updated_at: Timestamp;
}

export interface JobTables {
  job: JobTable;
  job_schedule: JobScheduleTable;
}

declare module '../database.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the job tables into Database
  interface Database extends JobTables {}
}
