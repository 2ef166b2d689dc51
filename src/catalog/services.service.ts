import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { serviceRowToService, type Service } from './catalog.model.ts';
import { sortStaleList, type StalePriority } from './stale-list.ts';
import { selectServiceRelations, selectServiceRows, selectServiceVersions, selectStaleServices } from './catalog.repository.ts';

/** Services by id, in the order asked for; missing ids are skipped. */
export async function getServices(db: Db, ids: string[]): Promise<Service[]> {
  const rows = await selectServiceRows(db, ids);
  const relations = await selectServiceRelations(db, rows);
  const byId = new Map(rows.map((r) => [r.id, serviceRowToService(r, relations.get(r.id)!)]));
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
