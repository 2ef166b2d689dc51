import type { Db } from '../platform/db.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import type { ServiceVersionTable } from './catalog.table.ts';

/** The topic of every change to the public catalog, from any instance. */
export const CATALOG_CHANGED = 'catalog.changed';

/**
 * What changed: a service's version action, an error report (arriving, confirmed: review starts, handled: review ends), or a
 * bulk import of many services at once (serviceId null).
 */
export type CatalogChangeAction = ServiceVersionTable['action'] | 'error_reported' | 'review_started' | 'review_ended' | 'import';

/** The payload of catalog.changed: which service, what happened, and the catalog revision it made. */
export type CatalogChange = { serviceId: string | null; action: CatalogChangeAction; revision: number };

/**
 * The topic of a hand-typed intake-status change (its own small change: no catalog revision);
 * the payload is `{ serviceId }`. Every instance's search answers follow it (intake-status-cache.ts).
 */
export const INTAKE_STATUS_CHANGED = 'catalog.intake_status_changed';

/** Publishes catalog.changed in the writing transaction (it is announced if and when that commits). */
export async function publishCatalogChange(trx: Db, change: CatalogChange): Promise<void> {
  await publishEvent(trx, { topic: CATALOG_CHANGED, payload: change });
}

/** Publishes catalog.intake_status_changed in the writing transaction. */
export async function publishIntakeStatusChange(trx: Db, serviceId: string): Promise<void> {
  await publishEvent(trx, { topic: INTAKE_STATUS_CHANGED, payload: { serviceId } });
}
