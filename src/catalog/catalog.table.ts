import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ArrangementKind } from './vocabulary.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganizationTable {
  id: string;
  kommune: Generated<string>;
  seed_key: string | null;
  name: string;
  alternate_name: string | null;
  description: Generated<string>;
  website: string | null;
  email: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LocationTable {
  id: string;
  kommune: Generated<string>;
  seed_key: string | null;
  organization_id: string | null;
  name: string | null;
  location_type: Generated<'physical' | 'postal' | 'virtual'>;
  address_1: string | null;
  postal_code: string | null;
  city: string | null;
  address_note: string | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  accessibility: string | null;
  transportation: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceTable {
  id: string;
  kommune: Generated<string>;
  seed_key: string | null;
  organization_id: string | null;
  name: string;
  alternate_names: string[];
  description: string;
  description_en: string | null;
  url: string | null;
  email: string | null;
  phone: string | null;
  kind: string;
  ladder_step: number | null;
  target_groups: string[];
  hovedforlop: number[];
  min_age: number | null;
  max_age: number | null;
  eligibility_description: string | null;
  access: 'drop_in' | 'referral' | 'decision' | null;
  arrangement: Generated<ArrangementKind | null>;
  requires_drug_free: boolean | null;
  anonymous: boolean | null;
  city_wide: boolean;
  districts: string[];
  is_24_7: boolean;
  has_evening_hours: boolean;
  has_weekend_hours: boolean;
  status: 'active' | 'planned' | 'closed';
  status_date: string | null;
  status_note: string | null;
  intake_status: 'accepting' | 'waiting_list' | 'full' | null;
  intake_status_at: Date | null;
  cost_description: string | null;
  free_of_charge: boolean | null;
  languages: string[];
  accessibility: string | null;
  places: number | null;
  source: string | null;
  source_refs: string[];
  last_verified_at: string | null;
  verified_by: string | null;
  under_review: Generated<boolean>;
  version: Generated<number>;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceAtLocationTable {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface ScheduleTable {
  id: string;
  service_id: string;
  byday: 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
  opens_at: string;
  closes_at: string;
  valid_from: string | null;
  valid_to: string | null;
  closed_on_public_holidays: boolean;
  description: string | null;
}

export interface ScheduleExceptionTable {
  id: string;
  service_id: string;
  date: string;
  closed: boolean;
  opens_at: string | null;
  closes_at: string | null;
  description: string | null;
}

export interface ContactTable {
  id: string;
  service_id: string;
  name: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
}

export interface TaxonomyTable {
  id: string;
  code: string;
  name: string;
  description: string;
  version: string | null;
}

export interface TaxonomyTermTable {
  id: string;
  taxonomy_id: string;
  code: string;
  name: string;
  name_en: string;
  description: string;
  parent_id: string | null;
}

export type FieldChange = { from: unknown; to: unknown };

export interface ServiceVersionTable {
  id: Generated<number>;
  service_id: string;
  version: number;
  action: 'seed' | 'create' | 'update' | 'close' | 'verify' | 'report' | 'undo_close';
  changed_by: string;
  changed_at: Timestamp;
  changes: JSONColumnType<Record<string, FieldChange>>;
}

export interface ServiceCloseUndoTable {
  service_id: string;
  close_version: number;
  undo_version: number;
  undone_by: string;
  undone_at: Timestamp;
}

export interface ServiceIntakeStatusTable {
  id: Generated<number>;
  service_id: string;
  intake_status: 'accepting' | 'waiting_list' | 'full' | null;
  changed_by: string;
  changed_at: Timestamp;
}

export interface ErrorReportTable {
  id: string;
  service_id: string;
  message: string;
  reporter_contact: string | null;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  created_at: Timestamp;
  handled_by: string | null;
  handled_at: Date | null;
  handled_note: string | null;
  /** When an editor confirmed the report; only then does the public page say the entry is under review. */
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

export interface SearchLexiconTable {
  word: string;
}

/** Which service a catalog revision changed (null: many); the search index reloads from it. */
export interface CatalogChangeTable {
  revision: number;
  service_id: string | null;
  changed_at: ColumnType<Date, Date | undefined, never>;
}

export interface CatalogStateTable {
  id: number;
  revision: number;
  seeded_at: Date | null;
}

export interface CatalogTables {
  organization: OrganizationTable;
  location: LocationTable;
  service: ServiceTable;
  service_at_location: ServiceAtLocationTable;
  schedule: ScheduleTable;
  schedule_exception: ScheduleExceptionTable;
  contact: ContactTable;
  taxonomy: TaxonomyTable;
  taxonomy_term: TaxonomyTermTable;
  service_version: ServiceVersionTable;
  error_report: ErrorReportTable;
  service_close_undo: ServiceCloseUndoTable;
  service_intake_status: ServiceIntakeStatusTable;
  search_lexicon: SearchLexiconTable;
  catalog_state: CatalogStateTable;
  catalog_change: CatalogChangeTable;
}

declare module '../platform/database.ts' {
  /** The catalog's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends CatalogTables {}
}
