import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { fieldId, TextField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { ErrorReport } from '../types.ts';
import { Button, Section, StaffNotice } from '../ui.tsx';

type Result = { skin: 'success' | 'warning' | 'error'; text: string } | null;

/**
 * Open error reports from the public, oldest first. A report changes nothing on the public page
 * until an editor confirms it (the entry then shows "under review"); resolving or dismissing the
 * last confirmed report takes the entry out of review.
 */
export function ErrorReportQueue() {
  const { s } = useStaffText();
  const reports = useStaffGet<ErrorReport[]>('/api/editor/error-reports?status=open');
  const [result, setResult] = useState<Result>(null);

  const confirmed = (report: ErrorReport, next: ErrorReport | null, outcome: Result) => {
    if (reports.data && next) reports.set(reports.data.map((r) => (r.id === report.id ? next : r)));
    else if (reports.data && outcome?.skin === 'warning') reports.set(reports.data.filter((r) => r.id !== report.id));
    setResult(outcome);
    focusById('reports-result');
  };

  const handled = (report: ErrorReport, outcome: Result) => {
    if (reports.data && outcome?.skin !== 'error') reports.set(reports.data.filter((r) => r.id !== report.id));
    setResult(outcome);
    // The report's buttons are gone; the result takes focus so keyboard users are not lost.
    focusById('reports-result');
  };

  return (
    <Section id="reports" title={s.reportsHeading}>
      {result ? (
        <StaffNotice id="reports-result" skin={result.skin}>
          <p>{result.text}</p>
        </StaffNotice>
      ) : null}
      {reports.loading && !reports.data ? <Loading /> : null}
      <LoadError error={reports.error} onRetry={reports.reload} />
      {reports.data ? (
        reports.data.length === 0 ? (
          <p>{s.reportsNone}</p>
        ) : (
          <>
            <p>{s.reportsCount(reports.data.length)}</p>
            <ul className="vv-staff-reports">
              {reports.data.map((r) => (
                <li key={r.id}>
                  <ReportCard report={r} onHandled={handled} onConfirmed={confirmed} />
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </Section>
  );
}

type ReportCardProps = {
  report: ErrorReport;
  onHandled: (r: ErrorReport, outcome: Result) => void;
  onConfirmed: (r: ErrorReport, next: ErrorReport | null, outcome: Result) => void;
};

function ReportCard({ report, onHandled, onConfirmed }: ReportCardProps) {
  const { s, lang, link } = useStaffText();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const headingId = `report-${report.id}-heading`;

  const handle = async (status: 'resolved' | 'dismissed') => {
    if (busy) return;
    setBusy(true);
    try {
      await staffApi.post(`/api/editor/error-reports/${report.id}/handle`, { status, note: note.trim() || null });
      onHandled(report, { skin: 'success', text: s.reportHandled(status, report.serviceName) });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 401) return;
      if (error instanceof ApiError && error.status === 409) onHandled(report, { skin: 'warning', text: s.reportAlreadyHandled });
      else onHandled(report, { skin: 'error', text: error instanceof ApiError && error.status === 403 ? s.forbidden : s.genericError });
    }
  };

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await staffApi.post(`/api/editor/error-reports/${report.id}/confirm`, {});
      setBusy(false);
      const next = { ...report, confirmedAt: new Date().toISOString(), confirmedBy: null };
      onConfirmed(report, next, { skin: 'success', text: s.reportConfirmed(report.serviceName) });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 401) return;
      if (error instanceof ApiError && error.status === 409) onConfirmed(report, null, { skin: 'warning', text: s.reportAlreadyHandled });
      else
        onConfirmed(report, null, {
          skin: 'error',
          text: error instanceof ApiError && error.status === 403 ? s.forbidden : s.genericError,
        });
    }
  };

  return (
    <article className="vv-staff-card vv-staff-report" aria-labelledby={headingId}>
      <h3 id={headingId} className="vv-staff-h3">
        <Link to={link(`/redaktor/tjenester/${report.serviceId}`)}>{s.reportAbout(report.serviceName)}</Link>
      </h3>
      <p className="vv-staff-muted">{s.reportReceived(formatDateTime(report.createdAt, lang))}</p>
      <blockquote className="vv-staff-quote">{report.message}</blockquote>
      <p className="vv-staff-muted">
        {report.confirmedAt
          ? s.reportConfirmedBy(report.confirmedBy ?? null, formatDateTime(report.confirmedAt, lang))
          : s.reportUnconfirmed}
      </p>
      {report.contact ? (
        <p>
          {s.reportContact}: {report.contact}
        </p>
      ) : null}
      <TextField id={fieldId(`report-note-${report.id}`)} label={s.reportNoteLabel} value={note} onChange={setNote} maxLength={1000} />
      <div className="vv-staff-buttons">
        {report.confirmedAt ? null : (
          <Button skin="secondary" size="small" busy={busy} onClick={() => void confirm()} ariaDescribedBy={headingId}>
            {s.reportConfirm}
          </Button>
        )}
        <Button skin="secondary" size="small" busy={busy} onClick={() => void handle('resolved')} ariaDescribedBy={headingId}>
          {s.reportResolve}
        </Button>
        <Button skin="tertiary" size="small" busy={busy} onClick={() => void handle('dismissed')} ariaDescribedBy={headingId}>
          {s.reportDismiss}
        </Button>
      </div>
    </article>
  );
}
