import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { formatDate, formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { patientLabel, REFRESH_MS, useDistrictName, type NotificationList } from './shared.ts';

/**
 * /utskrivningsklare — the districts' list (or a liaison's own notices) with each patient's live
 * counters: days since ready and payment days, fetched again every minute.
 */
export function DischargeListPage() {
  const { s, lang, link } = useStaffText();
  const session = useSession();
  const notifier = session.status === 'signedIn' && may(session.me, 'discharge:notify');
  const answerer = session.status === 'signedIn' && may(session.me, 'discharge:answer');
  const title = notifier && !answerer ? s.dischargeOwnTitle : s.dischargeListTitle;
  useTitle(title);
  const list = useStaffGet<NotificationList>('/api/discharge-ready');
  const { reload } = list;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const districtName = useDistrictName();
  const notifications = list.data?.notifications ?? [];
  const asOf = notifications[0]?.counters.asOf ?? null;

  return (
    <>
      <h1 className="vv-page-title">{title}</h1>
      <p>{notifier && !answerer ? s.dischargeOwnIntro : s.dischargeListIntro}</p>
      {notifier ? (
        <p>
          <Link className="pkt-btn pkt-btn--primary" to={link('/utskrivningsklare/ny')}>
            <span className="pkt-btn__text">{s.dischargeNew}</span>
          </Link>
        </p>
      ) : null}
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data && notifications.length === 0 ? <p>{s.dischargeNone}</p> : null}
      {notifications.length ? (
        <>
          <p data-testid="discharge-as-of">{asOf ? s.dischargeAsOf(formatDateTime(asOf, lang)) : null}</p>
          <div className="vv-table-scroll" tabIndex={0} role="region" aria-label={s.dischargeTableCaption}>
            <table className="vv-table">
              <caption>{s.dischargeTableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.dischargePatient}</th>
                  <th scope="col">{s.dischargeDistrict}</th>
                  <th scope="col">{s.dischargeHospitalWard}</th>
                  <th scope="col">{s.dischargeReadyAt}</th>
                  <th scope="col">{s.dischargeStatus}</th>
                  <th scope="col">{s.dischargeDaysSinceReady}</th>
                  <th scope="col">{s.dischargePaymentDays}</th>
                  <th scope="col">{s.dischargeDetails}</th>
                </tr>
              </thead>
              <tbody>
                {notifications.map((n) => {
                  const who = n.patient ? patientLabel(n, s) : `${n.ward}, ${formatDateTime(n.readyAt, lang)}`;
                  return (
                    <tr key={n.id} data-notification={n.id}>
                      <th scope="row">{patientLabel(n, s)}</th>
                      <td>{districtName(n.district)}</td>
                      <td>
                        {n.hospital}, {n.ward}
                      </td>
                      <td>{formatDateTime(n.readyAt, lang)}</td>
                      <td data-testid="status">
                        {s.dischargeStatuses[n.status] ?? n.status}
                        {n.answer?.receiveOn ? ` ${s.dischargeReceiveOn(formatDate(n.answer.receiveOn, lang))}` : ''}
                        {n.alertedAt && n.status === 'awaiting_answer' ? (
                          <>
                            <br />
                            <strong>{s.dischargeAlerted}</strong>
                          </>
                        ) : null}
                      </td>
                      <td data-testid="days-since-ready">{n.counters.daysSinceReady}</td>
                      <td data-testid="payment-days">
                        <strong>{n.counters.paymentDays}</strong>
                      </td>
                      <td>
                        <Link to={link(`/utskrivningsklare/${n.id}`)} aria-label={s.dischargeDetailsFor(who)}>
                          {s.dischargeDetails}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
