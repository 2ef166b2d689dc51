import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { useRequestText } from './requestMessages.ts';
import { useTransitionsText } from './transitions-messages.ts';

/** The intake area's pages as tabs (plain links), each shown to those who may open it. */
export function IntakeNav() {
  const { r, link } = useRequestText();
  const { x } = useTransitionsText();
  const { pathname } = useLocation();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.me : null;
  const isRequests = pathname.startsWith('/inntak/foresporsler') && pathname !== '/inntak/foresporsler/ny';
  const items = [
    { to: '/inntak', label: r.tabCapacity, permission: 'intake:read_capacity', current: pathname === '/inntak' },
    { to: '/inntak/foresporsler', label: r.tabRequests, permission: 'intake:read_requests', current: isRequests },
    { to: '/inntak/foresporsler/ny', label: r.tabNew, permission: 'intake:decide', current: pathname === '/inntak/foresporsler/ny' },
    { to: '/inntak/venteliste', label: r.tabQueue, permission: 'intake:handle_requests', current: pathname === '/inntak/venteliste' },
    { to: '/inntak/varsler', label: r.tabNotices, permission: 'intake:read_requests', current: pathname === '/inntak/varsler' },
    {
      to: '/inntak/beboere',
      label: x.navResidents,
      permission: 'intake:discharge_immediately',
      current: pathname.startsWith('/inntak/beboere'),
    },
    { to: '/inntak/oppgaver', label: x.navTasks, permission: 'intake:replace', current: pathname.startsWith('/inntak/oppgaver') },
    {
      to: '/inntak/brukerstyrt',
      label: x.navAgreements,
      permission: 'intake:user_controlled',
      current: pathname.startsWith('/inntak/brukerstyrt'),
    },
    {
      to: '/inntak/livskvalitet',
      label: x.navQualityOfLife,
      permission: 'intake:read_quality_of_life',
      current: pathname.startsWith('/inntak/livskvalitet'),
    },
  ].filter((item) => me && may(me, item.permission));
  if (items.length < 2) return null;
  return (
    <nav className="vv-staff-tabs" aria-label={r.navLabel}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={link(item.to)}
              aria-current={item.current ? 'page' : undefined}
              className={`vv-staff-tabs__link${item.current ? ' vv-staff-tabs__link--active' : ''}`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Calls `onChange` on every request change and new notice (the request stream carries no person
 * data: the page reloads what it may see). EventSource reconnects by itself.
 */
export function useRequestEvents(onChange: (event: { type: string; id: string }) => void) {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const source = new EventSource('/api/intake/requests/stream');
    const handle = (event: Event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { id: string; requestId?: string };
      latest.current({ type: event.type, id: data.requestId ?? data.id });
    };
    source.addEventListener('intake.request_changed', handle);
    source.addEventListener('intake.notice_created', handle);
    return () => source.close();
  }, []);
}
