import { Link } from 'react-router-dom';
import { useTitle } from '../../lang.tsx';
import { AreaPages } from '../AreaPages.tsx';
import { useStaffText } from '../messages.ts';
import type { StaffPage } from '../pages.ts';
import { ImportPage } from './ImportPage.tsx';
import { ReportPage } from './ReportPage.tsx';

/** /analyse — what the analysts do here. */
function StatsHome() {
  const { s } = useStaffText();
  useTitle(s.statsHomeTitle);
  return (
    <>
      <h1 className="vv-page-title">{s.statsHomeTitle}</h1>
      <p>{s.statsHomeIntro}</p>
      <ul>
        <li>
          <Link to="/analyse/import">{s.statsHomeImport}</Link>
        </li>
        <li>
          <Link to="/analyse/rapport">{s.statsHomeReport}</Link>
        </li>
      </ul>
    </>
  );
}

/** The stats module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [
  { path: '/analyse', permission: 'stats:import', render: () => <StatsHome /> },
  { path: '/analyse/import', permission: 'stats:import', render: () => <ImportPage /> },
  { path: '/analyse/rapport', permission: 'stats:import', render: () => <ReportPage /> },
];

export default function StatsPages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notStatsStaff} />;
}
