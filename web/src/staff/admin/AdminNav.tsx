import { Link, useLocation } from 'react-router-dom';
import { useStaffText } from '../messages.ts';

/** The administration's areas, as tabs that are plain links (each area has its own URL). */
export function AdminNav() {
  const { s, link } = useStaffText();
  const { pathname } = useLocation();
  const items = [
    // "Users" covers /admin and /admin/brukere/:id.
    { to: '/admin', label: s.usersTab, current: pathname === '/admin' || pathname.startsWith('/admin/brukere') },
    { to: '/admin/logg', label: s.auditTab, current: pathname.startsWith('/admin/logg') },
    { to: '/admin/innsyn', label: s.accessTab, current: pathname.startsWith('/admin/innsyn') },
    { to: '/admin/jobber', label: s.jobsTab, current: pathname.startsWith('/admin/jobber') },
  ];
  return (
    <nav className="vv-staff-tabs" aria-label={s.adminNavLabel}>
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
