import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { DischargeDetailPage } from './DischargeDetailPage.tsx';
import { DischargeListPage } from './DischargeListPage.tsx';
import { NotifyPage } from './NotifyPage.tsx';

/** The discharge-ready module's staff pages (one lazily loaded chunk). `ny` comes before `:id`. */
const PAGES: StaffPage[] = [
  { path: '/utskrivningsklare', permission: 'discharge:read', render: () => <DischargeListPage /> },
  { path: '/utskrivningsklare/ny', permission: 'discharge:notify', render: () => <NotifyPage /> },
  { path: '/utskrivningsklare/:id', permission: 'discharge:read', render: ({ id }) => <DischargeDetailPage id={id ?? ''} /> },
];

export default function DischargePages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notDischargeStaff} />;
}
