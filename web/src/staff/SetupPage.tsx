import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, fieldId, TextField, type ErrorLink } from '../components/forms.tsx';
import { useTitle } from '../lang.tsx';
import { focusById } from './fieldErrors.ts';
import { useStaffText } from './messages.ts';
import { Button, RequiredLabel, StaffNotice } from './ui.tsx';
import { useStaffForm } from './useStaffForm.ts';

/** First start: creates the first administrator with the one-time token the server printed. */
export function SetupPage() {
  const { s, link } = useStaffText();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  useTitle(s.setupTitle);

  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useStaffForm({
    failureId: 'setup-failure',
    // A bad token is not a field the person can fix: the link itself is unusable.
    fieldErrors: (errors) => errors.filter((e) => e.field !== 'token'),
    failureText: (error) => {
      const status = error instanceof ApiError ? error.status : 0;
      return status === 403 || status === 400 ? s.setupInvalid : status === 429 ? s.tooManyAttempts : s.genericError;
    },
  });
  const { errors, failure, busy } = form;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const created = await form.run(async () => {
      await api.post('/api/setup', { token, email: email.trim(), displayName, password });
    });
    if (created) {
      setDone(true);
      focusById('setup-done');
    }
  };

  const labels: Record<string, string> = { email: s.emailInput, displayName: s.fDisplayName, password: s.fPassword };
  const links: ErrorLink[] = Object.entries(errors).map(([field, message]) => ({
    id: fieldId(`setup-${field}`),
    label: labels[field] ?? field,
    message,
  }));

  return (
    <div className="vv-staff-narrow">
      <h1 className="vv-page-title">{s.setupTitle}</h1>
      {done ? (
        <StaffNotice id="setup-done" skin="success">
          <p>{s.setupDone}</p>
          <p>
            <Link to={link('/logg-inn?returnTo=/admin')}>{s.goSignIn}</Link>
          </p>
        </StaffNotice>
      ) : !token ? (
        <StaffNotice skin="warning" live={false}>
          <p>{s.setupNoToken}</p>
        </StaffNotice>
      ) : (
        <>
          <p>{s.setupIntro}</p>
          {links.length ? <ErrorSummary heading={s.errorSummaryHeading} errors={links} /> : null}
          {failure ? (
            <StaffNotice id="setup-failure" skin="error">
              <p>{failure}</p>
            </StaffNotice>
          ) : null}
          <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
            <TextField
              id={fieldId('setup-email')}
              label={<RequiredLabel text={s.emailInput} />}
              type="email"
              value={email}
              onChange={setEmail}
              autoComplete="username"
              error={errors.email}
            />
            <TextField
              id={fieldId('setup-displayName')}
              label={<RequiredLabel text={s.fDisplayName} />}
              value={displayName}
              onChange={setDisplayName}
              autoComplete="name"
              error={errors.displayName}
            />
            <TextField
              id={fieldId('setup-password')}
              label={<RequiredLabel text={s.fPassword} />}
              hint={s.fPasswordHint}
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              error={errors.password}
            />
            <Button type="submit" busy={busy}>
              {s.setupSubmit}
            </Button>
          </form>
        </>
      )}
    </div>
  );
}
