import type { Db } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';

/** Stores a citizen's error report; returns its id. */
export async function insertErrorReport(db: Db, report: { serviceId: string; message: string; contact: string | null }): Promise<string> {
  const id = newId();
  await db
    .insertInto('error_report')
    .values({ id, service_id: report.serviceId, message: report.message, reporter_contact: report.contact })
    .execute();
  return id;
}

/** Reports with a status, with their service's name, oldest first. */
export async function selectErrorReports(db: Db, status: 'open' | 'resolved' | 'dismissed') {
  return db
    .selectFrom('error_report as r')
    .innerJoin('service as s', 's.id', 'r.service_id')
    .select([
      'r.id',
      'r.service_id',
      's.name as service_name',
      'r.message',
      'r.reporter_contact',
      'r.status',
      'r.created_at',
      'r.handled_by',
      'r.handled_at',
      'r.handled_note',
      'r.confirmed_at',
      'r.confirmed_by',
    ])
    .where('r.status', '=', status)
    .orderBy('r.created_at')
    .execute();
}

/** One report's service and status, locked for the rest of the transaction. */
export async function lockErrorReport(db: Db, id: string) {
  return db.selectFrom('error_report').select(['service_id', 'status', 'confirmed_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records how an editor handled a report. */
export async function markErrorReportHandled(
  db: Db,
  id: string,
  handled: { status: 'resolved' | 'dismissed'; by: string; note: string | null },
): Promise<void> {
  await db
    .updateTable('error_report')
    .set({ status: handled.status, handled_by: handled.by, handled_at: new Date(), handled_note: handled.note })
    .where('id', '=', id)
    .execute();
}

/** Records that an editor confirmed a report. */
export async function markErrorReportConfirmed(db: Db, id: string, confirmed: { by: string }): Promise<void> {
  await db.updateTable('error_report').set({ confirmed_at: new Date(), confirmed_by: confirmed.by }).where('id', '=', id).execute();
}

/** True when the service has a report still open that an editor confirmed. */
export async function hasConfirmedOpenErrorReport(db: Db, serviceId: string): Promise<boolean> {
  const open = await db
    .selectFrom('error_report')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('status', '=', 'open')
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return open !== undefined;
}
