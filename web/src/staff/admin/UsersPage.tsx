import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import { Loading, LoadError, Tag } from '../../components/common.tsx';
import { ErrorSummary, fieldId, TextField, type ErrorLink } from '../../components/forms.tsx';
import { useVocabulary } from '../../hooks.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { UserSummary } from '../types.ts';
import { Button, RequiredLabel, Section, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { AdminNav } from './AdminNav.tsx';
import { unitList, userFieldKey, UserScopeFields, type ScopeValue } from './UserScopeFields.tsx';

/** /admin — every user, and a form to create a local account. */
export function UsersPage() {
  const { s } = useStaffText();
  const users = useStaffGet<UserSummary[]>('/api/admin/users');
  useTitle(s.usersTitle);
  return (
    <>
      <AdminNav />
      <h1 className="vv-page-title">{s.usersTitle}</h1>
      <p>{s.usersIntro}</p>
      {users.loading && !users.data ? <Loading /> : null}
      <LoadError error={users.error} onRetry={users.reload} />
      {users.data ? <UserTable users={users.data} /> : null}
      <CreateUser onCreated={users.reload} />
    </>
  );
}

function UserTable({ users }: { users: UserSummary[] }) {
  const { s, link } = useStaffText();
  const { vocabulary } = useVocabulary();
  const districtName = (slug: string) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug;
  return (
    <div className="vv-staff-table-wrap" role="region" aria-labelledby="users-caption" tabIndex={0}>
      <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
        <caption id="users-caption" className="vv-staff-caption">
          {s.usersCaption(users.length)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{s.fDisplayName}</th>
            <th scope="col">{s.emailHeader}</th>
            <th scope="col">{s.rolesHeader}</th>
            <th scope="col">{s.scopeHeader}</th>
            <th scope="col">{s.statusHeader}</th>
            <th scope="col">{s.actionsHeader}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.displayName}</th>
              <td>{u.email}</td>
              <td>{u.roles.length ? u.roles.map((r) => s.roles[r] ?? r).join(', ') : s.noRoles}</td>
              <td>{s.scopeUnits(u.districts.map(districtName).join(', '), u.units.join(', '))}</td>
              <td>{u.disabled ? <Tag skin="red">{s.userDisabled}</Tag> : s.userActive}</td>
              <td>
                <Link to={link(`/admin/brukere/${u.id}`)}>
                  {s.actionsHeader}
                  <span className="pkt-sr-only"> {u.displayName}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_SCOPE: ScopeValue = { roles: [], districts: [], units: '' };

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const { s } = useStaffText();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [scope, setScope] = useState<ScopeValue>(EMPTY_SCOPE);
  const [created, setCreated] = useState<string | null>(null);
  const form = useStaffForm({ failureId: 'create-user-result', toKey: userFieldKey });
  const { errors, failure, busy } = form;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setCreated(null);
    await form.run(async () => {
      await staffApi.post('/api/admin/users', {
        email: email.trim(),
        displayName,
        password,
        roles: scope.roles,
        districts: scope.districts,
        units: unitList(scope.units),
      });
      setCreated(s.userCreated(email.trim()));
      setEmail('');
      setDisplayName('');
      setPassword('');
      setScope(EMPTY_SCOPE);
      onCreated();
      focusById('create-user-result');
    });
  };

  const labels: Record<string, string> = {
    email: s.emailInput,
    displayName: s.fDisplayName,
    password: s.fPassword,
    roles: s.fRoles,
    districts: s.fUserDistricts,
    units: s.fUnits,
  };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({ id: fieldId(`new-${k}`), label: labels[k] ?? k, message }));

  return (
    <Section id="create-user" title={s.createUserHeading}>
      {failure || created ? (
        <StaffNotice id="create-user-result" skin={failure ? 'error' : 'success'}>
          <p>{failure ?? created}</p>
        </StaffNotice>
      ) : null}
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="vv-staff-grid">
          <TextField
            id={fieldId('new-email')}
            label={<RequiredLabel text={s.emailInput} />}
            type="email"
            value={email}
            onChange={setEmail}
            error={errors.email}
            autoComplete="off"
          />
          <TextField
            id={fieldId('new-displayName')}
            label={<RequiredLabel text={s.fDisplayName} />}
            value={displayName}
            onChange={setDisplayName}
            error={errors.displayName}
            autoComplete="off"
          />
          <TextField
            id={fieldId('new-password')}
            label={<RequiredLabel text={s.fPassword} />}
            hint={s.fPasswordHint}
            type="password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="new-password"
          />
        </div>
        <UserScopeFields prefix="new" value={scope} onChange={setScope} errors={errors} />
        <Button type="submit" busy={busy}>
          {s.createUser}
        </Button>
      </form>
    </Section>
  );
}
