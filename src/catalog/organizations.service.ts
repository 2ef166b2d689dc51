import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { organizationRowToOrganization, type Location, type Organization, type Service } from './catalog.model.ts';
import { selectOrganizationNames, selectOrganizations, selectServiceAtLocationLink } from './organizations.repository.ts';
import { getServices } from './services.service.ts';

/** Organizations whose name contains the text (every one when none), by name. */
export async function findOrganizations(db: Db, options: { search?: string | undefined }): Promise<Organization[]> {
  const rows = await selectOrganizations(db, { nameContains: options.search });
  return rows.map(organizationRowToOrganization);
}

/** Organizations, by name (ids and names only: the editor's choice list). */
export async function listOrganizations(db: Db) {
  return selectOrganizationNames(db);
}

/** A service at one of its locations (HSDS service_at_location); NOT_FOUND when there is none. */
export async function getServiceAtLocation(db: Db, options: { id: string }): Promise<{ service: Service; location: Location }> {
  const link = await selectServiceAtLocationLink(db, options.id);
  const [service] = link ? await getServices(db, [link.service_id]) : [];
  const location = service?.locations.find((l) => l.id === link?.location_id);
  if (!service || !location) throw notFound('Service at location');
  return { service, location };
}
