import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { Loading, LoadError } from '../../components/common.tsx';
import { Checkbox, ErrorSummary, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { sessionExpired, useSession } from '../session.tsx';
import type { UserSummary } from '../types.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { AdminNav } from './AdminNav.tsx';
import { unitList, userFieldKey, UserScopeFields, type ScopeValue } from './UserScopeFields.tsx';

/** /admin/brukere/:id — a user's roles, districts, units and disabled flag. */
export function UserEditPage({ id }: { id: string }) {
  const { s } = useStaffText();
  // The API has no GET for one user; the list is small (staff accounts).
  const users = useStaffGet<UserSummary[]>('/api/admin/users');
  const user = users.data?.find((u) => u.id === id) ?? null;
  useTitle(user ? s.userEditTitle(user.displayName) : s.usersTitle);
  return (
    <>
      <AdminNav />
      {users.loading && !users.data ? <Loading /> : null}
      <LoadError error={users.error} onRetry={users.reload} />
      {users.data && !user ? (
        <>
          <h1 className="vv-page-title">{s.usersTitle}</h1>
          <StaffNotice skin="warning" live={false}>
            <p>{s.userNotFound}</p>
          </StaffNotice>
          <BackToUsers />
        </>
      ) : null}
      {user ? <UserForm key={user.id} user={user} onSaved={users.set} all={users.data ?? []} /> : null}
      {user ? (
        <IdentityLink
          key={`identity-${user.id}`}
          user={user}
          onSaved={(updated) => users.set((users.data ?? []).map((u) => (u.id === updated.id ? updated : u)))}
        />
      ) : null}
    </>
  );
}

function BackToUsers() {
  const { s, link } = useStaffText();
  return (
    <p className="vv-staff-back">
      <Link to={link('/admin')}>{s.backToUsers}</Link>
    </p>
  );
}

function UserForm({ user, all, onSaved }: { user: UserSummary; all: UserSummary[]; onSaved: (users: UserSummary[]) => void }) {
  const { s } = useStaffText();
  const session = useSession();
  const self = session.status === 'signedIn' && session.me.userId === user.id;
  const [scope, setScope] = useState<ScopeValue>({ roles: user.roles, districts: user.districts, units: user.units.join(', ') });
  const [disabled, setDisabled] = useState(user.disabled);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useStaffForm({ failureId: 'user-result', toKey: userFieldKey });
  const { errors, failure, busy } = form;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(null);
    await form.run(async () => {
      const updated = await staffApi.put<UserSummary>(`/api/admin/users/${user.id}`, {
        roles: scope.roles,
        districts: scope.districts,
        units: unitList(scope.units),
        disabled,
      });
      // Saving ends the user's sessions, our own included when we changed ourselves.
      if (self) {
        sessionExpired();
        return;
      }
      onSaved(all.map((u) => (u.id === updated.id ? updated : u)));
      setSaved(s.userSaved);
      focusById('user-result');
    });
  };

  const labels: Record<string, string> = { roles: s.fRoles, districts: s.fUserDistricts, units: s.fUnits, disabled: s.fDisabled };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`edit-${k}`), label: labels[k] ?? k, message }));

  return (
    <>
      <BackToUsers />
      <h1 className="vv-page-title">{s.userEditTitle(user.displayName)}</h1>
      <p>{user.email}</p>
      {failure || saved ? (
        <StaffNotice id="user-result" skin={failure ? 'error' : 'success'}>
          <p>{failure ?? saved}</p>
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <StaffNotice skin={self ? 'warning' : 'info'} live={false}>
        <p>{self ? s.userSelfWarning : s.userEditHint}</p>
      </StaffNotice>
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <UserScopeFields prefix="edit" value={scope} onChange={setScope} errors={errors} />
        <Checkbox id={fieldId('edit-disabled')} label={s.fDisabled} checked={disabled} onChange={setDisabled} error={errors.disabled} />
        <Button type="submit" busy={busy}>
          {s.saveUser}
        </Button>
      </form>
    </>
  );
}

/**
 * The OpenID Connect identity that signs in as this user. For providers that send no verified
 * e-mail (ID-porten), the administrator copies issuer and subject from the audited refusal.
 */
function IdentityLink({ user, onSaved }: { user: UserSummary; onSaved: (user: UserSummary) => void }) {
  const { s } = useStaffText();
  const [issuer, setIssuer] = useState(user.identity?.issuer ?? '');
  const [subject, setSubject] = useState(user.identity?.subject ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const form = useStaffForm({ failureId: 'identity-result', toKey: (field) => field.replace(/^identity\./, ''), summary: false });
  const { errors, failure, busy } = form;

  const save = async (identity: { issuer: string; subject: string } | null) => {
    setSaved(null);
    const done = await form.run(async () => {
      onSaved(await staffApi.put<UserSummary>(`/api/admin/users/${user.id}/identity`, { identity }));
      if (!identity) {
        setIssuer('');
        setSubject('');
      }
      setSaved(identity ? s.identitySaved : s.identityRemoved);
    });
    if (done) focusById('identity-result');
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void save({ issuer: issuer.trim(), subject: subject.trim() });
  };

  return (
    <section aria-labelledby="identity-heading" className="vv-staff-section">
      <h2 id="identity-heading" className="vv-staff-h2">
        {s.identityHeading}
      </h2>
      <p>{s.identityIntro}</p>
      <p>{user.identity ? s.identityLinked(user.identity.subject, user.identity.issuer) : s.identityNone}</p>
      <div id="identity-result">
        {failure || saved ? (
          <StaffNotice skin={failure ? 'error' : 'success'}>
            <p>{failure ?? saved}</p>
          </StaffNotice>
        ) : null}
      </div>
      <form className="vv-staff-form" onSubmit={submit} noValidate>
        <TextField id={fieldId('identity-issuer')} label={s.fIssuer} type="url" value={issuer} onChange={setIssuer} error={errors.issuer} />
        <TextField id={fieldId('identity-subject')} label={s.fSubject} value={subject} onChange={setSubject} error={errors.subject} />
        <Button type="submit" busy={busy}>
          {s.linkIdentity}
        </Button>
        {user.identity ? (
          <Button skin="secondary" busy={busy} onClick={() => void save(null)}>
            {s.unlinkIdentity}
          </Button>
        ) : null}
      </form>
    </section>
  );
}
