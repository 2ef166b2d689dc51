import './requests.css';
import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { CapacityPage } from './CapacityPage.tsx';
import { DecisionPage } from './DecisionPage.tsx';
import { NoticesPage } from './NoticesPage.tsx';
import { RequestPage } from './RequestPage.tsx';
import { QueuePage, RequestsPage } from './RequestsPage.tsx';

/** The intake module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [
  { path: '/inntak', permission: 'intake:read_capacity', render: () => <CapacityPage /> },
  { path: '/inntak/foresporsler', permission: 'intake:read_requests', render: () => <RequestsPage /> },
  { path: '/inntak/foresporsler/ny', permission: 'intake:decide', render: () => <DecisionPage /> },
  { path: '/inntak/foresporsler/:id', permission: 'intake:read_requests', render: (p) => <RequestPage key={p.id} id={p.id ?? ''} /> },
  { path: '/inntak/venteliste', permission: 'intake:handle_requests', render: () => <QueuePage /> },
  { path: '/inntak/varsler', permission: 'intake:read_requests', render: () => <NoticesPage /> },
];

export default function IntakePages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notIntakeStaff} />;
}
