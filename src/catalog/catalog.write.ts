import type { ServiceWrite } from './catalog.repository.ts';
import type { Service } from './catalog.model.ts';
import type { ServiceInput } from './catalog.schemas.ts';
import { hasEveningHours, hasWeekendHours } from './opening-hours.ts';
import { buildSearchDocument } from './search-document.ts';

/** What a write needs besides the editor's input. */
export type WriteContext = {
  id: string;
  seedKey: string | null;
  organizationName: string | null;
  version: number;
  now: Date;
  provenance: { sourceRefs: string[]; lastVerifiedAt: string | null; verifiedBy: string | null };
  underReview: boolean;
  createdAt: Date;
  intakeStatus: ServiceWrite['row']['intake_status'];
  intakeStatusAt: Date | null;
};

/** Turns validated input into the rows a service is stored as. Pure. */
export function serviceInputToWrite(input: ServiceInput, ctx: WriteContext): ServiceWrite {
  const districts = input.cityWide ? [] : [...new Set(input.districts)].sort();
  const hours = input.openingHours;
  return {
    row: {
      id: ctx.id,
      seed_key: ctx.seedKey,
      organization_id: input.organizationId,
      name: input.name,
      alternate_names: input.alternateNames,
      description: input.description,
      description_en: input.descriptionEn,
      url: input.url,
      email: input.email,
      phone: input.phone,
      kind: input.kind,
      ladder_step: input.ladderStep,
      target_groups: [...new Set(input.targetGroups)],
      hovedforlop: [...new Set(input.hovedforlop)].sort(),
      min_age: input.minAge,
      max_age: input.maxAge,
      eligibility_description: input.eligibilityDescription,
      access: input.access,
      arrangement: input.arrangement,
      requires_drug_free: input.requiresDrugFree,
      anonymous: input.anonymous,
      city_wide: input.cityWide,
      districts,
      is_24_7: hours.is24_7,
      has_evening_hours: hasEveningHours(hours),
      has_weekend_hours: hasWeekendHours(hours),
      status: input.status,
      status_date: input.statusDate,
      status_note: input.statusNote,
      intake_status: ctx.intakeStatus,
      intake_status_at: ctx.intakeStatusAt,
      cost_description: input.costDescription,
      free_of_charge: input.freeOfCharge,
      languages: input.languages,
      accessibility: input.accessibility,
      places: input.places,
      source: input.source,
      source_refs: ctx.provenance.sourceRefs,
      last_verified_at: ctx.provenance.lastVerifiedAt,
      verified_by: ctx.provenance.verifiedBy,
      under_review: ctx.underReview,
      version: ctx.version,
      created_at: ctx.createdAt,
      updated_at: ctx.now,
    },
    location: input.location
      ? {
          seed_key: null,
          organization_id: input.organizationId,
          name: input.location.name,
          location_type: 'physical',
          address_1: input.location.address1,
          postal_code: input.location.postalCode,
          city: input.location.city,
          address_note: input.location.addressNote,
          district: input.location.district,
          latitude: null,
          longitude: null,
          accessibility: input.location.accessibility,
          transportation: input.location.transportation,
        }
      : null,
    contacts: input.contacts.map((c) => ({ name: c.name, title: c.title, phone: c.phone, email: c.email })),
    schedules: hours.rules.map((r) => ({
      byday: r.byday,
      opens_at: r.opensAt,
      closes_at: r.closesAt,
      valid_from: r.validFrom,
      valid_to: r.validTo,
      closed_on_public_holidays: r.closedOnPublicHolidays,
      description: null,
    })),
    exceptions: hours.exceptions.map((e) => ({
      date: e.date,
      closed: e.closed,
      opens_at: e.opensAt,
      closes_at: e.closesAt,
      description: e.description,
    })),
    document: buildSearchDocument({
      name: input.name,
      alternateNames: input.alternateNames,
      kind: input.kind,
      ladderStep: input.ladderStep,
      targetGroups: input.targetGroups,
      access: input.access,
      organizationName: ctx.organizationName,
      description: input.description,
      descriptionEn: input.descriptionEn,
      eligibilityDescription: input.eligibilityDescription,
      districts,
      cityWide: input.cityWide,
      is24_7: hours.is24_7,
    }),
  };
}

/** Field-by-field differences between two versions of an input (JSON equality). */
export function diffInputs(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = JSON.stringify(before[key] ?? null);
    const b = JSON.stringify(after[key] ?? null);
    if (a !== b) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes;
}

/** The input form of a stored service, so an edit starts from what is there and diffs compare like with like. */
export function serviceToInput(s: Service): ServiceInput {
  const location = s.locations[0];
  return {
    name: s.name,
    alternateNames: s.alternateNames,
    description: s.description,
    descriptionEn: s.descriptionEn,
    url: s.url,
    email: s.email,
    phone: s.phone,
    kind: s.kind,
    ladderStep: s.ladderStep,
    targetGroups: s.targetGroups,
    hovedforlop: s.hovedforlop,
    minAge: s.minAge,
    maxAge: s.maxAge,
    eligibilityDescription: s.eligibilityDescription,
    access: s.access,
    arrangement: s.arrangement,
    requiresDrugFree: s.requiresDrugFree,
    anonymous: s.anonymous,
    cityWide: s.cityWide,
    districts: s.districts as ServiceInput['districts'],
    openingHours: {
      is24_7: s.openingHours.is24_7,
      rules: s.openingHours.rules.map(({ id: _, ...r }) => r),
      exceptions: s.openingHours.exceptions.map(({ id: _, ...e }) => ({ ...e, description: e.description ?? null })),
    },
    status: s.status,
    statusDate: s.statusDate,
    statusNote: s.statusNote,
    costDescription: s.costDescription,
    freeOfCharge: s.freeOfCharge,
    languages: s.languages,
    accessibility: s.accessibility,
    places: s.places,
    organizationId: s.organization?.id ?? null,
    location: location
      ? {
          name: location.name,
          address1: location.address1,
          postalCode: location.postalCode,
          city: location.city,
          addressNote: location.addressNote,
          district: location.district as NonNullable<ServiceInput['location']>['district'],
          accessibility: location.accessibility,
          transportation: location.transportation,
        }
      : null,
    contacts: s.contacts.map((c) => ({ name: c.name, title: c.title, phone: c.phone, email: c.email })),
    source: s.provenance.source,
  };
}

/** Lists the store keeps as sets (deduplicated, its own order). */
const SETS = ['districts', 'targetGroups', 'hovedforlop'] as const;

/** The input with every list the store reorders in one order, so equal content compares equal. Pure. */
function canonicalInput(input: ServiceInput): Record<string, unknown> {
  const bySerialized = <T>(list: T[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const out: Record<string, unknown> = {
    ...input,
    districts: input.cityWide ? [] : input.districts,
    openingHours: {
      is24_7: input.openingHours.is24_7,
      rules: bySerialized(input.openingHours.rules),
      exceptions: bySerialized(input.openingHours.exceptions.map((e) => ({ ...e, description: e.description ?? null }))),
    },
  };
  for (const key of SETS) out[key] = [...new Set((out[key] as unknown[]).map((v) => JSON.stringify(v)))].sort();
  // Contacts come back in the store's order (by name).
  out.contacts = bySerialized(input.contacts);
  return out;
}

/** True when saving `after` over `before` would store the same entry: then a save writes nothing. Pure. */
export function isSameInput(before: ServiceInput, after: ServiceInput): boolean {
  return Object.keys(diffInputs(canonicalInput(before), canonicalInput(after))).length === 0;
}
