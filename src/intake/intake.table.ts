import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type {
  DischargeDestination,
  PersonGender,
  RequestStatus,
  SubstanceNeed,
  SubstancePolicy,
  UnitCategory,
  UnitGender,
  UnitGranularity,
  UnitOperator,
  Urgency,
} from './vocabulary.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateColumn = ColumnType<string, string | undefined, string>;

/** A unit people are placed in: a named institution, or a category's places where the source has no split. */
export interface IntakeUnitTable {
  id: string;
  kommune: Generated<string>;
  name: string;
  granularity: UnitGranularity;
  operator: UnitOperator | null;
  category: UnitCategory | null;
  substance_policy: SubstancePolicy | null;
  gender: UnitGender | null;
  somatic_care: boolean | null;
  normed_stay_days: number | null;
  places: number;
  places_as_of: string;
  source: string;
  source_quote: string;
  note: string | null;
  open: Generated<boolean>;
  closed_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The district the unit lies in; null: not known (matching treats it as city-wide). */
  district: ColumnType<string | null, string | null | undefined, string | null>;
  /** The ages the unit takes in; null: the source states no limit. */
  min_age: ColumnType<number | null, number | null | undefined, number | null>;
  max_age: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A unit's link to a catalog entry (by the catalog's seed key). */
export interface IntakeUnitServiceTable {
  unit_id: string;
  service_key: string;
}

/** A unit's places from a time on (written by a trigger on intake_unit; '-infinity': as seeded). */
export interface IntakeUnitPlacesTable {
  unit_id: string;
  valid_from: Date;
  places: number;
}

/** The load of a unit, written by triggers only; CHECK occupied + held + blocked <= places. */
export interface IntakeUnitLoadTable {
  unit_id: string;
  places: number;
  occupied: Generated<number>;
  held: Generated<number>;
  blocked: Generated<number>;
  updated_at: Generated<Date>;
}

/** Places taken out of use for a while (staffing, repairs): they count against the places until ended. */
export interface IntakeBlockTable {
  id: string;
  unit_id: string;
  places: number;
  reason: string;
  /** The day the places are in use again (the block covers the days before it). */
  until: DateColumn;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  ended_at: Timestamp | null;
}

/** An offer's hold on one place for a person, until it expires, is released or becomes a stay. */
export interface IntakeHoldTable {
  id: string;
  unit_id: string;
  person_id: string;
  expires_at: Timestamp;
  status: Generated<'active' | 'released' | 'expired' | 'admitted'>;
  created_by: string;
  created_at: Generated<Date>;
  ended_at: Timestamp | null;
}

/** A stay: admission to discharge. */
export interface IntakeStayTable {
  id: string;
  unit_id: string;
  person_id: string;
  hold_id: string | null;
  admitted_at: Timestamp;
  discharged_at: Timestamp | null;
  destination: DischargeDestination | null;
  created_by: string;
  created_at: Generated<Date>;
}

/** The stored answer of a POST with an Idempotency-Key, per key, route and actor. */
export interface IntakeIdempotencyTable {
  key: string;
  route: string;
  actor_id: string;
  request_hash: string;
  status_code: number | null;
  response: JSONColumnType<Record<string, unknown>> | null;
  created_at: Generated<Date>;
}

/** A district's decision (vedtak) for a person, sent to common intake as a request for a place. */
export interface IntakeRequestTable {
  id: string;
  kommune: Generated<string>;
  person_id: string;
  /** The district that made the decision and owns the request. */
  district: string;
  category: UnitCategory;
  period_from: DateColumn;
  period_to: ColumnType<string | null, string | null | undefined, string | null>;
  substance: SubstanceNeed;
  gender: PersonGender | null;
  age: number | null;
  somatic_care: boolean;
  urgency: Urgency;
  home_district: string;
  preferred_units: JSONColumnType<string[]>;
  status: Generated<RequestStatus>;
  /** The offer's hold while the request is offered or accepted (and after admission). */
  hold_id: string | null;
  stay_id: string | null;
  sent_at: Timestamp;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One status change of a request: who, when, from, to and why. */
export interface IntakeRequestHistoryTable {
  id: string;
  request_id: string;
  from_status: RequestStatus | null;
  to_status: RequestStatus;
  reason: string | null;
  actor_id: string;
  actor_name: string;
  at: Timestamp;
}

/** A notice to a request's owner that a place matching it became free. */
export interface IntakeNoticeTable {
  id: string;
  recipient_district: string;
  recipient_user: string;
  request_id: string;
  unit_id: string;
  /** What freed the place ('stay:<id>', 'hold:<id>', 'block:<id>'): one notice per request and freed place. */
  freed_ref: string;
  text_nb: string;
  text_en: string;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

export interface IntakeTables {
  intake_unit: IntakeUnitTable;
  intake_unit_service: IntakeUnitServiceTable;
  intake_unit_places: IntakeUnitPlacesTable;
  intake_unit_load: IntakeUnitLoadTable;
  intake_block: IntakeBlockTable;
  intake_hold: IntakeHoldTable;
  intake_stay: IntakeStayTable;
  intake_idempotency: IntakeIdempotencyTable;
  intake_request: IntakeRequestTable;
  intake_request_history: IntakeRequestHistoryTable;
  intake_notice: IntakeNoticeTable;
}

declare module '../platform/database.ts' {
  /** The intake module's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends IntakeTables {}
}
