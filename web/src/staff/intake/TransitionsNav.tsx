import { Link, useLocation } from 'react-router-dom';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import { useTransitionsText } from './transitions-messages.ts';

/** The intake area's pages the user may open, as tabs that are plain links. */
export function TransitionsNav() {
  const { x, link } = useTransitionsText();
  const { pathname } = useLocation();
  const session = useSession();
  if (session.status !== 'signedIn') return null;
  const items = [
    { to: '/inntak', label: x.navBoard, permission: 'intake:read_capacity', current: pathname === '/inntak' },
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
  ].filter((item) => may(session.me, item.permission));
  return (
    <nav className="vv-staff-tabs" aria-label={x.navLabel}>
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
