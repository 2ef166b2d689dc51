import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { AccessReportPage } from './AccessReportPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { JobsPage } from './JobsPage.tsx';
import { UserEditPage } from './UserEditPage.tsx';
import { UsersPage } from './UsersPage.tsx';

/** The administration's pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [
  { path: '/admin', permission: 'users:manage', render: () => <UsersPage /> },
  { path: '/admin/brukere/:id', permission: 'users:manage', render: (p) => <UserEditPage key={p.id} id={p.id ?? ''} /> },
  { path: '/admin/logg', permission: 'audit:read', render: () => <AuditPage /> },
  { path: '/admin/innsyn', permission: 'person:access_report', render: () => <AccessReportPage /> },
  { path: '/admin/jobber', permission: 'jobs:read', render: () => <JobsPage /> },
];

export default function AdminPages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notAdmin} />;
}
