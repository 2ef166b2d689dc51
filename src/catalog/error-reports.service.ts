import type { Actor } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { bumpRevision, selectServiceAudience, setServiceUnderReview } from './catalog.repository.ts';
import {
  hasConfirmedOpenErrorReport,
  insertErrorReport,
  lockErrorReport,
  markErrorReportConfirmed,
  markErrorReportHandled,
  selectErrorReports,
} from './error-reports.repository.ts';

/*
 * Error reports are triaged privately. A citizen's report goes to the editors' queue and changes
 * nothing on the public page: anyone can send one, so one report must not put a warning on, say,
 * the emergency room's entry. Only when an editor confirms a report does the entry show as under
 * review; it leaves review when no confirmed report is open any more.
 */

/** A citizen's report that an entry is wrong: queued for editors, the public page unchanged. */
export async function reportError(db: Db, options: { serviceId: string; message: string; contact: string | null }) {
  const audience = await selectServiceAudience(db, options.serviceId);
  // An agreement or a contract is not in the public catalog, so the public cannot report on it.
  if (!audience || audience.arrangement !== null) throw notFound('Service');
  const id = await insertErrorReport(db, options);
  // Editors' pages follow catalog.changed to see the new report; the public answers do not change.
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
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    handledBy: r.handled_by,
    handledAt: r.handled_at?.toISOString() ?? null,
    handledNote: r.handled_note,
  }));
}

/**
 * An editor confirms that a report looks right: the entry shows as under review on the public
 * page until the report is resolved or dismissed. Who confirmed and when stays on the report.
 */
export async function confirmErrorReport(db: Db, options: { actor: Actor; id: string }) {
  const report = await lockErrorReport(db, options.id);
  if (!report) throw notFound('Error report');
  if (report.status !== 'open') throw new AppError('CONFLICT', 'status: the report is already handled');
  if (report.confirmed_at) throw new AppError('CONFLICT', 'status: the report is already confirmed');
  await markErrorReportConfirmed(db, options.id, { by: options.actor.displayName });
  await setServiceUnderReview(db, report.service_id, true);
  await bumpRevision(db, { serviceId: report.service_id, action: 'review_started' });
  return { id: options.id, status: 'open' as const, confirmed: true as const };
}

/** Closes a report; the entry leaves review when no confirmed report remains open. */
export async function handleErrorReport(
  db: Db,
  options: { actor: Actor; id: string; status: 'resolved' | 'dismissed'; note: string | null },
) {
  const report = await lockErrorReport(db, options.id);
  if (!report) throw notFound('Error report');
  if (report.status !== 'open') throw new AppError('CONFLICT', 'status: the report is already handled');
  await markErrorReportHandled(db, options.id, { status: options.status, by: options.actor.displayName, note: options.note });
  if (report.confirmed_at && !(await hasConfirmedOpenErrorReport(db, report.service_id))) {
    await setServiceUnderReview(db, report.service_id, false);
    await bumpRevision(db, { serviceId: report.service_id, action: 'review_ended' });
  }
  return { id: options.id, status: options.status };
}
