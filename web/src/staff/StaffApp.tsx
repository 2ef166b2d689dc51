import './staff.css';
import { Suspense } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading, NotFoundPage } from '../components/common.tsx';
import { areaOf, type StaffArea } from './areas.ts';
import { useStaffText } from './messages.ts';
import { useSession } from './session.tsx';
import { SetupPage } from './SetupPage.tsx';
import { SignInPage } from './SignInPage.tsx';
import { StaffBar } from './StaffBar.tsx';

/*
 * The staff shell: sign-in, first setup, and the staff bar around each area's pages. App.tsx sends
 * /redaktor/*, /admin/*, /oppsett and /logg-inn here; each area (areas.ts) loads its own chunk.
 */
export default function StaffApp() {
  const location = useLocation();
  const pathname = location.pathname.replace(/\/+$/, '') || '/';
  if (pathname === '/logg-inn')
    return (
      <div className="vv-staff">
        <SignInPage />
      </div>
    );
  if (pathname === '/oppsett')
    return (
      <div className="vv-staff">
        <SetupPage />
      </div>
    );
  const area = areaOf(pathname);
  if (!area) return <NotFoundPage />;
  return (
    <div className="vv-staff">
      <SignedIn area={area} pathname={pathname} />
    </div>
  );
}

/** Sends a signed-out user to sign in (and back here afterwards); shows the area to a signed-in one. */
function SignedIn({ area, pathname }: { area: StaffArea; pathname: string }) {
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
      <Suspense fallback={<Loading />}>
        <area.Pages pathname={pathname} />
      </Suspense>
    </>
  );
}
