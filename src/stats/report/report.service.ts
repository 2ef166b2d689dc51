import type { Actor } from '../../access/actor.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import type { JsonStatDataset } from '../stats.schemas.ts';
import { renderReportHtml, type Lang, type ReportRelease, type UniquePersons } from './report-html.ts';
import { REPORT_INDICATORS } from './report-outline.ts';
import { htmlToPdf } from './report-pdf.ts';
import {
  failReport,
  finishReport,
  insertReport,
  latestDoneReport,
  listReports,
  reportFile,
  reportStatus,
  setProgress,
  startReport,
  type ReportStatusRow,
} from './report.repository.ts';
import type { ReportStatus } from './report.schemas.ts';

export const REPORT_JOB = 'stats-report';

/** Where a report's numbers come from: one release, read as the public API reads it. */
export type ReportSource = {
  /** The release a request names, or the latest; throws NOT_FOUND for an unknown one. */
  release(db: Db, id: string | null): Promise<ReportRelease>;
  dataset(db: Db, releaseId: string, indicatorId: string, lang: Lang): Promise<JsonStatDataset | null>;
  uniquePersons(db: Db, releaseId: string, lang: Lang): Promise<UniquePersons | null>;
};

function toStatus(row: ReportStatusRow & object): ReportStatus {
  const base = `/api/stats/reports/${row.id}`;
  return {
    id: row.id,
    releaseId: row.release_id,
    lang: row.lang,
    state: row.state,
    progress: { step: row.step, steps: row.steps, label: row.step_label },
    error: row.error,
    durationMs: row.duration_ms,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    files: row.state === 'done' ? { html: `${base}/report.html`, pdf: `${base}/report.pdf` } : null,
  };
}

/** POST /api/stats/reports: queues a build of the report from a release (the latest unless named). */
export async function requestReport(
  db: Db,
  jobs: JobQueue,
  source: ReportSource,
  options: { releaseId: string | null; lang: Lang; actor: Actor },
): Promise<ReportStatus> {
  const release = await source.release(db, options.releaseId);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await insertReport(trx, { id, releaseId: release.id, lang: options.lang, requestedBy: options.actor.userId });
    await jobs.enqueue(REPORT_JOB, { id }, { trx });
  });
  return getReportStatus(db, id);
}

export async function getReportStatus(db: Db, id: string): Promise<ReportStatus> {
  const row = await reportStatus(db, id);
  if (!row) throw notFound(`Report ${id}`);
  return toStatus(row);
}

export async function listReportStatuses(db: Db): Promise<ReportStatus[]> {
  return (await listReports(db, 50)).map(toStatus);
}

/** The newest finished report of the latest release (or the named one). */
export async function latestReport(db: Db, source: ReportSource, options: { lang: Lang; releaseId: string | null }): Promise<ReportStatus> {
  const release = await source.release(db, options.releaseId);
  const row = await latestDoneReport(db, { lang: options.lang, releaseId: release.id });
  if (!row) throw notFound(`A finished ${options.lang} report of release ${release.id}`);
  return toStatus(row);
}

export async function getReportFile(db: Db, id: string, file: 'html'): Promise<string>;
export async function getReportFile(db: Db, id: string, file: 'pdf'): Promise<Uint8Array>;
export async function getReportFile(db: Db, id: string, file: 'html' | 'pdf'): Promise<string | Uint8Array> {
  const row = await reportFile(db, id, file);
  if (!row) throw notFound(`Report ${id}`);
  const content = file === 'html' ? (row as { html: string | null }).html : (row as { pdf: Uint8Array | null }).pdf;
  if (row.state !== 'done' || content === null) {
    throw new AppError('CONFLICT', `Report ${id} is ${row.state}; its files exist when it is done`);
  }
  return content;
}

/**
 * The job: loads each indicator of the outline from the release, renders the HTML, prints the
 * PDF, and stores both, writing its progress after every step. A build that throws is failed
 * with its message (the job is not retried: a report that failed once fails the same way).
 */
export async function buildReport(
  db: Db,
  source: ReportSource,
  options: { id: string; chromiumPath: string },
): Promise<{ durationMs: number }> {
  const started = performance.now();
  const row = await reportStatus(db, options.id);
  const steps = REPORT_INDICATORS.length + 2;
  if (!row || !(await startReport(db, options.id, steps))) return { durationMs: 0 };
  try {
    const release = await source.release(db, row.release_id);
    const datasets = new Map<string, JsonStatDataset>();
    let step = 0;
    for (const indicatorId of REPORT_INDICATORS) {
      const dataset = await source.dataset(db, release.id, indicatorId, row.lang);
      if (dataset) datasets.set(indicatorId, dataset);
      await setProgress(db, options.id, ++step, indicatorId);
    }
    const html = renderReportHtml({
      lang: row.lang,
      release,
      generatedAt: new Date().toISOString(),
      datasets,
      uniquePersons: await source.uniquePersons(db, release.id, row.lang),
    });
    await setProgress(db, options.id, ++step, 'pdf');
    const pdf = await htmlToPdf(html, { chromiumPath: options.chromiumPath, lang: row.lang });
    const durationMs = Math.round(performance.now() - started);
    await finishReport(db, options.id, { html, pdf, durationMs, steps });
    return { durationMs };
  } catch (error) {
    await failReport(db, options.id, error instanceof Error ? error.message : String(error));
    return { durationMs: Math.round(performance.now() - started) };
  }
}
