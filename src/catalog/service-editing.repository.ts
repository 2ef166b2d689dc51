import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { FieldChange } from './catalog.table.ts';
import type { IntakeStatus } from './vocabulary.ts';

/** The newest close of a service (its version row), or undefined when it was never closed. */
export async function selectLatestClose(
  db: Db,
  serviceId: string,
): Promise<{ version: number; changes: Record<string, FieldChange> } | undefined> {
  return db
    .selectFrom('service_version')
    .select(['version', 'changes'])
    .where('service_id', '=', serviceId)
    .where('action', '=', 'close')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The undo of one close, if it was undone. */
export async function selectCloseUndo(db: Db, serviceId: string, closeVersion: number) {
  return db
    .selectFrom('service_close_undo')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('close_version', '=', closeVersion)
    .executeTakeFirst();
}

const UNIQUE_VIOLATION = '23505';

/** Records that a close was undone; the primary key refuses a second undo of the same close (CONFLICT). */
export async function insertCloseUndo(
  db: Db,
  row: { service_id: string; close_version: number; undo_version: number; undone_by: string },
): Promise<void> {
  try {
    await db.insertInto('service_close_undo').values(row).execute();
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
      throw new AppError('CONFLICT', `version: the close (version ${row.close_version}) was already undone by someone else`);
    }
    throw error;
  }
}

/** Sets a service's intake status only (no content version, child rows untouched); false when there is no such service. */
export async function updateIntakeStatus(db: Db, id: string, intakeStatus: IntakeStatus | null, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('service')
    .set({ intake_status: intakeStatus, intake_status_at: at })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Appends an intake-status change and keeps only the newest `keep` changes of the service (a small history). */
export async function insertIntakeStatusChange(
  db: Db,
  row: { service_id: string; intake_status: IntakeStatus | null; changed_by: string; changed_at: Date },
  keep: number,
): Promise<void> {
  await db.insertInto('service_intake_status').values(row).execute();
  await db
    .deleteFrom('service_intake_status')
    .where('service_id', '=', row.service_id)
    .where(
      'id',
      'not in',
      db.selectFrom('service_intake_status').select('id').where('service_id', '=', row.service_id).orderBy('id', 'desc').limit(keep),
    )
    .execute();
}

/** The newest intake-status changes of a service. */
export async function selectIntakeStatusHistory(db: Db, serviceId: string, limit: number) {
  return db
    .selectFrom('service_intake_status')
    .select(['intake_status', 'changed_by', 'changed_at'])
    .where('service_id', '=', serviceId)
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The hand-typed intake status of these services, when it was set, and their seed keys (what intake units link to). */
export async function selectIntakeStatuses(
  db: Db,
  ids: string[],
): Promise<Map<string, { intakeStatus: IntakeStatus | null; at: Date | null; seedKey: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('service')
    .select(['id', 'intake_status', 'intake_status_at', 'seed_key'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { intakeStatus: r.intake_status, at: r.intake_status_at, seedKey: r.seed_key }]));
}

/** Every service's hand-typed intake status and seed key, by id. */
export async function selectAllIntakeStatuses(
  db: Db,
): Promise<Map<string, { intakeStatus: IntakeStatus | null; at: Date | null; seedKey: string | null }>> {
  const rows = await db.selectFrom('service').select(['id', 'intake_status', 'intake_status_at', 'seed_key']).execute();
  return new Map(rows.map((r) => [r.id, { intakeStatus: r.intake_status, at: r.intake_status_at, seedKey: r.seed_key }]));
}

/** A service's seed key; undefined when there is no such service. */
export async function selectSeedKey(db: Db, id: string): Promise<{ seedKey: string | null } | undefined> {
  const row = await db.selectFrom('service').select('seed_key').where('id', '=', id).executeTakeFirst();
  return row && { seedKey: row.seed_key };
}
