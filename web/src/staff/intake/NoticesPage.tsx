import { Link } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import type { NoticeList } from '../../../../src/intake/requests.schemas.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { Button } from '../ui.tsx';
import { IntakeNav, useRequestEvents } from './IntakeNav.tsx';
import { useRequestText } from './requestMessages.ts';

/** /inntak/varsler — notices of freed places that suit the district's waiting requests, newest first, live. */
export function NoticesPage() {
  const { r, lang, link } = useRequestText();
  const list = useStaffGet<NoticeList>('/api/intake/notices');
  useRequestEvents((e) => {
    if (e.type === 'intake.notice_created') list.reload();
  });
  useTitle(r.noticesTitle);
  const markRead = async (id: string) => {
    await staffApi.post(`/api/intake/notices/${id}/read`);
    list.reload();
  };
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{r.noticesTitle}</h1>
      <p>{r.noticesIntro}</p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data ? (
        list.data.notices.length === 0 ? (
          <p>{r.noticesNone}</p>
        ) : (
          <ul className="vv-staff-notices" aria-live="polite">
            {list.data.notices.map((n) => (
              <li key={n.id} data-notice={n.id}>
                <p>
                  <strong>{n.readAt ? r.read : r.unread}</strong> {formatDateTime(n.createdAt, lang)}:{' '}
                  {lang === 'nb' ? n.text.nb : n.text.en}
                </p>
                <p>
                  <Link to={link(`/inntak/foresporsler/${n.requestId}`)}>{r.noticeRequest}</Link>{' '}
                  {n.readAt ? null : (
                    <Button size="small" skin="secondary" onClick={() => void markRead(n.id)}>
                      {r.markRead}
                    </Button>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}
