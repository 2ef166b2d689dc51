import type { ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import { NotFoundPage } from '../components/common.tsx';
import { useStaffText, type StaffMessages } from './messages.ts';
import { may, type StaffPage } from './pages.ts';
import { useSession } from './session.tsx';
import { NoAccess } from './ui.tsx';

/**
 * Shows the page of `pages` that matches the path to a user holding its permission; tells anyone
 * else, in the area's words (`noAccess`), what they lack.
 */
export function AreaPages({
  pages,
  pathname,
  noAccess,
}: {
  pages: readonly StaffPage[];
  pathname: string;
  noAccess: (s: StaffMessages) => string;
}): ReactNode {
  const session = useSession();
  const { s } = useStaffText();
  for (const page of pages) {
    const match = matchPath({ path: page.path, end: true }, pathname);
    if (!match) continue;
    if (session.status !== 'signedIn') return null; // StaffApp signs the user in first
    if (!may(session.me, page.permission)) return <NoAccess explanation={noAccess(s)} />;
    return page.render(match.params as Record<string, string>);
  }
  return <NotFoundPage />;
}
