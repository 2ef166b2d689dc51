import { useState } from 'react';
import { NavLink } from 'react-router-dom';
import type { Me } from '../api.ts';
import { useStaffText } from './messages.ts';
import { areasFor } from './areas.ts';
import { signOut } from './session.tsx';
import { Button, StaffNotice } from './ui.tsx';

/** Who is signed in, the staff areas their permissions open, and the two ways to sign out. */
export function StaffBar({ me }: { me: Me }) {
  const { s, link } = useStaffText();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const end = async (everywhere: boolean) => {
    if (busy) return;
    setBusy(true);
    setFailed(false);
    try {
      await signOut(everywhere);
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  const areas = areasFor(me).map((area) => ({ to: area.basePath, label: area.label(s) }));

  return (
    <div className="vv-staff-bar">
      {areas.length ? (
        <nav aria-label={s.staffNavLabel} className="vv-staff-bar__nav">
          <ul>
            {areas.map((a) => (
              <li key={a.to}>
                <NavLink to={link(a.to)} className={({ isActive }) => `vv-staff-bar__link${isActive ? ' vv-staff-bar__link--active' : ''}`}>
                  {a.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="vv-staff-bar__user">{s.signedInAs(me.displayName)}</p>
      <div className="vv-staff-bar__actions">
        <Button skin="secondary" size="small" busy={busy} onClick={() => void end(false)}>
          {s.signOut}
        </Button>
        <Button skin="tertiary" size="small" busy={busy} onClick={() => void end(true)}>
          {s.signOutEverywhere}
        </Button>
      </div>
      {failed ? (
        <StaffNotice skin="error">
          <p>{s.genericError}</p>
        </StaffNotice>
      ) : null}
    </div>
  );
}
