import { useEffect, useState } from 'react';
import type { ReportStatus } from '../../../../src/stats/report/report.schemas.ts';
import { LoadError, Loading } from '../../components/common.tsx';
import { fieldId, SelectField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { asApiError, staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { Button, Section, StaffNotice } from '../ui.tsx';

const POLL_MS = 500;
const building = (r: ReportStatus | null) => r !== null && (r.state === 'queued' || r.state === 'running');

/** /analyse/rapport — build the report from the latest release, follow its progress, download it. */
export function ReportPage() {
  const { s, lang } = useStaffText();
  const list = useStaffGet<{ reports: ReportStatus[] }>('/api/stats/reports');
  const [reportLang, setReportLang] = useState<'nb' | 'en'>(lang);
  const [current, setCurrent] = useState<ReportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle(s.reportTitle);

  // Follows the build while it runs: its status is polled until it is done or failed.
  useEffect(() => {
    if (!current || !building(current)) return;
    const timer = setTimeout(() => {
      staffApi.get<ReportStatus>(`/api/stats/reports/${current.id}`).then(
        (next) => {
          setCurrent(next);
          if (!building(next)) list.reload();
        },
        (e: unknown) => setError(asApiError(e).message),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [current, list]);

  const start = async () => {
    if (building(current)) return;
    setError(null);
    try {
      setCurrent(await staffApi.post<ReportStatus>('/api/stats/reports', { lang: reportLang }));
    } catch (e) {
      setError(asApiError(e).message);
    }
  };

  const stateLabel = (r: ReportStatus) => s.reportStates[r.state] ?? r.state;
  return (
    <>
      <h1 className="vv-page-title">{s.reportTitle}</h1>
      <p>{s.reportIntro}</p>
      <div className="vv-staff-form">
        <SelectField
          id={fieldId('report-lang')}
          label={s.reportLanguage}
          value={reportLang}
          onChange={(v) => setReportLang(v === 'en' ? 'en' : 'nb')}
          options={[
            { value: 'nb', label: 'Bokmål' },
            { value: 'en', label: 'English' },
          ]}
        />
        <div className="vv-staff-buttons">
          <Button onClick={() => void start()} busy={building(current)}>
            {s.reportBuild}
          </Button>
        </div>
      </div>
      {current && building(current) ? (
        <p>
          <label htmlFor="report-progress">
            {current.state === 'queued' ? s.reportQueued : s.reportProgress(current.progress.step, current.progress.steps)}{' '}
          </label>
          {current.state === 'queued' ? (
            <progress id="report-progress" />
          ) : (
            <progress id="report-progress" max={current.progress.steps} value={current.progress.step}>
              {Math.round((100 * current.progress.step) / current.progress.steps)} %
            </progress>
          )}
        </p>
      ) : null}
      {current?.state === 'done' && current.files ? (
        <StaffNotice skin="success">
          <p>{s.reportDone((current.durationMs ?? 0) / 1000)}</p>
          <p>
            <a href={current.files.pdf}>{s.reportPdf}</a> · <a href={current.files.html}>{s.reportHtml}</a>
          </p>
        </StaffNotice>
      ) : null}
      {current?.state === 'failed' ? <StaffNotice skin="error">{s.reportFailed(current.error ?? '')}</StaffNotice> : null}
      {error ? <StaffNotice skin="error">{error}</StaffNotice> : null}
      <Section id="report-builds" title={s.reportBuildsHeading}>
        <LoadError error={list.error} onRetry={list.reload} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data ? (
          <div className="vv-staff-table-wrap" tabIndex={0} role="region" aria-labelledby="report-builds-caption">
            <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
              <caption id="report-builds-caption" className="vv-staff-caption">
                {s.reportBuildsCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{s.reportStarted}</th>
                  <th scope="col">{s.reportRelease}</th>
                  <th scope="col">{s.reportLanguage}</th>
                  <th scope="col">{s.reportState}</th>
                  <th scope="col">{s.reportFiles}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.reports.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.createdAt, lang)}</td>
                    <td>{r.releaseId}</td>
                    <td>{r.lang === 'nb' ? 'Bokmål' : 'English'}</td>
                    <td>{stateLabel(r)}</td>
                    <td>
                      {r.files ? (
                        <>
                          <a href={r.files.pdf}>{s.reportPdf}</a> · <a href={r.files.html}>{s.reportHtml}</a>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
    </>
  );
}
