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

/** Publishes catalog.changed in the writing transaction (it is announced if and when that commits). */
export async function publishCatalogChange(trx: Db, change: CatalogChange): Promise<void> {
  await publishEvent(trx, { topic: CATALOG_CHANGED, payload: change });
}
