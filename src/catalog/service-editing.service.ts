import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Service } from './catalog.model.ts';
import { insertServiceVersion, lockServiceVersion, upsertService } from './catalog.repository.ts';
import type { ServiceInput } from './catalog.schemas.ts';
import { diffInputs, serviceInputToWrite, serviceToInput } from './catalog.write.ts';
import { selectOrganizationName } from './organizations.repository.ts';
import { getService } from './services.service.ts';
import type { IntakeStatus } from './vocabulary.ts';

/*
 * The editor's use-cases on a service entry: create, update, close, verify, set intake status.
 * Each change locks the row, checks the version the editor started from, and writes a version row.
 */

async function organizationName(db: Db, organizationId: string | null): Promise<string | null> {
  if (!organizationId) return null;
  const org = await selectOrganizationName(db, organizationId);
  if (!org)
    throw new AppError('INVALID_INPUT', 'organizationId: no such organization', [
      { field: 'organizationId', message: 'no such organization' },
    ]);
  return org.name;
}

/** Creates a service; the first version row records every field. */
export async function createService(
  db: Db,
  options: { actor: Actor; input: ServiceInput; id?: string; seedKey?: string; sourceRefs?: string[] },
): Promise<Service> {
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
  const version = await lockServiceVersion(db, id);
  if (version === undefined) throw notFound('Service');
  if (expectedVersion !== null && version !== expectedVersion) {
    throw new AppError('CONFLICT', `version: the service was changed by someone else (now version ${version}); reload and try again`, [
      { field: 'version', message: `is ${expectedVersion}, but the service is at version ${version}` },
    ]);
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
  const input = {
    ...serviceToInput(before),
    status: 'closed' as const,
    statusDate: options.closedOn,
    statusNote: options.note ?? before.statusNote,
  };
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
