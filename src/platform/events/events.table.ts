import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export interface PlatformEventTable {
  id: Generated<number>;
  /** The event's position (commit order), given after commit by veiviser_sequence_events(); null until then. */
  seq: ColumnType<number | null, never, never>;
  topic: string;
  payload: JSONColumnType<Record<string, unknown>>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The platform's own tables, composed into the Database type. */
export interface EventTables {
  platform_event: PlatformEventTable;
}

declare module '../database.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the event table into Database
  interface Database extends EventTables {}
}
