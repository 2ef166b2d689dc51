import type { Db } from '../../platform/db.ts';
import './report.table.ts';

/** What a report's status answer shows (no file contents). */
const STATUS_COLUMNS = [
  'id',
  'release_id',
  'lang',
  'state',
  'step',
  'steps',
  'step_label',
  'error',
  'duration_ms',
  'created_at',
  'finished_at',
] as const;

export type ReportStatusRow = Awaited<ReturnType<typeof reportStatus>>;

export async function insertReport(db: Db, row: { id: string; releaseId: string; lang: 'nb' | 'en'; requestedBy: string }): Promise<void> {
  await db
    .insertInto('stats_report')
    .values({ id: row.id, release_id: row.releaseId, lang: row.lang, requested_by: row.requestedBy })
    .execute();
}

export async function reportStatus(db: Db, id: string) {
  return db.selectFrom('stats_report').select(STATUS_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listReports(db: Db, limit: number) {
  return db.selectFrom('stats_report').select(STATUS_COLUMNS).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** The newest finished report of a release (or of any release) in a language. */
export async function latestDoneReport(db: Db, options: { lang: 'nb' | 'en'; releaseId: string | null }) {
  let query = db.selectFrom('stats_report').select(STATUS_COLUMNS).where('state', '=', 'done').where('lang', '=', options.lang);
  if (options.releaseId) query = query.where('release_id', '=', options.releaseId);
  return query.orderBy('finished_at', 'desc').limit(1).executeTakeFirst();
}

export async function reportFile(db: Db, id: string, file: 'html' | 'pdf') {
  return db.selectFrom('stats_report').select(['state', file]).where('id', '=', id).executeTakeFirst();
}

/** Claims a queued build (a retried job finds it running or done and does not start it twice). */
export async function startReport(db: Db, id: string, steps: number): Promise<boolean> {
  const claimed = await db
    .updateTable('stats_report')
    .set({ state: 'running', step: 0, steps, step_label: '' })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export async function setProgress(db: Db, id: string, step: number, label: string): Promise<void> {
  await db.updateTable('stats_report').set({ step, step_label: label }).where('id', '=', id).where('state', '=', 'running').execute();
}

export async function finishReport(db: Db, id: string, files: { html: string; pdf: Uint8Array; durationMs: number; steps: number }) {
  await db
    .updateTable('stats_report')
    .set({
      state: 'done',
      html: files.html,
      pdf: files.pdf,
      step: files.steps,
      step_label: '',
      duration_ms: files.durationMs,
      finished_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function failReport(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('stats_report').set({ state: 'failed', error, finished_at: new Date() }).where('id', '=', id).execute();
}
