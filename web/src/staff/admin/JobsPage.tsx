import { useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { fieldId, SelectField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useStaffText, type StaffMessages } from '../messages.ts';
import type { JobList, JobRow } from '../types.ts';
import { Button, Section } from '../ui.tsx';
import { AdminNav } from './AdminNav.tsx';

const STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

/** /admin/jobber — background jobs: the recurring ones, and recent runs with state, attempts and last error. */
export function JobsPage() {
  const { s, lang } = useStaffText();
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state') ?? '';
  const state = (STATES as readonly string[]).includes(stateParam) ? stateParam : '';
  const list = useStaffGet<JobList>(`/api/admin/jobs?${new URLSearchParams({ limit: '200', ...(state ? { state } : {}) }).toString()}`);
  useTitle(s.jobsTitle);

  const apply = (next: string) => {
    const p = new URLSearchParams(params);
    if (next) p.set('state', next);
    else p.delete('state');
    setParams(p, { replace: true });
  };

  return (
    <>
      <AdminNav />
      <h1 className="vv-page-title">{s.jobsTitle}</h1>
      <p>{s.jobsIntro}</p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data ? <Schedules schedules={list.data.schedules} s={s} /> : null}
      <StateFilter key={state} initial={state} onApply={apply} onRefresh={list.reload} busy={list.loading} />
      <Section id="jobs-rows" title={s.jobsRowsHeading}>
        {list.data ? <JobsTable jobs={list.data.jobs} s={s} lang={lang} /> : null}
      </Section>
    </>
  );
}

type StateFilterProps = { initial: string; onApply: (state: string) => void; onRefresh: () => void; busy: boolean };

function StateFilter({ initial, onApply, onRefresh, busy }: StateFilterProps) {
  const { s } = useStaffText();
  const [state, setState] = useState(initial);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onApply(state);
  };
  return (
    <Section id="jobs-filter" title={s.jobsFilterHeading}>
      <form className="vv-staff-form" onSubmit={submit} noValidate>
        <div className="vv-staff-grid">
          <SelectField
            id={fieldId('jobs-state')}
            label={s.fJobState}
            value={state}
            onChange={setState}
            options={[{ value: '', label: s.jobStateAll }, ...STATES.map((value) => ({ value, label: s.jobStates[value] ?? value }))]}
          />
        </div>
        <div className="vv-staff-buttons">
          <Button type="submit">{s.showJobs}</Button>
          <Button skin="secondary" busy={busy} onClick={onRefresh}>
            {s.refreshJobs}
          </Button>
        </div>
      </form>
    </Section>
  );
}

function Schedules({ schedules, s }: { schedules: JobList['schedules']; s: StaffMessages }) {
  return (
    <Section id="job-schedules" title={s.schedulesHeading}>
      {schedules.length === 0 ? (
        <p>{s.schedulesNone}</p>
      ) : (
        <div className="vv-staff-table-wrap" role="region" aria-labelledby="schedules-caption" tabIndex={0}>
          <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
            <caption id="schedules-caption" className="vv-staff-caption">
              {s.schedulesCaption}
            </caption>
            <thead>
              <tr>
                <th scope="col">{s.jobHeader}</th>
                <th scope="col">{s.scheduleHeader}</th>
                <th scope="col">{s.timezoneHeader}</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule) => (
                <tr key={schedule.name}>
                  <th scope="row">
                    <code className="vv-staff-code">{schedule.name}</code>
                  </th>
                  <td>
                    <code className="vv-staff-code">{schedule.cron}</code>
                  </td>
                  <td>{schedule.timezone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** A job's result as short text: "expired sessions: 2, used or expired setup tokens: 0". */
function resultText(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => (v !== null && typeof v === 'object' ? resultText(v) : `${key}: ${String(v)}`))
    .join(', ');
}

/** A retry, or a job queued to start later than it was queued: worth saying when it may run. */
const waitsUntilLater = (job: JobRow) =>
  job.state === 'retry' || (job.state === 'created' && new Date(job.runAt).getTime() - new Date(job.createdAt).getTime() > 1000);

function JobsTable({ jobs, s, lang }: { jobs: JobRow[]; s: StaffMessages; lang: 'nb' | 'en' }) {
  if (jobs.length === 0) return <p>{s.jobsNone}</p>;
  return (
    <div className="vv-staff-table-wrap" role="region" aria-labelledby="jobs-caption" tabIndex={0}>
      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table" id="jobs-table">
        <caption id="jobs-caption" className="vv-staff-caption">
          {s.jobsCaption(jobs.length)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{s.jobHeader}</th>
            <th scope="col">{s.jobStateHeader}</th>
            <th scope="col">{s.attemptsHeader}</th>
            <th scope="col">{s.lastErrorHeader}</th>
            <th scope="col">{s.resultHeader}</th>
            <th scope="col">{s.createdHeader}</th>
            <th scope="col">{s.startedHeader}</th>
            <th scope="col">{s.finishedHeader}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>
                <code className="vv-staff-code">{job.name}</code>
              </td>
              <td>
                {s.jobStates[job.state] ?? job.state}
                {waitsUntilLater(job) ? <span className="vv-staff-muted"> ({s.runAtLater(formatDateTime(job.runAt, lang))})</span> : null}
              </td>
              <td>{s.attemptsOf(job.attempts, job.retryLimit + 1)}</td>
              <td className="vv-staff-value">{job.lastError ?? ''}</td>
              <td className="vv-staff-value">{job.result ? resultText(job.result) : ''}</td>
              <td>{formatDateTime(job.createdAt, lang)}</td>
              <td>{formatDateTime(job.startedAt, lang)}</td>
              <td>{formatDateTime(job.completedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
