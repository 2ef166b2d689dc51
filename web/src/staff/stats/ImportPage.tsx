import { useRef, useState, type SyntheticEvent } from 'react';
import type { ImportList, ImportReport, LayoutList, ReleaseCreated, ReleaseList } from '../../../../src/stats/stats.schemas.ts';
import type { ApiError } from '../../api.ts';
import { LoadError, Loading } from '../../components/common.tsx';
import { fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { asApiError, staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { useSession } from '../session.tsx';
import { Button, Section, StaffNotice } from '../ui.tsx';

type Outcome = { kind: 'stored'; report: ImportReport } | { kind: 'refused'; detail: string; errors: { field: string; message: string }[] };

/**
 * Sends the form with XMLHttpRequest, which (unlike fetch) reports upload progress, so a large
 * file shows a progress bar. The CSRF token of the session goes in its header, as api.ts does.
 */
function upload(form: FormData, csrfToken: string, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/stats/imports');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: xhr.statusText };
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(form);
  });
}

/** /analyse/import — upload an aggregate table; every refused row and field is listed. */
export function ImportPage() {
  const { s, lang } = useStaffText();
  const session = useSession();
  const layouts = useStaffGet<LayoutList>('/api/stats/layouts');
  const imports = useStaffGet<ImportList>('/api/stats/imports');
  const [layout, setLayout] = useState('fig09');
  const [sourceSystem, setSourceSystem] = useState('');
  const [source, setSource] = useState('');
  const [extractionDate, setExtractionDate] = useState(new Date().toISOString().slice(0, 10));
  const [encoding, setEncoding] = useState('utf-8');
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const file = useRef<HTMLInputElement>(null);
  useTitle(s.statsImportTitle);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen || session.status !== 'signedIn') return;
    const form = new FormData();
    for (const [k, v] of Object.entries({ layout, sourceSystem, source, extractionDate, encoding })) form.append(k, v);
    form.append('file', chosen, chosen.name);
    setOutcome(null);
    setProgress(0);
    try {
      const { status, body } = await upload(form, session.me.csrfToken, setProgress);
      if (status === 201) {
        setOutcome({ kind: 'stored', report: body as ImportReport });
        imports.reload();
      } else {
        const problem = body as { detail?: string; errors?: { field: string; message: string }[] };
        setOutcome({ kind: 'refused', detail: problem.detail ?? String(status), errors: problem.errors ?? [] });
      }
    } catch (error) {
      setOutcome({ kind: 'refused', detail: (error as Error).message, errors: [] });
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <h1 className="vv-page-title">{s.statsImportTitle}</h1>
      <p>{s.statsImportIntro}</p>
      <LoadError error={layouts.error} onRetry={layouts.reload} />
      {layouts.data ? (
        <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="vv-staff-grid">
            <SelectField
              id={fieldId('stats-layout')}
              label={s.statsLayout}
              value={layout}
              onChange={setLayout}
              options={layouts.data.layouts.map((l) => ({ value: l.id, label: `${l.id}: ${l.label}` }))}
              hint={layouts.data.layouts.find((l) => l.id === layout)?.columns.join(', ')}
            />
            <TextField
              id={fieldId('stats-source-system')}
              label={s.statsSourceSystem}
              hint={s.statsSourceSystemHint}
              value={sourceSystem}
              onChange={setSourceSystem}
              required
            />
            <TextField id={fieldId('stats-source')} label={s.statsSource} value={source} onChange={setSource} required />
            <TextField
              id={fieldId('stats-extraction-date')}
              label={s.statsExtractionDate}
              type="date"
              value={extractionDate}
              onChange={setExtractionDate}
              required
            />
            <SelectField
              id={fieldId('stats-encoding')}
              label={s.statsEncoding}
              value={encoding}
              onChange={setEncoding}
              options={[
                { value: 'utf-8', label: s.statsEncodingUtf8 },
                { value: 'windows-1252', label: s.statsEncodingCp1252 },
              ]}
            />
            <div className="pkt-inputwrapper">
              <label className="pkt-inputwrapper__label" htmlFor="stats-file">
                {s.statsFile}
              </label>
              <input
                id="stats-file"
                name="file"
                type="file"
                ref={file}
                accept=".csv,.xlsx,text/csv"
                className="pkt-input pkt-input--fullwidth"
              />
            </div>
          </div>
          <div className="vv-staff-buttons">
            <Button type="submit" busy={progress !== null}>
              {s.statsUpload}
            </Button>
          </div>
          {progress !== null ? (
            <p>
              <label htmlFor="stats-progress">{s.statsProgress} </label>
              <progress id="stats-progress" max={1} value={progress}>
                {Math.round(progress * 100)} %
              </progress>
            </p>
          ) : null}
        </form>
      ) : layouts.loading ? (
        <Loading />
      ) : null}
      {outcome?.kind === 'stored' ? (
        <StaffNotice skin="success">
          {s.statsStored(
            outcome.report.rowCount,
            outcome.report.observationCount,
            outcome.report.import?.periodFrom ?? '—',
            outcome.report.import?.periodTo ?? '—',
          )}
        </StaffNotice>
      ) : null}
      {outcome?.kind === 'refused' ? (
        <StaffNotice skin="error">
          <p>{s.statsRefused(outcome.errors.length)}</p>
          <ul data-testid="import-problems">
            {outcome.errors.length ? (
              outcome.errors.map((e) => <li key={`${e.field}:${e.message}`}>{`${e.field}: ${e.message}`}</li>)
            ) : (
              <li>{outcome.detail}</li>
            )}
          </ul>
        </StaffNotice>
      ) : null}
      <ReleaseSection />
      <Section id="stats-imports" title={s.statsImportsHeading}>
        {imports.data ? (
          <div className="vv-staff-table-wrap" tabIndex={0} role="region" aria-labelledby="stats-imports-caption">
            <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
              <caption id="stats-imports-caption" className="vv-staff-caption">
                {s.statsImportsCaption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{s.statsLayout}</th>
                  <th scope="col">{s.statsFileName}</th>
                  <th scope="col">{s.statsSourceSystem}</th>
                  <th scope="col">{s.statsExtractionDate}</th>
                  <th scope="col">{s.statsPeriods}</th>
                  <th scope="col">{s.statsImportedAt}</th>
                </tr>
              </thead>
              <tbody>
                {imports.data.imports.map((i) => (
                  <tr key={i.id}>
                    <td>{i.layoutId}</td>
                    <td>{i.fileName}</td>
                    <td>{i.sourceSystem}</td>
                    <td>{i.extractionDate}</td>
                    <td>
                      {i.periodFrom ?? '—'}–{i.periodTo ?? '—'}
                    </td>
                    <td>
                      {formatDateTime(i.importedAt, lang)} ({i.importedBy})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <LoadError error={imports.error} onRetry={imports.reload} />
        )}
      </Section>
    </>
  );
}

/** Making a release: what is public now, and a button that publishes the current imports. */
function ReleaseSection() {
  const { s, lang } = useStaffText();
  const releases = useStaffGet<ReleaseList>('/api/stats/releases');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<ReleaseCreated | null>(null);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const latest = releases.data?.releases[0];
  const publish = async () => {
    setBusy(true);
    setMade(null);
    setRefused(null);
    try {
      setMade(await staffApi.post<ReleaseCreated>('/api/stats/releases'));
      releases.reload();
    } catch (error) {
      setRefused(asApiError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section id="stats-release" title={s.statsReleaseHeading}>
      <p>{s.statsReleaseIntro}</p>
      {latest ? (
        <p data-testid="latest-release">{s.statsReleaseLatest(latest.id, formatDateTime(latest.createdAt, lang), latest.createdBy)}</p>
      ) : null}
      <LoadError error={releases.error} onRetry={releases.reload} />
      <div className="vv-staff-buttons">
        <Button type="button" busy={busy} onClick={() => void publish()}>
          {s.statsReleaseButton}
        </Button>
      </div>
      {made ? (
        <StaffNotice skin="success">
          {made.created
            ? s.statsReleaseMade(made.release.id, made.release.cellCount, made.release.suppressedCount)
            : s.statsReleaseUnchanged(made.release.id)}
        </StaffNotice>
      ) : null}
      {refused ? (
        <StaffNotice skin="error">
          <p>{s.statsReleaseRefused}</p>
          <ul>
            {refused.errors.length ? (
              refused.errors.map((e) => <li key={`${e.field}:${e.message}`}>{`${e.field}: ${e.message}`}</li>)
            ) : (
              <li>{refused.message}</li>
            )}
          </ul>
        </StaffNotice>
      ) : null}
    </Section>
  );
}
