import type { Db } from '../platform/db.ts';

/** The name of an organization; undefined when there is none. */
export async function selectOrganizationName(db: Db, id: string) {
  return db.selectFrom('organization').select('name').where('id', '=', id).executeTakeFirst();
}

/** Organizations whose name contains the text (every one when none), by name. */
export async function selectOrganizations(db: Db, options: { nameContains?: string | undefined }) {
  let query = db.selectFrom('organization').selectAll();
  if (options.nameContains) query = query.where('name', 'ilike', `%${options.nameContains.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('name').execute();
}

/** One organization row; undefined when there is none. */
export async function selectOrganization(db: Db, id: string) {
  return db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ids and names of every organization, by name. */
export async function selectOrganizationNames(db: Db) {
  return db.selectFrom('organization').select(['id', 'name']).orderBy('name').execute();
}

/** The service and location a service_at_location links; undefined when there is none. */
export async function selectServiceAtLocationLink(db: Db, id: string) {
  return db.selectFrom('service_at_location').select(['service_id', 'location_id']).where('id', '=', id).executeTakeFirst();
}
