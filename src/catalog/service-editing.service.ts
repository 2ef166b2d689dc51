import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Service } from './catalog.model.ts';
import { insertServiceVersion, lockServiceVersion, upsertService } from './catalog.repository.ts';
import type { ServiceInput } from './catalog.schemas.ts';
import { diffInputs, isSameInput, serviceInputToWrite, serviceToInput } from './catalog.write.ts';
import { selectOrganizationName } from './organizations.repository.ts';
import { getService } from './services.service.ts';
import { insertCloseUndo, selectCloseUndo, selectLatestClose } from './service-editing.repository.ts';

/*
 * The editor's use-cases on a service entry: create, update, close, undo a close, verify. Each
 * change locks the row, checks the version the editor started from, and writes a version row.
 * Intake status is a small change of its own (intake-status.service.ts).
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

type ChangeAction = 'update' | 'close' | 'verify' | 'report' | 'undo_close';

async function saveChange(
  db: Db,
  before: Service,
  input: ServiceInput,
  options: {
    actor: Actor;
    action: ChangeAction;
    verified?: { on: string; by: string };
    underReview?: boolean;
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
    intakeStatus: before.intakeStatus,
    intakeStatusAt: before.intakeStatusAt ? new Date(before.intakeStatusAt) : null,
  });
  delete (write.row as { seed_key?: unknown }).seed_key; // keep the seed key a service was born with
  // Intake status is its own small change (intake-status.service.ts); a content save keeps the stored one as it is.
  delete (write.row as { intake_status?: unknown }).intake_status;
  delete (write.row as { intake_status_at?: unknown }).intake_status_at;
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

/**
 * Replaces a service's content; refuses when someone else saved in between. A save that changes
 * nothing writes nothing (no version, no search-cache flush) and says so with `unchanged`.
 */
export async function updateService(
  db: Db,
  options: { actor: Actor; id: string; version: number; input: ServiceInput },
): Promise<Service & { unchanged: boolean }> {
  const before = await lockForChange(db, options.id, options.version);
  if (isSameInput(serviceToInput(before), options.input)) return { ...before, unchanged: true };
  const saved = await saveChange(db, before, options.input, { actor: options.actor, action: 'update' });
  return { ...saved, unchanged: false };
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

/**
 * Undoes the newest close of a service: the fields the close changed get the values they had
 * before it, as a new version. A close is undone at most once (CONFLICT after that, also when two
 * editors undo at the same moment: the database keeps one undo per close).
 */
export async function undoCloseService(db: Db, options: { actor: Actor; id: string; version: number }): Promise<Service> {
  const current = await lockServiceVersion(db, options.id);
  if (current === undefined) throw notFound('Service');
  const close = await selectLatestClose(db, options.id);
  if (!close) throw new AppError('CONFLICT', 'status: the service has never been closed, so there is no close to undo');
  const undone = await selectCloseUndo(db, options.id, close.version);
  if (undone) {
    throw new AppError(
      'CONFLICT',
      `status: this close (version ${close.version}) was already undone by ${undone.undone_by} (version ${undone.undo_version})`,
      [{ field: 'version', message: `the close in version ${close.version} was already undone` }],
    );
  }
  const before = await lockForChange(db, options.id, options.version);
  if (before.status !== 'closed') {
    throw new AppError('CONFLICT', 'status: the service is no longer closed (it was changed after the close), so there is nothing to undo');
  }
  const input: Record<string, unknown> = { ...serviceToInput(before) };
  for (const [field, change] of Object.entries(close.changes)) if (field in input) input[field] = change.from;
  const saved = await saveChange(db, before, input as ServiceInput, { actor: options.actor, action: 'undo_close' });
  await insertCloseUndo(db, {
    service_id: options.id,
    close_version: close.version,
    undo_version: saved.version,
    undone_by: options.actor.displayName,
  });
  return saved;
}
