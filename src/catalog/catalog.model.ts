import type { Selectable } from 'kysely';
import type {
  ContactTable,
  LocationTable,
  OrganizationTable,
  ScheduleExceptionTable,
  ScheduleTable,
  ServiceTable,
} from './catalog.table.ts';
import type { ScheduleException, WeeklyRule } from './opening-hours.ts';
import type { AccessKind, ArrangementKind, IntakeStatus, ServiceKind, ServiceStatus, TargetGroup } from './vocabulary.ts';

export type Organization = { id: string; name: string; description: string; website: string | null; email: string | null };

export type Location = {
  id: string;
  serviceAtLocationId: string;
  name: string | null;
  address1: string | null;
  postalCode: string | null;
  city: string | null;
  addressNote: string | null;
  district: string | null;
  accessibility: string | null;
  transportation: string | null;
};

export type Contact = { id: string; name: string | null; title: string | null; phone: string | null; email: string | null };

/** Opening hours as stored: each rule and exception keeps the id of its row (stable across saves; HSDS publishes it). */
export type StoredOpeningHours = {
  is24_7: boolean;
  rules: (WeeklyRule & { id: string })[];
  exceptions: (ScheduleException & { id: string })[];
};

/** A catalog entry as the rest of the application sees it. */
export type Service = {
  id: string;
  name: string;
  alternateNames: string[];
  description: string;
  descriptionEn: string | null;
  url: string | null;
  email: string | null;
  phone: string | null;
  kind: ServiceKind;
  ladderStep: number | null;
  targetGroups: TargetGroup[];
  hovedforlop: number[];
  minAge: number | null;
  maxAge: number | null;
  eligibilityDescription: string | null;
  access: AccessKind | null;
  /** Null for an offer; otherwise the agreement, contract or project this entry is (never public). */
  arrangement: ArrangementKind | null;
  requiresDrugFree: boolean | null;
  anonymous: boolean | null;
  cityWide: boolean;
  districts: string[];
  openingHours: StoredOpeningHours;
  status: ServiceStatus;
  statusDate: string | null;
  statusNote: string | null;
  intakeStatus: IntakeStatus | null;
  intakeStatusAt: string | null;
  /** True when the status is derived from the capacity of the intake units linked to the entry (not typed by hand). */
  intakeStatusDerived: boolean;
  costDescription: string | null;
  freeOfCharge: boolean | null;
  languages: string[];
  accessibility: string | null;
  places: number | null;
  organization: Organization | null;
  locations: Location[];
  contacts: Contact[];
  provenance: { source: string | null; sourceRefs: string[]; lastVerifiedAt: string | null; verifiedBy: string | null };
  underReview: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ServiceRow = Selectable<ServiceTable>;

export type ServiceRelations = {
  organization: Selectable<OrganizationTable> | null;
  locations: (Selectable<LocationTable> & { service_at_location_id: string })[];
  contacts: Selectable<ContactTable>[];
  schedules: Selectable<ScheduleTable>[];
  exceptions: Selectable<ScheduleExceptionTable>[];
};

const hhmm = (time: string) => time.slice(0, 5);

export function organizationRowToOrganization(row: Selectable<OrganizationTable>): Organization {
  return { id: row.id, name: row.name, description: row.description, website: row.website, email: row.email };
}

export function locationRowToLocation(row: Selectable<LocationTable> & { service_at_location_id: string }): Location {
  return {
    id: row.id,
    serviceAtLocationId: row.service_at_location_id,
    name: row.name,
    address1: row.address_1,
    postalCode: row.postal_code,
    city: row.city,
    addressNote: row.address_note,
    district: row.district,
    accessibility: row.accessibility,
    transportation: row.transportation,
  };
}

export function openingHoursFromRows(
  is24_7: boolean,
  schedules: Selectable<ScheduleTable>[],
  exceptions: Selectable<ScheduleExceptionTable>[],
): StoredOpeningHours {
  return {
    is24_7,
    rules: schedules.map((s) => ({
      id: s.id,
      byday: s.byday,
      opensAt: hhmm(s.opens_at),
      closesAt: hhmm(s.closes_at),
      validFrom: s.valid_from,
      validTo: s.valid_to,
      closedOnPublicHolidays: s.closed_on_public_holidays,
    })),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      date: e.date,
      closed: e.closed,
      opensAt: e.opens_at ? hhmm(e.opens_at) : null,
      closesAt: e.closes_at ? hhmm(e.closes_at) : null,
      description: e.description,
    })),
  };
}

/** The one mapping from a service row and its related rows to the domain Service. */
export function serviceRowToService(row: ServiceRow, rel: ServiceRelations): Service {
  return {
    id: row.id,
    name: row.name,
    alternateNames: row.alternate_names,
    description: row.description,
    descriptionEn: row.description_en,
    url: row.url,
    email: row.email,
    phone: row.phone,
    kind: row.kind as ServiceKind,
    ladderStep: row.ladder_step,
    targetGroups: row.target_groups as TargetGroup[],
    hovedforlop: row.hovedforlop,
    minAge: row.min_age,
    maxAge: row.max_age,
    eligibilityDescription: row.eligibility_description,
    access: row.access,
    arrangement: row.arrangement,
    requiresDrugFree: row.requires_drug_free,
    anonymous: row.anonymous,
    cityWide: row.city_wide,
    districts: row.districts,
    openingHours: openingHoursFromRows(row.is_24_7, rel.schedules, rel.exceptions),
    status: row.status,
    statusDate: row.status_date,
    statusNote: row.status_note,
    intakeStatus: row.intake_status,
    intakeStatusAt: row.intake_status_at ? row.intake_status_at.toISOString() : null,
    intakeStatusDerived: false,
    costDescription: row.cost_description,
    freeOfCharge: row.free_of_charge,
    languages: row.languages,
    accessibility: row.accessibility,
    places: row.places,
    organization: rel.organization ? organizationRowToOrganization(rel.organization) : null,
    locations: rel.locations.map(locationRowToLocation),
    contacts: rel.contacts.map((c) => ({ id: c.id, name: c.name, title: c.title, phone: c.phone, email: c.email })),
    provenance: {
      source: row.source,
      sourceRefs: row.source_refs,
      lastVerifiedAt: row.last_verified_at,
      verifiedBy: row.verified_by,
    },
    underReview: row.under_review,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
