import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n.ts';
import type { IntakeRequest } from '../../../../src/intake/requests.schemas.ts';
import { useStaffText } from '../messages.ts';
import { useRequestText } from './requestMessages.ts';

/** Requests as a table: person (a link to the request), category, urgency, district, status, sent. */
export function RequestsTable({ requests, caption }: { requests: readonly IntakeRequest[]; caption: string }) {
  const { r, lang, link } = useRequestText();
  const { s } = useStaffText();
  return (
    <div className="vv-staff-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
        <caption className="vv-staff-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{r.colPerson}</th>
            <th scope="col">{r.colCategory}</th>
            <th scope="col">{r.colUrgency}</th>
            <th scope="col">{r.colDistrict}</th>
            <th scope="col">{r.colStatus}</th>
            <th scope="col">{r.colSent}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((q) => (
            <tr key={q.id} data-request={q.id}>
              <th scope="row">
                <Link to={link(`/inntak/foresporsler/${q.id}`)} aria-label={r.open(r.person(q.personId))}>
                  {r.person(q.personId)}
                </Link>
              </th>
              <td>{s.capacityCategories[q.category] ?? q.category}</td>
              <td>{r.urgency[q.urgency]}</td>
              <td>{q.district}</td>
              <td data-testid="status">{r.status[q.status]}</td>
              <td>{formatDateTime(q.sentAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
