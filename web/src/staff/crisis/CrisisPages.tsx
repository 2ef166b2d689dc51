import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { CrisisLinesEditPage } from './CrisisLinesEditPage.tsx';

/** The crisis module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [{ path: '/hjelpetelefoner/rediger', permission: 'crisis:edit', render: () => <CrisisLinesEditPage /> }];

export default function CrisisPages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notCrisisEditor} />;
}
