import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { serviceRowToService, type Service } from './catalog.model.ts';
import { sortStaleList, type StalePriority } from './stale-list.ts';
import {
  selectContactFacts,
  selectServiceRelations,
  selectServiceRows,
  selectServiceVersions,
  selectStaleServices,
} from './catalog.repository.ts';
import { byCitizenDependence, priorityTier, type PriorityTier } from './citizen-priority.ts';
import { contactGaps, type ContactGap } from './contact-gaps.ts';
import { derivedIntakeStatuses } from './derived-intake-status.ts';
import { howToGet, type HowToGet, type HowToGetFacts } from './how-to-get.ts';
import { openStatusView, type OpenStatusView } from './open-status.ts';
import type { AccessKind, ServiceKind } from './vocabulary.ts';

/** Services by id, in the order asked for; missing ids are skipped. A linked entry carries its derived intake status. */
export async function getServices(db: Db, ids: string[]): Promise<Service[]> {
  const rows = await selectServiceRows(db, ids);
  const relations = await selectServiceRelations(db, rows);
  const derived = await derivedIntakeStatuses(
    db,
    rows.map((r) => r.seed_key),
  );
  const byId = new Map(
    rows.map((r) => {
      const service = serviceRowToService(r, relations.get(r.id)!);
      const d = r.seed_key === null ? undefined : derived.get(r.seed_key);
      return [r.id, d ? { ...service, intakeStatus: d.status, intakeStatusAt: d.at, intakeStatusDerived: true } : service];
    }),
  );
  return ids.map((id) => byId.get(id)).filter((s): s is Service => s !== undefined);
}

/** One service; NOT_FOUND when there is none. */
export async function getService(db: Db, options: { id: string }): Promise<Service> {
  const [service] = await getServices(db, [options.id]);
  if (!service) throw notFound('Service');
  return service;
}

/** The change history of a service, newest first. */
export async function listServiceHistory(db: Db, options: { id: string }) {
  await getService(db, options);
  const rows = await selectServiceVersions(db, options.id);
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
    changes: r.changes,
  }));
}

export type StaleService = { id: string; name: string; priority: StalePriority; lastVerifiedAt: string | null; updatedAt: string };

/**
 * Active or planned services not verified since `cutoff` (or never): crisis and drop-in services
 * first, then by name in Norwegian order (stale-list.ts). The limit keeps the oldest.
 */
export async function listStaleServices(db: Db, options: { cutoff: string; limit: number }): Promise<StaleService[]> {
  const rows = await selectStaleServices(db, options);
  return sortStaleList(rows).map((r) => ({
    id: r.id,
    name: r.name,
    priority: r.priority,
    lastVerifiedAt: r.last_verified_at,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/**
 * One service as the public sees it: an agreement, a contract or a project is not an offer a
 * citizen can use, so it is not found here (it stays in the staff catalog). With how to get it
 * and whether it is open at `now`.
 */
export async function getPublicService(db: Db, options: { id: string; now: Date }): Promise<PublicService> {
  const service = await getService(db, options);
  if (service.arrangement !== null) throw notFound('Service');
  return { ...service, openStatus: openStatusView(service.openingHours, options.now), howToGet: howToGet(howToGetFacts(service)) };
}

export type PublicService = Service & { openStatus: OpenStatusView; howToGet: HowToGet };

/** The facts "how to get it" is written from. */
export function howToGetFacts(s: Service): HowToGetFacts {
  return {
    access: s.access,
    kind: s.kind,
    is24_7: s.openingHours.is24_7,
    hoursKnown: s.openingHours.is24_7 || s.openingHours.rules.length > 0,
    phone: s.phone ?? s.contacts.find((c) => c.phone)?.phone ?? null,
    url: s.url,
    anonymous: s.anonymous,
    requiresDrugFree: s.requiresDrugFree,
    cityWide: s.cityWide,
    districts: s.districts,
    organizationName: s.organization?.name ?? null,
  };
}

export type ContactWorklistItem = {
  id: string;
  name: string;
  kind: ServiceKind;
  access: AccessKind | null;
  tier: PriorityTier;
  missing: ContactGap[];
  lastVerifiedAt: string | null;
};

/**
 * The editors' worklist "missing contact or hours": offers in use that lack a phone number, an
 * address, a web page or opening hours, the ones a citizen depends on most first (crisis, then
 * drop-in, then by kind), then those missing most.
 */
export async function listContactWorklist(db: Db, options: { limit: number }): Promise<ContactWorklistItem[]> {
  const rows = await selectContactFacts(db, { limit: 50_000 });
  const items = rows.flatMap((r) => {
    const missing = contactGaps({
      phone: r.phone,
      contactPhones: Number(r.contact_phones ?? 0),
      hasAddress: Boolean(r.has_address),
      url: r.url,
      is24_7: r.is_24_7,
      hasWeeklyHours: Boolean(r.has_weekly_hours),
    });
    if (missing.length === 0) return [];
    const facts = { name: r.name, alternateNames: r.alternate_names, kind: r.kind as ServiceKind, access: r.access };
    return [
      {
        facts,
        item: {
          id: r.id,
          name: r.name,
          kind: facts.kind,
          access: r.access,
          tier: priorityTier(facts),
          missing,
          lastVerifiedAt: r.last_verified_at,
        },
      },
    ];
  });
  items.sort((a, b) => byCitizenDependence(a.facts, b.facts) || b.item.missing.length - a.item.missing.length);
  return items.slice(0, options.limit).map((x) => x.item);
}
