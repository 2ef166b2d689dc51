import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

/** A hospital's notice that a patient is discharge-ready, and the district's latest answer. */
export interface DischargeReadyTable {
  id: string;
  kommune: Generated<string>;
  person_id: string;
  district: string;
  hospital: string;
  ward: string;
  ready_at: Timestamp;
  notified_at: Timestamp;
  needs: string;
  source: 'json' | 'fhir';
  external_id: string | null;
  discharge_summary_received_at: NullableTimestamp;
  can_receive: boolean | null;
  receive_on: NullableDate;
  answer_reason: string | null;
  answered_at: NullableTimestamp;
  answered_by: string | null;
  payment_starts_at: Timestamp;
  payment_alert_due_at: Timestamp;
  created_by: string;
  created_at: Generated<Date>;
}

export type DischargeReadyEventKind = 'notified' | 'summary_received' | 'answered' | 'payment_alert';

/** One entry of a notification's evidence trail (append-only). */
export interface DischargeReadyEventTable {
  /** bigserial, read as a number (the app's int8 parser). */
  id: Generated<number>;
  notification_id: string;
  district: string;
  kind: DischargeReadyEventKind;
  occurred_at: Timestamp;
  recorded_at: Generated<Date>;
  actor_id: string;
  actor_name: string;
  detail: JSONColumnType<Record<string, unknown>>;
}

/** The one "payment starts soon" alert of a notification. */
export interface DischargeReadyAlertTable {
  notification_id: string;
  district: string;
  payment_starts_at: Timestamp;
  created_at: Generated<Date>;
}

export interface DischargeReadyTables {
  discharge_ready: DischargeReadyTable;
  discharge_ready_event: DischargeReadyEventTable;
  discharge_ready_alert: DischargeReadyAlertTable;
}

declare module '../platform/database.ts' {
  /** The discharge-ready module's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends DischargeReadyTables {}
}
