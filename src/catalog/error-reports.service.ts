import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { bumpRevision, serviceExists, setServiceUnderReview } from './catalog.repository.ts';
import {
  hasOpenErrorReport,
  insertErrorReport,
  lockErrorReport,
  markErrorReportHandled,
  selectErrorReports,
} from './error-reports.repository.ts';

/** A citizen's report that an entry is wrong: queued for editors, entry marked under review. */
export async function reportError(db: Db, options: { serviceId: string; message: string; contact: string | null }) {
  if (!(await serviceExists(db, options.serviceId))) throw notFound('Service');
  const id = await insertErrorReport(db, options);
  await setServiceUnderReview(db, options.serviceId, true);
  await bumpRevision(db, { serviceId: options.serviceId, action: 'error_reported' });
  return { id };
}

/** Reports waiting for an editor, oldest first. */
export async function listErrorReports(db: Db, options: { status: 'open' | 'resolved' | 'dismissed' }) {
  const rows = await selectErrorReports(db, options.status);
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
  const report = await lockErrorReport(db, options.id);
  if (!report) throw notFound('Error report');
  if (report.status !== 'open') throw new AppError('CONFLICT', 'status: the report is already handled');
  await markErrorReportHandled(db, options.id, { status: options.status, by: options.actor.displayName, note: options.note });
  if (!(await hasOpenErrorReport(db, report.service_id))) {
    await setServiceUnderReview(db, report.service_id, false);
    await bumpRevision(db, { serviceId: report.service_id, action: 'review_ended' });
  }
  return { id: options.id, status: options.status };
}
