import { useEffect, useState, type SubmitEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, type Me } from '../api.ts';
import { Loading } from '../components/common.tsx';
import { ErrorSummary, fieldId, TextField, type ErrorLink } from '../components/forms.tsx';
import { useTitle } from '../lang.tsx';
import { useStaffText } from './messages.ts';
import { areasFor } from './areas.ts';
import { sessionStarted, useSession } from './session.tsx';
import type { Provider } from './types.ts';
import { Button, RequiredLabel, StaffNotice } from './ui.tsx';
import { useStaffForm } from './useStaffForm.ts';

/** Only same-site paths: a returnTo must never send the user to another origin. */
export function safeReturnTo(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

/** The first staff area the user may open (the editor when none: it explains the missing access). */
function homeFor(me: Me): string {
  return areasFor(me)[0]?.basePath ?? '/redaktor';
}

/** The OpenID Connect providers (ID-porten, Entra ID) the server offers; none when it offers none. */
function useProviders(): Provider[] {
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    let live = true;
    api.get<Provider[]>('/api/auth/providers').then(
      (list) => live && setProviders(Array.isArray(list) ? list : []),
      // 404 (a server without OIDC, or one older than the endpoint) and failures: local sign-in only.
      () => live && setProviders([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return providers;
}

/** Sign-in with e-mail and password, or with an OpenID Connect provider; then back to where the user was going. */
export function SignInPage() {
  const { s, link } = useStaffText();
  const session = useSession();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  // Set by the OpenID Connect callback when a sign-in there did not succeed.
  const oidcError = params.get('error');
  const providers = useProviders();
  useTitle(s.signInTitle);

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useStaffForm({
    failureId: 'signin-failure',
    failureText: (error) =>
      error instanceof ApiError && error.status === 401
        ? s.signInFailed
        : error instanceof ApiError && error.status === 429
          ? s.tooManyAttempts
          : s.genericError,
  });
  const { errors, failure, busy } = form;

  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signedIn') return <Navigate replace to={returnTo ?? link(homeFor(session.me))} />;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    await form.run(async () => {
      const me = await api.post<Me>('/api/auth/login', { email: email.trim(), password });
      sessionStarted(me); // re-renders into the redirect above
    });
  };

  const labels: Record<string, string> = { email: s.emailInput, password: s.passwordInput };
  const links: ErrorLink[] = Object.entries(errors).map(([field, message]) => ({
    id: fieldId(`signin-${field}`),
    label: labels[field] ?? field,
    message,
  }));
  const reason = session.reason;
  const oidcReturn = returnTo ?? '/redaktor';

  return (
    <div className="vv-staff-narrow">
      <h1 className="vv-page-title">{s.signInTitle}</h1>
      {reason === 'expired' ? (
        <StaffNotice skin="warning">
          <p>{s.sessionExpired}</p>
        </StaffNotice>
      ) : reason === 'signedOut' || reason === 'signedOutEverywhere' ? (
        <StaffNotice skin="info">
          <p>{reason === 'signedOut' ? s.signedOut : s.signedOutEverywhere}</p>
        </StaffNotice>
      ) : null}
      {oidcError ? (
        <StaffNotice skin="error">
          <p>{s.oidcErrors[oidcError] ?? s.oidcErrors.oidc_failed}</p>
        </StaffNotice>
      ) : null}
      <p>{s.signInIntro}</p>
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} errors={links} /> : null}
      {failure ? (
        <StaffNotice id="signin-failure" skin="error">
          <p>{failure}</p>
        </StaffNotice>
      ) : null}
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id={fieldId('signin-email')}
          label={<RequiredLabel text={s.emailInput} />}
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="username"
          error={errors.email}
        />
        <TextField
          id={fieldId('signin-password')}
          label={<RequiredLabel text={s.passwordInput} />}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          error={errors.password}
        />
        <Button type="submit" busy={busy}>
          {busy ? s.signingIn : s.signInButton}
        </Button>
      </form>
      {providers.length ? (
        <section className="vv-staff-section" aria-labelledby="oidc-heading">
          <h2 id="oidc-heading" className="vv-staff-h2">
            {s.otherSignInHeading}
          </h2>
          <ul className="vv-staff-providers">
            {providers.map((p) => (
              <li key={p.id}>
                <a
                  className="pkt-btn pkt-btn--secondary"
                  href={`/api/auth/oidc/${encodeURIComponent(p.id)}/start?returnTo=${encodeURIComponent(oidcReturn)}`}
                >
                  <span className="pkt-btn__text">{s.signInWith(p.name)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
