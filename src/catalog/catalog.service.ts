import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { openingHoursFromRows, organizationRowToOrganization, serviceRowToService, type Location, type Organization, type Service } from './catalog.model.ts';
import { computeGapMatrix } from './gap-matrix.ts';
import {
  bumpRevision,
  insertServiceVersion,
  selectServiceRelations,
  selectServiceRows,
  selectServiceVersions,
  upsertService,
} from './catalog.repository.ts';
import type { ServiceInput } from './catalog.schemas.ts';
import { diffInputs, serviceInputToWrite, serviceToInput } from './catalog.write.ts';
import type { IntakeStatus } from './vocabulary.ts';

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

async function organizationName(db: Db, organizationId: string | null): Promise<string | null> {
  if (!organizationId) return null;
  const org = await db.selectFrom('organization').select('name').where('id', '=', organizationId).executeTakeFirst();
  if (!org) throw new AppError('INVALID_INPUT', 'organizationId: no such organization', [{ field: 'organizationId', message: 'no such organization' }]);
  return org.name;
}

/** Creates a service; the first version row records every field. */
export async function createService(db: Db, options: { actor: Actor; input: ServiceInput; id?: string; seedKey?: string; sourceRefs?: string[] }): Promise<Service> {
  const id = options.id ?? newId();
  const now = new Date();
  const write = serviceInputToWrite(options.input, {
    id,
    seedKey: options.seedKey ?? null,
    organizationName: await organizationName(db, options.input.organizationId),
    version: 1,
    now,
    createdAt: now,
    provenance: { sourceRefs: options.sourceRefs ?? [], lastVerifiedAt: null, verifiedBy: null },
    underReview: false,
    intakeStatus: null,
    intakeStatusAt: null,
  });
  await upsertService(db, write);
  await insertServiceVersion(db, {
    service_id: id,
    version: 1,
    action: options.seedKey ? 'seed' : 'create',
    changed_by: options.actor.displayName,
    changes: diffInputs({}, options.input),
  });
  return getService(db, { id });
}

/** Locks the service row and checks the version the editor started from. */
async function lockForChange(db: Db, id: string, expectedVersion: number | null): Promise<Service> {
  const locked = await db.selectFrom('service').select('version').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw notFound('Service');
  if (expectedVersion !== null && locked.version !== expectedVersion) {
    throw new AppError(
      'CONFLICT',
      `version: the service was changed by someone else (now version ${locked.version}); reload and try again`,
      [{ field: 'version', message: `is ${expectedVersion}, but the service is at version ${locked.version}` }],
    );
  }
  return getService(db, { id });
}

type ChangeAction = 'update' | 'close' | 'verify' | 'report';

async function saveChange(
  db: Db,
  before: Service,
  input: ServiceInput,
  options: {
    actor: Actor;
    action: ChangeAction;
    verified?: { on: string; by: string };
    underReview?: boolean;
    intake?: { status: IntakeStatus | null; at: Date };
    extraChanges?: Record<string, { from: unknown; to: unknown }>;
  },
): Promise<Service> {
  const version = before.version + 1;
  const write = serviceInputToWrite(input, {
    id: before.id,
    seedKey: null,
    organizationName: await organizationName(db, input.organizationId),
    version,
    now: new Date(),
    createdAt: new Date(before.createdAt),
    provenance: {
      sourceRefs: before.provenance.sourceRefs,
      lastVerifiedAt: options.verified?.on ?? before.provenance.lastVerifiedAt,
      verifiedBy: options.verified?.by ?? before.provenance.verifiedBy,
    },
    underReview: options.underReview ?? before.underReview,
    intakeStatus: options.intake ? options.intake.status : before.intakeStatus,
    intakeStatusAt: options.intake ? options.intake.at : before.intakeStatusAt ? new Date(before.intakeStatusAt) : null,
  });
  delete (write.row as { seed_key?: unknown }).seed_key; // keep the seed key a service was born with
  await upsertService(db, write);
  await insertServiceVersion(db, {
    service_id: before.id,
    version,
    action: options.action,
    changed_by: options.actor.displayName,
    changes: { ...diffInputs(serviceToInput(before), input), ...options.extraChanges },
  });
  return getService(db, { id: before.id });
}

/** Replaces a service's content; refuses when someone else saved in between. */
export async function updateService(db: Db, options: { actor: Actor; id: string; version: number; input: ServiceInput }): Promise<Service> {
  const before = await lockForChange(db, options.id, options.version);
  return saveChange(db, before, options.input, { actor: options.actor, action: 'update' });
}

/** Marks a service closed from a date, keeping it in the catalog's history. */
export async function closeService(
  db: Db,
  options: { actor: Actor; id: string; version: number; closedOn: string; note: string | null },
): Promise<Service> {
  const before = await lockForChange(db, options.id, options.version);
  if (before.status === 'closed') throw new AppError('CONFLICT', 'status: the service is already closed');
  const input = { ...serviceToInput(before), status: 'closed' as const, statusDate: options.closedOn, statusNote: options.note ?? before.statusNote };
  return saveChange(db, before, input, { actor: options.actor, action: 'close' });
}

/** Records that an editor checked this version of the entry against reality today. */
export async function verifyService(db: Db, options: { actor: Actor; id: string; version: number; today: string }): Promise<Service> {
  const before = await lockForChange(db, options.id, options.version);
  return saveChange(db, before, serviceToInput(before), {
    actor: options.actor,
    action: 'verify',
    verified: { on: options.today, by: options.actor.displayName },
    extraChanges: { lastVerifiedAt: { from: before.provenance.lastVerifiedAt, to: options.today } },
  });
}

/** Sets whether the service takes new people now (accepting / waiting list / full). */
export async function setIntakeStatus(db: Db, options: { actor: Actor; id: string; intakeStatus: IntakeStatus | null }): Promise<Service> {
  const before = await lockForChange(db, options.id, null);
  return saveChange(db, before, serviceToInput(before), {
    actor: options.actor,
    action: 'update',
    intake: { status: options.intakeStatus, at: new Date() },
    extraChanges: { intakeStatus: { from: before.intakeStatus, to: options.intakeStatus } },
  });
}

/** The change history of a service, newest first. */
export async function listServiceHistory(db: Db, options: { id: string }) {
  await getService(db, options);
  const rows = await selectServiceVersions(db, options.id);
  return rows.map((r) => ({ version: r.version, action: r.action, changedBy: r.changed_by, changedAt: r.changed_at.toISOString(), changes: r.changes }));
}

export type StaleService = { id: string; name: string; lastVerifiedAt: string | null; updatedAt: string };

/** Active or planned services not verified since `cutoff` (or never), oldest first. */
export async function listStaleServices(db: Db, options: { cutoff: string; limit: number }): Promise<StaleService[]> {
  const rows = await db
    .selectFrom('service')
    .select(['id', 'name', 'last_verified_at', 'updated_at'])
    .where('status', '<>', 'closed')
    .where((eb) => eb.or([eb('last_verified_at', 'is', null), eb('last_verified_at', '<', options.cutoff)]))
    .orderBy(sql`last_verified_at nulls first`)
    .orderBy('name')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, lastVerifiedAt: r.last_verified_at, updatedAt: r.updated_at.toISOString() }));
}

/** A citizen's report that an entry is wrong: queued for editors, entry marked under review. */
export async function reportError(db: Db, options: { serviceId: string; message: string; contact: string | null }) {
  const service = await db.selectFrom('service').select('id').where('id', '=', options.serviceId).executeTakeFirst();
  if (!service) throw notFound('Service');
  const id = newId();
  await db.insertInto('error_report').values({ id, service_id: options.serviceId, message: options.message, reporter_contact: options.contact }).execute();
  await db.updateTable('service').set({ under_review: true }).where('id', '=', options.serviceId).execute();
  await bumpRevision(db, { serviceId: options.serviceId, action: 'error_reported' });
  return { id };
}

/** Reports waiting for an editor, oldest first. */
export async function listErrorReports(db: Db, options: { status: 'open' | 'resolved' | 'dismissed' }) {
  const rows = await db
    .selectFrom('error_report as r')
    .innerJoin('service as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.service_id', 's.name as service_name', 'r.message', 'r.reporter_contact', 'r.status', 'r.created_at', 'r.handled_by', 'r.handled_at', 'r.handled_note'])
    .where('r.status', '=', options.status)
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    serviceName: r.service_name,
    message: r.message,
    contact: r.reporter_contact,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    handledBy: r.handled_by,
    handledAt: r.handled_at?.toISOString() ?? null,
    handledNote: r.handled_note,
  }));
}

/** Closes a report; the entry leaves review when no open report remains. */
export async function handleErrorReport(
  db: Db,
  options: { actor: Actor; id: string; status: 'resolved' | 'dismissed'; note: string | null },
) {
  const report = await db.selectFrom('error_report').select(['service_id', 'status']).where('id', '=', options.id).forUpdate().executeTakeFirst();
  if (!report) throw notFound('Error report');
  if (report.status !== 'open') throw new AppError('CONFLICT', 'status: the report is already handled');
  await db
    .updateTable('error_report')
    .set({ status: options.status, handled_by: options.actor.displayName, handled_at: new Date(), handled_note: options.note })
    .where('id', '=', options.id)
    .execute();
  const open = await db.selectFrom('error_report').select('id').where('service_id', '=', report.service_id).where('status', '=', 'open').executeTakeFirst();
  if (!open) {
    await db.updateTable('service').set({ under_review: false }).where('id', '=', report.service_id).execute();
    await bumpRevision(db, { serviceId: report.service_id, action: 'review_ended' });
  }
  return { id: options.id, status: options.status };
}

/** Organizations whose name contains the text (every one when none), by name. */
export async function findOrganizations(db: Db, options: { search?: string | undefined }): Promise<Organization[]> {
  let query = db.selectFrom('organization').selectAll();
  if (options.search) query = query.where('name', 'ilike', `%${options.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const rows = await query.orderBy('name').execute();
  return rows.map(organizationRowToOrganization);
}

/** One organization and the ids of its services by name; NOT_FOUND when there is none. */
export async function getOrganizationWithServiceIds(db: Db, options: { id: string }): Promise<{ organization: Organization; serviceIds: string[] }> {
  const row = await db.selectFrom('organization').selectAll().where('id', '=', options.id).executeTakeFirst();
  if (!row) throw notFound('Organization');
  const services = await db.selectFrom('service').select('id').where('organization_id', '=', row.id).orderBy('name').execute();
  return { organization: organizationRowToOrganization(row), serviceIds: services.map((r) => r.id) };
}

/** A service at one of its locations (HSDS service_at_location); NOT_FOUND when there is none. */
export async function getServiceAtLocation(db: Db, options: { id: string }): Promise<{ service: Service; location: Location }> {
  const link = await db.selectFrom('service_at_location').select(['service_id', 'location_id']).where('id', '=', options.id).executeTakeFirst();
  const [service] = link ? await getServices(db, [link.service_id]) : [];
  const location = service?.locations.find((l) => l.id === link?.location_id);
  if (!service || !location) throw notFound('Service at location');
  return { service, location };
}

/** Organizations, by name. */
export async function listOrganizations(db: Db) {
  const rows = await db.selectFrom('organization').select(['id', 'name']).orderBy('name').execute();
  return rows;
}

/** The gap matrix over every active service. */
export async function getGapMatrix(db: Db) {
  const rows = await db
    .selectFrom('service')
    .select(['id', 'name', 'ladder_step', 'city_wide', 'districts', 'is_24_7'])
    .where('status', '=', 'active')
    .execute();
  const schedules = await db.selectFrom('schedule').selectAll().where('service_id', 'in', rows.length ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000']).execute();
  return computeGapMatrix(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      ladderStep: r.ladder_step,
      cityWide: r.city_wide,
      districts: r.districts,
      hours: openingHoursFromRows(r.is_24_7, schedules.filter((s) => s.service_id === r.id), []),
    })),
  );
}
