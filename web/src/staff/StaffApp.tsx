import './staff.css';
import type { ReactNode } from 'react';
import { matchPath, Navigate, useLocation } from 'react-router-dom';
import { Loading, NotFoundPage } from '../components/common.tsx';
import { AccessReportPage } from './admin/AccessReportPage.tsx';
import { AuditPage } from './admin/AuditPage.tsx';
import { JobsPage } from './admin/JobsPage.tsx';
import { UserEditPage } from './admin/UserEditPage.tsx';
import { UsersPage } from './admin/UsersPage.tsx';
import { EditorOverview } from './editor/EditorOverview.tsx';
import { HistoryPage } from './editor/HistoryPage.tsx';
import { ServiceCreatePage } from './editor/ServiceCreatePage.tsx';
import { ServiceEditPage } from './editor/ServiceEditPage.tsx';
import { useStaffText } from './messages.ts';
import { hasStaffRole, useSession, type StaffRole } from './session.tsx';
import { SetupPage } from './SetupPage.tsx';
import { SignInPage } from './SignInPage.tsx';
import { StaffBar } from './StaffBar.tsx';
import { NoAccess } from './ui.tsx';

type StaffRoute = { path: string; role: StaffRole | null; render: (params: Record<string, string>) => ReactNode };

/*
 * The staff pages' own route table. App.tsx sends several top-level paths here (/redaktor/*,
 * /admin/*, /oppsett, /logg-inn), so the pages are matched on the full path rather than through
 * nested <Routes>, whose base would differ per entry.
 */
const ROUTES: StaffRoute[] = [
  { path: '/logg-inn', role: null, render: () => <SignInPage /> },
  { path: '/oppsett', role: null, render: () => <SetupPage /> },
  { path: '/redaktor', role: 'editor', render: () => <EditorOverview /> },
  { path: '/redaktor/ny', role: 'editor', render: () => <ServiceCreatePage /> },
  { path: '/redaktor/tjenester/:id', role: 'editor', render: (p) => <ServiceEditPage key={p.id} id={p.id ?? ''} /> },
  { path: '/redaktor/tjenester/:id/historikk', role: 'editor', render: (p) => <HistoryPage id={p.id ?? ''} /> },
  { path: '/admin', role: 'admin', render: () => <UsersPage /> },
  { path: '/admin/brukere/:id', role: 'admin', render: (p) => <UserEditPage key={p.id} id={p.id ?? ''} /> },
  { path: '/admin/logg', role: 'admin', render: () => <AuditPage /> },
  { path: '/admin/innsyn', role: 'admin', render: () => <AccessReportPage /> },
  { path: '/admin/jobber', role: 'admin', render: () => <JobsPage /> },
];

/** Staff pages (editor, administration, first setup, sign-in): one lazily loaded chunk. */
export default function StaffApp() {
  const location = useLocation();
  const pathname = location.pathname.replace(/\/+$/, '') || '/';
  for (const route of ROUTES) {
    const match = matchPath({ path: route.path, end: true }, pathname);
    if (!match) continue;
    const page = route.render(match.params as Record<string, string>);
    return <div className="vv-staff">{route.role ? <RequireRole role={route.role}>{page}</RequireRole> : page}</div>;
  }
  return <NotFoundPage />;
}

/**
 * Shows the page to a signed-in user with the role; sends everyone else to sign in (and back
 * here afterwards), and tells a signed-in user without the role that they have no access.
 */
function RequireRole({ role, children }: { role: StaffRole; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { link } = useStaffText();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'anonymous') {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate replace to={link(`/logg-inn?returnTo=${encodeURIComponent(returnTo)}`)} />;
  }
  return (
    <>
      <StaffBar me={session.me} />
      {hasStaffRole(session.me, role) ? children : <NoAccess what={role} />}
    </>
  );
}
