import { districtBySlug } from '../platform/districts.ts';
import { stableId } from '../platform/ids.ts';
import type { Location, Organization, Service } from './catalog.model.ts';
import { TAXONOMIES, taxonomyId, taxonomyTermId } from './taxonomy.ts';
import { ACCESS_KINDS } from './vocabulary.ts';

/** Open Referral HSDS 3.0 mapping of the catalog. Pure; nulls are left out, as the schemas want. */

type Json = Record<string, unknown>;

export const HSDS_VERSION = '3.0';
export const HSDS_PROFILE = 'https://openreferral.org/hsds/3.0';

/** Drops null and undefined values (HSDS string fields may be absent, not null). */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

const STATUS: Record<Service['status'], string> = { active: 'active', planned: 'inactive', closed: 'defunct' };

const termById = new Map(
  TAXONOMIES.flatMap((t) =>
    t.terms.map((term) => {
      const id = taxonomyTermId(t.code, term.code);
      return [id, { taxonomy: t, term, id }] as const;
    }),
  ),
);

/** An HSDS taxonomy object. */
export function hsdsTaxonomy(t: (typeof TAXONOMIES)[number]): Json {
  return { id: taxonomyId(t.code), name: t.name, description: t.description, version: '1' };
}

/** An HSDS taxonomy_term object, with its taxonomy. */
export function hsdsTaxonomyTerm(id: string): Json | null {
  const found = termById.get(id);
  if (!found) return null;
  return {
    id,
    code: found.term.code,
    name: found.term.nb,
    description: found.term.en,
    taxonomy: found.taxonomy.name,
    taxonomy_id: taxonomyId(found.taxonomy.code),
    taxonomy_detail: hsdsTaxonomy(found.taxonomy),
    language: 'nb',
  };
}

/**
 * Whether a term belongs in a taxonomy_terms list filtered by parent_id and top_only. top_only is
 * read by its name, terms at the top of their taxonomy (the specification's sentence, "have not
 * child terms", reads either way); our taxonomies are flat, so every term is at the top and none
 * has a parent.
 */
export function termIsListed(term: Json, filter: { parentId?: string | undefined; topOnly: boolean }): boolean {
  const parent = typeof term.parent_id === 'string' ? term.parent_id : null;
  if (filter.parentId !== undefined && parent !== filter.parentId) return false;
  return !(filter.topOnly && parent !== null);
}

/** Every taxonomy term id, in taxonomy order. */
export const allTaxonomyTermIds = (): string[] => [...termById.keys()];

/** Which taxonomy terms apply to a service, with the attribute value. */
export function serviceTerms(
  s: Pick<Service, 'kind' | 'ladderStep' | 'targetGroups' | 'hovedforlop' | 'access' | 'requiresDrugFree' | 'anonymous' | 'openingHours'>,
): { termId: string; value?: string }[] {
  const terms: { termId: string; value?: string }[] = [{ termId: taxonomyTermId('veiviser-service-kind', s.kind) }];
  if (s.ladderStep) terms.push({ termId: taxonomyTermId('veiviser-ladder-step', String(s.ladderStep)) });
  for (const g of s.targetGroups) terms.push({ termId: taxonomyTermId('veiviser-target-group', g) });
  for (const h of s.hovedforlop) terms.push({ termId: taxonomyTermId('veiviser-hovedforlop', String(h)) });
  if (s.access) terms.push({ termId: taxonomyTermId('veiviser-access', s.access) });
  if (s.requiresDrugFree !== null)
    terms.push({ termId: taxonomyTermId('veiviser-flag', 'requires_drug_free'), value: String(s.requiresDrugFree) });
  if (s.anonymous !== null) terms.push({ termId: taxonomyTermId('veiviser-flag', 'anonymous'), value: String(s.anonymous) });
  if (s.openingHours.is24_7) terms.push({ termId: taxonomyTermId('veiviser-flag', 'open_24_7'), value: 'true' });
  return terms;
}

export function hsdsOrganization(o: Organization): Json {
  return compact({ id: o.id, name: o.name, description: o.description, website: o.website, email: o.email });
}

/** An HSDS location; the service's accessibility text stands in where the location has none of its own. */
function hsdsLocation(l: Location, organizationId: string | null, serviceAccessibility: string | null): Json {
  const accessibility = l.accessibility ?? serviceAccessibility;
  const addressText = l.address1 ?? l.addressNote;
  const hasPostalAddress = l.address1 && l.postalCode && l.city;
  return compact({
    id: l.id,
    location_type: 'physical',
    organization_id: organizationId,
    name: l.name,
    description: addressText ? `Adresse: ${addressText}${l.postalCode ? '' : ' (postnummer ikke oppgitt)'}` : null,
    transportation: l.transportation,
    addresses: hasPostalAddress
      ? [
          {
            id: stableId('address', l.id),
            location_id: l.id,
            address_1: l.address1,
            city: l.city,
            state_province: 'Oslo',
            postal_code: l.postalCode,
            country: 'NO',
            address_type: 'physical',
          },
        ]
      : [],
    accessibility: accessibility ? [{ id: stableId('accessibility', l.id), location_id: l.id, description: accessibility }] : [],
  });
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['nb'], { type: 'language', fallback: 'none' });

/** An HSDS language object: the ISO 639 code and its name in bokmål (left out when ICU does not know the code). */
export function hsdsLanguage(serviceId: string, code: string): Json {
  return compact({ id: stableId('language', `${serviceId}/${code}`), service_id: serviceId, name: LANGUAGE_NAMES.of(code), code });
}

const ALL_DAYS = 'MO,TU,WE,TH,FR,SA,SU';

function hsdsSchedules(s: Service): Json[] {
  const out: Json[] = [];
  if (s.openingHours.is24_7) {
    out.push({
      id: stableId('schedule-24-7', s.id),
      service_id: s.id,
      freq: 'WEEKLY',
      wkst: 'MO',
      byday: ALL_DAYS,
      opens_at: '00:00',
      closes_at: '23:59',
      description: 'Døgnåpent (open 24/7)',
    });
  }
  // The rows' own ids: saves update rows in place, so a schedule keeps its id while it exists.
  s.openingHours.rules.forEach((r) => {
    const pastMidnight = r.closesAt <= r.opensAt;
    out.push(
      compact({
        id: r.id,
        service_id: s.id,
        freq: 'WEEKLY',
        wkst: 'MO',
        byday: r.byday,
        opens_at: r.opensAt,
        closes_at: r.closesAt,
        valid_from: r.validFrom,
        valid_to: r.validTo,
        description:
          [pastMidnight ? 'Stenger neste dag' : null, r.closedOnPublicHolidays ? 'Stengt på helligdager' : null]
            .filter(Boolean)
            .join('. ') || null,
      }),
    );
  });
  s.openingHours.exceptions.forEach((e) => {
    out.push(
      compact({
        id: e.id,
        service_id: s.id,
        valid_from: e.date,
        valid_to: e.date,
        opens_at: e.closed ? null : e.opensAt,
        closes_at: e.closed ? null : e.closesAt,
        description: `${e.closed ? `Stengt ${e.date}` : `Avvikende åpningstid ${e.date}`}${e.description ? `: ${e.description}` : ''}`,
      }),
    );
  });
  return out;
}

function hsdsServiceAreas(s: Service): Json[] {
  if (s.cityWide)
    return [
      {
        id: stableId('service-area', `${s.id}/oslo`),
        service_id: s.id,
        name: 'Oslo',
        description: 'Hele Oslo (byomfattende)',
        extent_type: 'other',
      },
    ];
  return s.districts.map((slug) => {
    const d = districtBySlug(slug);
    return {
      id: stableId('service-area', `${s.id}/${slug}`),
      service_id: s.id,
      name: `Bydel ${d?.name ?? slug}`,
      description: `Bydel ${d?.name ?? slug} (${d?.code ?? ''})`,
      extent_type: 'other',
    };
  });
}

function hsdsAttributes(s: Service): Json[] {
  return serviceTerms(s).map(({ termId, value }) =>
    compact({
      id: stableId('attribute', `${s.id}/${termId}`),
      link_id: s.id,
      link_type: 'service',
      link_entity: 'service',
      taxonomy_term_id: termId,
      taxonomy_term: hsdsTaxonomyTerm(termId),
      value,
    }),
  );
}

export type VersionRow = {
  version: number;
  action: string;
  changedBy: string;
  changedAt: string;
  changes: Record<string, { from: unknown; to: unknown }>;
};

function hsdsMetadata(s: Service, history: VersionRow[]): Json[] {
  return history.flatMap((v) =>
    Object.entries(v.changes).map(([field, change]) => ({
      id: stableId('metadata', `${s.id}/${v.version}/${field}`),
      resource_id: s.id,
      resource_type: 'service',
      last_action_date: v.changedAt.slice(0, 10),
      last_action_type: v.action,
      field_name: field,
      previous_value: change.from === null || change.from === undefined ? '' : JSON.stringify(change.from),
      replacement_value: change.to === null || change.to === undefined ? '' : JSON.stringify(change.to),
      updated_by: v.changedBy,
    })),
  );
}

/** The service's phone. */
function hsdsPhones(s: Service): Json[] {
  return s.phone ? [{ id: stableId('phone', s.id), service_id: s.id, number: s.phone, type: 'voice' }] : [];
}

/** The service's contacts, each with their phone. */
function hsdsContacts(s: Service): Json[] {
  return s.contacts.map((c) =>
    compact({
      id: c.id,
      service_id: s.id,
      name: c.name,
      title: c.title,
      email: c.email,
      phones: c.phone ? [{ id: stableId('phone', c.id), contact_id: c.id, number: c.phone }] : [],
    }),
  );
}

/** Just enough of a service to see what changed when (format=minimal): id, name, status, last_modified. */
export function hsdsServiceMinimal(s: Service): Json {
  return { id: s.id, name: s.name, status: STATUS[s.status], last_modified: s.updatedAt };
}

/** The one-to-one fields of a service (list form). */
export function hsdsServiceBasic(s: Service): Json {
  const alert = s.underReview
    ? 'Opplysningene er meldt som feil og blir kontrollert (under review).'
    : s.intakeStatus === 'full'
      ? 'Fullt: tar ikke inn nye nå.'
      : s.intakeStatus === 'waiting_list'
        ? 'Venteliste.'
        : null;
  return compact({
    id: s.id,
    organization_id: s.organization?.id,
    name: s.name,
    alternate_name: s.alternateNames.length ? s.alternateNames.join('; ') : null,
    description: s.description,
    url: s.url,
    email: s.email,
    status: STATUS[s.status],
    application_process: s.access ? ACCESS_KINDS[s.access].nb : null,
    fees_description: s.costDescription ?? (s.freeOfCharge ? 'Gratis' : null),
    eligibility_description: s.eligibilityDescription,
    minimum_age: s.minAge,
    maximum_age: s.maxAge,
    assured_date: s.provenance.lastVerifiedAt,
    alert,
    last_modified: s.updatedAt,
    organization: s.organization ? hsdsOrganization(s.organization) : null,
  });
}

/** A fully nested HSDS service. */
export function hsdsService(s: Service, history: VersionRow[]): Json {
  return {
    ...hsdsServiceBasic(s),
    phones: hsdsPhones(s),
    schedules: hsdsSchedules(s),
    service_areas: hsdsServiceAreas(s),
    service_at_locations: s.locations.map((l) => ({
      id: l.serviceAtLocationId,
      service_id: s.id,
      location_id: l.id,
      location: hsdsLocation(l, s.organization?.id ?? null, s.accessibility),
    })),
    languages: s.languages.map((code) => hsdsLanguage(s.id, code)),
    cost_options: s.freeOfCharge ? [{ id: stableId('cost', s.id), service_id: s.id, option: 'Gratis', currency: 'NOK', amount: 0 }] : [],
    contacts: hsdsContacts(s),
    attributes: hsdsAttributes(s),
    metadata: hsdsMetadata(s, history),
  };
}

/**
 * An HSDS service_at_location: the location with the service nested. Fully nested, it carries
 * what holds at the location: the service's phone, contacts and opening hours (a service here has
 * them for all its locations) and the change history of its location; the service's taxonomy
 * attributes are on the nested service, none belong to the location link itself.
 */
export function hsdsServiceAtLocation(s: Service, l: Location, full: boolean, history: VersionRow[] = []): Json {
  const base = {
    id: l.serviceAtLocationId,
    service_id: s.id,
    location_id: l.id,
    location: hsdsLocation(l, s.organization?.id ?? null, s.accessibility),
    service: full ? hsdsService(s, history) : hsdsServiceBasic(s),
  };
  if (!full) return base;
  const locationHistory = history.filter((v) => 'location' in v.changes).map((v) => ({ ...v, changes: { location: v.changes.location! } }));
  return {
    ...base,
    schedules: hsdsSchedules(s),
    contacts: hsdsContacts(s),
    phones: hsdsPhones(s),
    metadata: hsdsMetadata(s, locationHistory).map((m) => ({
      ...m,
      resource_id: l.serviceAtLocationId,
      resource_type: 'service_at_location',
    })),
  };
}

/** A fully nested HSDS organization: its services (list form or fully nested) and their locations. */
export function hsdsOrganizationFull(o: Organization, services: { service: Service; json: Json }[]): Json {
  const locations = new Map<string, Json>();
  for (const { service } of services) for (const l of service.locations) locations.set(l.id, hsdsLocation(l, o.id, service.accessibility));
  return { ...hsdsOrganization(o), services: services.map((s) => s.json), locations: [...locations.values()] };
}

/** HSDS page envelope. */
/** The specification's Page: one page of objects and where it lies. */
export type HsdsPage = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Json[];
};

export function hsdsPage(contents: Json[], total: number, page: number, perPage: number): HsdsPage {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
