import { Loading, LoadError } from '../../components/common.tsx';
import { useTitle } from '../../lang.tsx';
import type { RequestList } from '../../../../src/intake/requests.schemas.ts';
import { useStaffGet } from '../http.ts';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { IntakeNav, useRequestEvents } from './IntakeNav.tsx';
import { useRequestText } from './requestMessages.ts';
import { RequestsTable } from './RequestsTable.tsx';

/** /inntak/foresporsler — the requests in scope (a caseworker: their districts'; common intake: all), kept current. */
export function RequestsPage() {
  const { r } = useRequestText();
  const session = useSession();
  const list = useStaffGet<RequestList>('/api/intake/requests');
  useRequestEvents((e) => {
    if (e.type === 'intake.request_changed') list.reload();
  });
  useTitle(r.requestsTitle);
  const cityWide = session.status === 'signedIn' && may(session.me, 'intake:handle_requests');
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{r.requestsTitle}</h1>
      <p>{cityWide ? r.requestsIntroIntake : r.requestsIntroDistrict}</p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data ? (
        list.data.requests.length === 0 ? (
          <p>{r.requestsNone}</p>
        ) : (
          <RequestsTable requests={list.data.requests} caption={r.requestsCaption(list.data.requests.length)} />
        )
      ) : null}
    </>
  );
}

/** /inntak/venteliste — the waiting list in its order (urgency, then time waited), kept current. */
export function QueuePage() {
  const { r } = useRequestText();
  const list = useStaffGet<RequestList>('/api/intake/queue');
  useRequestEvents((e) => {
    if (e.type === 'intake.request_changed') list.reload();
  });
  useTitle(r.queueTitle);
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{r.queueTitle}</h1>
      <p>{r.queueIntro}</p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data ? (
        list.data.requests.length === 0 ? (
          <p>{r.queueNone}</p>
        ) : (
          <RequestsTable requests={list.data.requests} caption={r.queueCaption(list.data.requests.length)} />
        )
      ) : null}
    </>
  );
}
