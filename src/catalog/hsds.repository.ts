import type { Db } from '../platform/db.ts';

/** The version rows of many services, newest first within each service. */
export async function selectServiceVersionsOf(db: Db, serviceIds: string[]) {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('service_version')
    .selectAll()
    .where('service_id', 'in', serviceIds)
    .orderBy('service_id')
    .orderBy('version', 'desc')
    .execute();
}

/** The next `limit` organizations after `after` in id order (keyset pagination), whose name contains the text. */
export async function selectOrganizationsAfter(
  db: Db,
  options: { nameContains?: string | undefined; after: string | null; limit: number },
) {
  let query = db.selectFrom('organization').selectAll();
  if (options.nameContains) query = query.where('name', 'ilike', `%${options.nameContains.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (options.after) query = query.where('id', '>', options.after);
  return query.orderBy('id').limit(options.limit).execute();
}

/** Ids of an organization's offers (not its agreements, contracts or projects), by name. */
export async function selectOrganizationOfferIds(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('service')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('arrangement', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.id);
}
