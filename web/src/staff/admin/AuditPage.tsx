import { useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { collectErrors, focusById } from '../fieldErrors.ts';
import { asApiError, staffApi, useStaffGet } from '../http.ts';
import { useStaffText, type StaffMessages } from '../messages.ts';
import type { AuditRow, AuditVerification, UserSummary } from '../types.ts';
import { Button, Section, StaffNotice } from '../ui.tsx';
import { AdminNav } from './AdminNav.tsx';

const FILTERS = ['from', 'to', 'actorId', 'personId', 'action', 'outcome', 'limit'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;
const LIMITS = ['100', '500', '1000', '5000'];

function readFilters(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
}

/** Local midnight of a YYYY-MM-DD day (plus `days`) as an instant, for the API's from/to. */
function dayStart(day: string, days = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}

/**
 * The API query for the filters. The page's "to" date is inclusive, the API's `to` is exclusive:
 * it gets the start of the next day.
 */
function auditQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  const from = dayStart(f.from);
  const to = dayStart(f.to, 1);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (f.actorId) q.set('actorId', f.actorId);
  if (f.personId.trim()) q.set('personId', f.personId.trim());
  if (f.action.trim()) q.set('action', f.action.trim());
  if (f.outcome) q.set('outcome', f.outcome);
  q.set('limit', LIMITS.includes(f.limit) ? f.limit : '500');
  return q;
}

/** /admin/logg — the audit log with filters, CSV export of the same selection, and chain verification. */
export function AuditPage() {
  const { s, lang } = useStaffText();
  const [params, setParams] = useSearchParams();
  const applied = readFilters(params);
  const query = auditQuery(applied);
  const rows = useStaffGet<AuditRow[]>(`/api/admin/audit?${query.toString()}`);
  const users = useStaffGet<UserSummary[]>('/api/admin/users');
  useTitle(s.auditTitle);

  const apply = (next: Filters) => {
    const p = new URLSearchParams();
    const langParam = params.get('lang');
    if (langParam) p.set('lang', langParam);
    for (const f of FILTERS) if (next[f].trim()) p.set(f, next[f].trim());
    setParams(p, { replace: true });
  };

  const csv = new URLSearchParams(query);
  csv.set('format', 'csv');
  // A bad filter (e.g. a person ID that is no UUID) comes back as a field error of the form.
  const filterErrors = rows.error?.status === 400 ? collectErrors(rows.error.errors, lang, s) : {};

  return (
    <>
      <AdminNav />
      <h1 className="vv-page-title">{s.auditTitle}</h1>
      <p>{s.auditIntro}</p>
      <FilterForm key={params.toString()} initial={applied} users={users.data ?? []} onApply={apply} errors={filterErrors} />
      <VerifyChain />
      <Section id="audit-rows" title={s.auditRowsHeading}>
        <p>
          <a
            className="pkt-btn pkt-btn--secondary pkt-btn--small"
            href={`/api/admin/audit?${csv.toString()}`}
            download="veiviser-audit.csv"
            aria-describedby="csv-hint"
          >
            <span className="pkt-btn__text">{s.exportCsv}</span>
          </a>{' '}
          <span id="csv-hint" className="vv-staff-muted">
            {s.exportCsvHint}
          </span>
        </p>
        {rows.loading ? <Loading /> : null}
        {rows.error && rows.error.status !== 400 ? <LoadError error={rows.error} onRetry={rows.reload} /> : null}
        {rows.data && !rows.loading ? <AuditTable rows={rows.data} s={s} lang={lang} /> : null}
      </Section>
    </>
  );
}

function FilterForm({
  initial,
  users,
  onApply,
  errors,
}: {
  initial: Filters;
  users: UserSummary[];
  onApply: (f: Filters) => void;
  errors: Record<string, string>;
}) {
  const { s } = useStaffText();
  const [f, setF] = useState<Filters>(initial);
  const set = (k: Filter) => (v: string) => setF((old) => ({ ...old, [k]: v }));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onApply(f);
  };
  const reset = () => {
    const empty = Object.fromEntries(FILTERS.map((k) => [k, ''])) as Filters;
    onApply(empty);
    focusById(fieldId('audit-from'));
  };
  return (
    <Section id="audit-filters" title={s.auditFiltersHeading}>
      <form className="vv-staff-form" onSubmit={submit} noValidate>
        <div className="vv-staff-grid">
          <TextField id={fieldId('audit-from')} label={s.fFrom} type="date" value={f.from} onChange={set('from')} error={errors.from} />
          <TextField id={fieldId('audit-to')} label={s.fTo} type="date" value={f.to} onChange={set('to')} error={errors.to} />
          <SelectField
            id={fieldId('audit-actorId')}
            label={s.fActor}
            value={f.actorId}
            onChange={set('actorId')}
            options={[{ value: '', label: s.actorAll }, ...users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.email})` }))]}
            error={errors.actorId}
          />
          <TextField
            id={fieldId('audit-action')}
            label={s.fAction}
            hint={s.fActionHint}
            value={f.action}
            onChange={set('action')}
            error={errors.action}
            autoComplete="off"
          />
          <SelectField
            id={fieldId('audit-outcome')}
            label={s.fOutcome}
            value={f.outcome}
            onChange={set('outcome')}
            options={[{ value: '', label: s.outcomeAll }, ...Object.entries(s.outcomes).map(([value, label]) => ({ value, label }))]}
            error={errors.outcome}
          />
          <TextField
            id={fieldId('audit-personId')}
            label={s.fPersonId}
            hint={s.fPersonIdHint}
            value={f.personId}
            onChange={set('personId')}
            error={errors.personId}
            autoComplete="off"
          />
          <SelectField
            id={fieldId('audit-limit')}
            label={s.fLimit}
            value={f.limit || '500'}
            onChange={set('limit')}
            options={LIMITS.map((l) => ({ value: l, label: l }))}
            error={errors.limit}
          />
        </div>
        <div className="vv-staff-buttons">
          <Button type="submit">{s.applyFilters}</Button>
          <Button skin="tertiary" onClick={reset}>
            {s.resetFilters}
          </Button>
        </div>
      </form>
    </Section>
  );
}

function scopeText(scope: AuditRow['actorScope']): string {
  return [...(scope.districts ?? []), ...(scope.units ?? [])].join(', ');
}

function AuditTable({ rows, s, lang }: { rows: AuditRow[]; s: StaffMessages; lang: 'nb' | 'en' }) {
  if (rows.length === 0) return <p>{s.auditNone}</p>;
  return (
    <div className="vv-staff-table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table" id="audit-table">
        <caption id="audit-caption" className="vv-staff-caption">
          {s.auditCaption(rows.length)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{s.whenHeader}</th>
            <th scope="col">{s.whoHeader}</th>
            <th scope="col">{s.actionHeader}</th>
            <th scope="col">{s.outcomeHeader}</th>
            <th scope="col">{s.purposeHeader}</th>
            <th scope="col">{s.resourceHeader}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.occurredAt, lang)}</td>
              <td>
                {r.actorName}
                {r.actorRoles.length ? (
                  <span className="vv-staff-muted"> ({r.actorRoles.map((role) => s.roles[role] ?? role).join(', ')})</span>
                ) : null}
                {scopeText(r.actorScope) ? <span className="vv-staff-muted"> {scopeText(r.actorScope)}</span> : null}
              </td>
              <td>
                {s.auditActions[r.action] ?? r.action} <code className="vv-staff-code">{r.action}</code>
              </td>
              <td>{s.outcomes[r.outcome] ?? r.outcome}</td>
              <td>{s.purposes[r.purpose] ?? r.purpose}</td>
              <td className="vv-staff-value">{[r.resourceType, r.personId ?? r.resourceId].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerifyChain() {
  const { s } = useStaffText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ skin: 'success' | 'error'; text: string } | null>(null);
  const verify = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const v = await staffApi.get<AuditVerification>('/api/admin/audit/verify');
      setResult(v.ok ? { skin: 'success', text: s.chainOk(v.rows) } : { skin: 'error', text: s.chainBroken(v.brokenAt, v.reason) });
    } catch (error) {
      if (asApiError(error).status === 401) return;
      setResult({ skin: 'error', text: s.genericError });
    } finally {
      setBusy(false);
    }
    focusById('chain-result');
  };
  return (
    <Section id="chain" title={s.verifyChainHeading}>
      <p>{s.verifyChainIntro}</p>
      <Button skin="secondary" busy={busy} onClick={() => void verify()}>
        {busy ? s.verifyingChain : s.verifyChainButton}
      </Button>
      {result ? (
        <StaffNotice id="chain-result" skin={result.skin}>
          <p>{result.text}</p>
        </StaffNotice>
      ) : null}
    </Section>
  );
}
