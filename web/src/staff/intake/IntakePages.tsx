import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { CapacityPage } from './CapacityPage.tsx';

/** The intake module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [{ path: '/inntak', permission: 'intake:read_capacity', render: () => <CapacityPage /> }];

export default function IntakePages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notIntakeStaff} />;
}
