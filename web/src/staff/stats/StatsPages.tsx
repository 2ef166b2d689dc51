import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { ImportPage } from './ImportPage.tsx';

/** The stats module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [{ path: '/analyse/import', permission: 'stats:import', render: () => <ImportPage /> }];

export default function StatsPages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notStatsStaff} />;
}
