import { Link } from 'react-router-dom';
import type { Service } from '../../api.ts';
import { Loading, LoadError, NotFoundPage } from '../../components/common.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useStaffText, type StaffMessages } from '../messages.ts';
import type { HistoryEntry } from '../types.ts';
import { fieldLabels } from './serviceForm.ts';

/** A stored value as short readable text; structured values (opening hours, address) as JSON. */
function showValue(v: unknown, s: StaffMessages): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return s.historyEmpty;
  if (typeof v === 'boolean') return v ? s.triYes : s.triNo;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v, null, 1);
}

function ChangeTable({ entry, s }: { entry: HistoryEntry; s: StaffMessages }) {
  const labels = fieldLabels(s);
  const rows = Object.entries(entry.changes);
  if (rows.length === 0) return <p>{s.historyNoFields}</p>;
  return (
    <div className="vv-staff-table-wrap" role="region" aria-label={s.historyCaption(entry.version)} tabIndex={0}>
      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
        <caption className="pkt-sr-only">{s.historyCaption(entry.version)}</caption>
        <thead>
          <tr>
            <th scope="col">{s.fieldHeader}</th>
            <th scope="col">{s.historyFrom}</th>
            <th scope="col">{s.historyTo}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, change]) => (
            <tr key={field}>
              <th scope="row">{labels[field] ?? field}</th>
              <td className="vv-staff-value">{showValue(change.from, s)}</td>
              <td className="vv-staff-value">{showValue(change.to, s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /redaktor/tjenester/:id/historikk — every version: who, when, what changed. */
export function HistoryPage({ id }: { id: string }) {
  const { s, lang, link } = useStaffText();
  const service = useStaffGet<Service>(`/api/editor/services/${id}`);
  const history = useStaffGet<HistoryEntry[]>(`/api/services/${id}/history`);
  const name = service.data?.name ?? '';
  useTitle(service.data ? s.historyTitle(name) : s.historyHeading);

  if (service.error?.status === 404) return <NotFoundPage />;
  const error = service.error ?? history.error;
  if (error) return <LoadError error={error} onRetry={history.reload} />;
  if (!service.data || !history.data) return <Loading />;
  const labels = fieldLabels(s);

  return (
    <>
      <p className="vv-staff-back">
        <Link to={link(`/redaktor/tjenester/${id}`)}>{s.backToService}</Link>
      </p>
      <h1 className="vv-page-title">{s.historyTitle(name)}</h1>
      <p>{s.historyIntro}</p>
      {history.data.length === 0 ? (
        <p>{s.historyNone}</p>
      ) : (
        <ol className="vv-staff-history" reversed>
          {history.data.map((entry, i) => {
            const fields = Object.keys(entry.changes).map((f) => labels[f] ?? f);
            return (
              <li key={entry.version} className="vv-staff-history__entry">
                <h2 className="vv-staff-h3">
                  {s.historyEntry(
                    entry.version,
                    s.historyActions[entry.action] ?? entry.action,
                    entry.changedBy,
                    formatDateTime(entry.changedAt, lang),
                  )}
                </h2>
                {/* The newest version is open; older ones, often long imports, are one click away. */}
                <details open={i === 0}>
                  <summary>{fields.length ? s.historyChangedFields(fields.join(', ')) : s.historyNoFields}</summary>
                  <ChangeTable entry={entry} s={s} />
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
