import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { hsdsOrganizationFull, hsdsService, hsdsServiceBasic, type VersionRow } from './hsds.ts';
import { selectOrganizationOfferIds, selectOrganizationsAfter, selectServiceVersionsOf } from './hsds.repository.ts';
import { organizationRowToOrganization, type Location, type Organization, type Service } from './catalog.model.ts';
import { selectOrganization } from './organizations.repository.ts';
import { getServiceAtLocation } from './organizations.service.ts';
import { findServiceIds } from './search.service.ts';
import { selectServiceIdsAfter, type SearchFilters } from './search.repository.ts';
import { getServices } from './services.service.ts';

type Json = Record<string, unknown>;

/**
 * HSDS publishes offers only. An HSDS 3.0 service is "provided by organizations to a range of
 * different groups" of people; a framework agreement, a procurement contract, an internal project
 * or an arrangement between agencies (service.arrangement) is none, so every HSDS answer (lists,
 * counts, NDJSON, organizations' services) leaves them out and their ids answer 404.
 */
export const HSDS_FILTERS = { includeClosed: true, offersOnly: true } as const satisfies SearchFilters;

/** Rows fetched per batch when streaming: a batch is all an NDJSON answer holds in memory at once. */
export const HSDS_STREAM_BATCH = 200;

export type ServiceWithHistory = { service: Service; history: VersionRow[] };

const isOffer = (s: Service) => s.arrangement === null;

/** Services by id with their change history, in the order asked for; missing ids and arrangements are skipped. */
export async function getOffersWithHistory(db: Db, ids: string[]): Promise<ServiceWithHistory[]> {
  const services = (await getServices(db, ids)).filter(isOffer);
  const rows = await selectServiceVersionsOf(
    db,
    services.map((s) => s.id),
  );
  const history = new Map<string, VersionRow[]>();
  for (const r of rows) {
    const list = history.get(r.service_id) ?? [];
    list.push({ version: r.version, action: r.action, changedBy: r.changed_by, changedAt: r.changed_at.toISOString(), changes: r.changes });
    history.set(r.service_id, list);
  }
  return services.map((service) => ({ service, history: history.get(service.id) ?? [] }));
}

/** Offers by id (list form needs no history), in the order asked for. */
export async function getOffers(db: Db, ids: string[]): Promise<Service[]> {
  return (await getServices(db, ids)).filter(isOffer);
}

/** One offer with its history; NOT_FOUND for no such service and for an arrangement. */
export async function getHsdsService(db: Db, options: { id: string }): Promise<ServiceWithHistory> {
  const [found] = await getOffersWithHistory(db, [options.id]);
  if (!found) throw notFound('Service');
  return found;
}

/** One offer at one of its locations, with the offer's history; NOT_FOUND also when the entry is an arrangement. */
export async function getHsdsServiceAtLocation(db: Db, options: { id: string }): Promise<ServiceWithHistory & { location: Location }> {
  const { service, location } = await getServiceAtLocation(db, options);
  if (!isOffer(service)) throw notFound('Service at location');
  const [found] = await getOffersWithHistory(db, [service.id]);
  return { service, location, history: found?.history ?? [] };
}

/**
 * Every matching service id in id order, one batch at a time: keyset pagination, so any catalog
 * size streams with one batch in memory. With a search, each batch keeps the ids the public search
 * matches (the same query expansion); whether every word must match or any may is decided once
 * for the whole catalog, as the paged answer decides it, so every batch agrees.
 */
export async function* eachMatchingServiceIdBatch(
  db: Db,
  options: { search?: string | undefined; filters: SearchFilters; batchSize?: number },
): AsyncGenerator<string[]> {
  const batchSize = options.batchSize ?? HSDS_STREAM_BATCH;
  const whole = options.search
    ? await findServiceIds(db, { q: options.search, filters: options.filters, page: 1, perPage: 1, engine: 'sql' })
    : null;
  if (whole && whole.total === 0) return;
  for (let after: string | null = null; ;) {
    let ids = await selectServiceIdsAfter(db, { filters: options.filters, after, limit: batchSize });
    if (ids.length === 0) return;
    after = ids[ids.length - 1]!;
    if (options.search && whole) {
      const filters = { ...options.filters, serviceIds: ids };
      const matched = await findServiceIds(db, { q: options.search, filters, page: 1, perPage: ids.length, engine: 'sql' });
      // A batch where no service matches every word falls back to any word; the whole did not.
      const keep = matched.matchMode === whole.matchMode ? new Set(matched.ids) : new Set<string>();
      ids = ids.filter((id) => keep.has(id));
    }
    if (ids.length) yield ids;
  }
}

/** Organizations whose name contains the text, in id order, one batch at a time (keyset pagination). */
export async function* eachOrganizationBatch(
  db: Db,
  options: { search?: string | undefined; batchSize?: number },
): AsyncGenerator<Organization[]> {
  const limit = options.batchSize ?? HSDS_STREAM_BATCH;
  for (let after: string | null = null; ;) {
    const rows = await selectOrganizationsAfter(db, { nameContains: options.search, after, limit });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map(organizationRowToOrganization);
  }
}

/** An organization fully nested: its offers (fully nested with `fullServices`, else in list form) and their locations. */
export async function renderHsdsOrganizationFull(db: Db, organization: Organization, fullServices: boolean): Promise<Json> {
  const ids = await selectOrganizationOfferIds(db, organization.id);
  const services = fullServices
    ? (await getOffersWithHistory(db, ids)).map(({ service, history }) => ({ service, json: hsdsService(service, history) }))
    : (await getOffers(db, ids)).map((service) => ({ service, json: hsdsServiceBasic(service) }));
  return hsdsOrganizationFull(organization, services);
}

/** One organization fully nested (see renderHsdsOrganizationFull); NOT_FOUND when there is none. */
export async function getHsdsOrganization(db: Db, options: { id: string; fullServices: boolean }): Promise<Json> {
  const row = await selectOrganization(db, options.id);
  if (!row) throw notFound('Organization');
  return renderHsdsOrganizationFull(db, organizationRowToOrganization(row), options.fullServices);
}
