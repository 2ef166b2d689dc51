import type { ColumnType, Generated } from 'kysely';
import type { IncidentKind, QualityOfLifeSetting, TaskOutcome, TaskOwnerTeam, UserControlledOutcome } from './transitions-vocabulary.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = ColumnType<string, string, string>;

/** A person barred from a unit, from_date through until_date (Oslo days, both included). */
export interface IntakeBarTable {
  id: Generated<string>;
  person_id: string;
  unit_id: string;
  from_date: DateColumn;
  until_date: DateColumn;
  reason: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** The violence or threats behind an immediate discharge (one per stay). */
export interface IntakeIncidentTable {
  id: string;
  stay_id: string;
  person_id: string;
  unit_id: string;
  kind: IncidentKind;
  description: string;
  occurred_at: Timestamp;
  created_by: string;
  created_at: Generated<Date>;
}

/** Finding the person another place after an immediate discharge; always owned by a team or a user. */
export interface IntakeReplacementTaskTable {
  id: string;
  person_id: string;
  incident_id: string;
  from_stay_id: string;
  from_unit_id: string;
  /** The request whose decision stands (it went back to the waiting list); null when the stay came from none. */
  request_id: ColumnType<string | null, string | null | undefined, string | null>;
  owner_team: TaskOwnerTeam | null;
  owner_user_id: string | null;
  deadline: Timestamp;
  status: Generated<'open' | 'closed'>;
  outcome: TaskOutcome | null;
  outcome_note: string | null;
  closed_at: Timestamp | null;
  closed_by: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A user-controlled place: the limits a former resident may ask for short stays within. */
export interface IntakeUserControlledAgreementTable {
  id: string;
  person_id: string;
  unit_id: string;
  nights_per_stay: number;
  stays_per_period: number;
  period_days: number;
  valid_from: DateColumn;
  valid_to: DateColumn;
  note: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

/** One request for a stay under an agreement, and what came of it. */
export interface IntakeUserControlledStayRequestTable {
  id: string;
  agreement_id: string;
  person_id: string;
  unit_id: string;
  from_date: DateColumn;
  to_date: DateColumn;
  outcome: UserControlledOutcome;
  hold_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

/** One answer to the quality-of-life question (or a declined one). */
export interface IntakeQualityOfLifeTable {
  id: string;
  person_id: string;
  answered_on: DateColumn;
  setting: QualityOfLifeSetting;
  district: string | null;
  unit_id: string | null;
  score: number | null;
  declined: boolean;
  created_by: string;
  created_at: Generated<Date>;
}

export interface TransitionsTables {
  intake_bar: IntakeBarTable;
  intake_incident: IntakeIncidentTable;
  intake_replacement_task: IntakeReplacementTaskTable;
  intake_user_controlled_agreement: IntakeUserControlledAgreementTable;
  intake_user_controlled_stay_request: IntakeUserControlledStayRequestTable;
  intake_quality_of_life: IntakeQualityOfLifeTable;
}

declare module '../platform/database.ts' {
  /** Transitions' tables join the one Database type (declaration merging). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the tables into Database
  interface Database extends TransitionsTables {}
}
