import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { anonymousActor, type ClientInfo } from './actor.ts';
import { auditAuthentication } from './audit.ts';
import { deleteExpiredOidcLogins, insertOidcLogin, takeOidcLogin } from './oidc-logins.repository.ts';
import { openSession, type OpenedSession } from './sessions.service.ts';
import { hashToken } from './tokens.ts';
import { linkOidcSubject, selectUserByEmail, selectUserByOidcSubject } from './users.repository.ts';

/** How long a started sign-in may take at the provider before the callback. */
export const OIDC_LOGIN_TTL_MS = 10 * 60 * 1000;

/**
 * The browser's half of a pending sign-in: a random value whose hash finds the server's half (the
 * oidc_login row with state, nonce and PKCE verifier). Binding the flow to the browser that
 * started it stops login CSRF: a callback URL with someone else's code is useless without it.
 */
export const OIDC_FLOW_COOKIE = 'veiviser_oidc';

/** One identity provider as the application uses it. */
export type OidcProvider = {
  id: string;
  name: string;
  scopes: string[];
  /** Fixed from the configured public URL: never derived from the request's Host header. */
  redirectUri: string;
  /** The discovered provider metadata and client; fetched on first use, then kept. */
  configuration: () => Promise<oidc.Configuration>;
};

export type OidcProviders = {
  list: () => { id: string; name: string }[];
  get: (id: string) => OidcProvider | undefined;
};

/**
 * The configured providers. Discovery happens on first use, not at start, so an identity provider
 * that is down does not stop the service (local accounts keep working); a failed discovery is
 * retried on the next sign-in.
 */
export function createOidcProviders(configs: readonly OidcProviderConfig[], publicUrl: string | null): OidcProviders {
  const providers = new Map<string, OidcProvider>();
  for (const config of configs) {
    if (!publicUrl) throw new Error('VEIVISER_PUBLIC_URL is required when OIDC providers are configured');
    let discovered: Promise<oidc.Configuration> | null = null;
    const issuer = new URL(config.issuer);
    // Plain http is accepted by configuration only for localhost (development and tests).
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only as a warning sign; limited to loopback above
    const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    providers.set(config.id, {
      id: config.id,
      name: config.name,
      scopes: config.scopes,
      redirectUri: new URL(`/api/auth/oidc/${config.id}/callback`, publicUrl).href,
      configuration: () => {
        discovered ??= oidc
          .discovery(issuer, config.clientId, config.clientSecret, undefined, { execute, timeout: 10 })
          .catch((error: unknown) => {
            discovered = null;
            throw error;
          });
        return discovered;
      },
    });
  }
  return {
    list: () => [...providers.values()].map((p) => ({ id: p.id, name: p.name })),
    get: (id) => providers.get(id),
  };
}

/**
 * Where to send the user after sign-in: a path on this site, or '/'. Anything that could leave
 * the site (other origins, protocol-relative //host, backslashes browsers read as slashes,
 * control characters) falls back to '/', so the sign-in cannot be used as an open redirect.
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = new URL('https://veiviser.invalid');
  const url = new URL(value, base);
  return url.origin === base.origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}

/**
 * Starts a sign-in at a provider: keeps state, nonce and the PKCE verifier server-side and returns
 * the provider's authorization URL (with an S256 code challenge) and the browser's flow token.
 */
export async function startOidcLogin(db: Db, options: { provider: OidcProvider; returnTo: string | undefined; now: Date }) {
  const { provider, now } = options;
  const configuration = await provider.configuration();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const flowToken = randomBytes(32).toString('base64url');
  // Sign-ins nobody finished would otherwise pile up: sweep them whenever a new one starts.
  await deleteExpiredOidcLogins(db, now);
  await insertOidcLogin(db, {
    flow_hash: hashToken(flowToken),
    provider: provider.id,
    state,
    nonce,
    code_verifier: codeVerifier,
    return_to: safeReturnTo(options.returnTo),
    created_at: now,
    expires_at: new Date(now.getTime() + OIDC_LOGIN_TTL_MS),
  });
  const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: provider.redirectUri,
    scope: provider.scopes.join(' '),
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl, flowToken };
}

/** Why a callback did not sign anyone in; the sign-in page shows a message for each. */
export type OidcRefusal = 'oidc_failed' | 'no_account';

export type OidcOutcome = { ok: true; session: OpenedSession; returnTo: string } | { ok: false; error: OidcRefusal };

type Identity = { issuer: string; subject: string; email: string | null; emailVerified: boolean };

/**
 * Completes a sign-in at the provider's callback: takes the pending sign-in (once), lets
 * openid-client check state, exchange the code with the PKCE verifier and validate the ID token
 * (signature, issuer, audience, expiry, nonce), then finds the user and opens a session. Every
 * outcome is audited. Opens its own short transactions: the code exchange is a network call that
 * must not hold a database transaction open.
 */
export async function finishOidcLogin(
  db: Db,
  options: {
    provider: OidcProvider;
    flowToken: string | undefined;
    callbackUrl: URL;
    now: Date;
    client: ClientInfo;
    previousToken: string | undefined;
  },
): Promise<OidcOutcome> {
  const { provider, now, client } = options;
  const auditRefusal = (trx: Db, error: OidcRefusal, reason: string, identity?: Identity) =>
    auditAuthentication(trx, {
      actor: anonymousActor(identity?.email ?? `oidc:${provider.id}`),
      action: 'login',
      outcome: error === 'no_account' ? 'denied' : 'failed',
      resourceType: 'session',
      client,
      detail: {
        method: 'oidc',
        provider: provider.id,
        reason,
        ...(identity ? { issuer: identity.issuer, subject: identity.subject } : {}),
      },
    });
  const refuse = async (error: OidcRefusal, reason: string): Promise<OidcOutcome> => {
    await db.transaction().execute((trx) => auditRefusal(trx, error, reason));
    return { ok: false, error };
  };

  const pending = options.flowToken ? await takeOidcLogin(db, hashToken(options.flowToken)) : undefined;
  if (!pending || pending.provider !== provider.id) return refuse('oidc_failed', 'no sign-in was started from this browser');
  if (pending.expires_at <= now) return refuse('oidc_failed', 'the sign-in took longer than ten minutes');

  let identity: Identity;
  try {
    const tokens = await oidc.authorizationCodeGrant(await provider.configuration(), options.callbackUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return await refuse('oidc_failed', 'no ID token');
    identity = {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email.toLowerCase() : null,
      emailVerified: claims.email_verified === true,
    };
  } catch (error) {
    return refuse('oidc_failed', describeFailure(error));
  }

  return await db.transaction().execute(async (trx) => {
    const found = await findOidcUser(trx, identity);
    if (!found.ok) {
      await auditRefusal(trx, 'no_account', found.reason, identity);
      return { ok: false, error: 'no_account' } as const;
    }
    const session = await openSession(trx, {
      userId: found.userId,
      now,
      client,
      previousToken: options.previousToken,
      detail: {
        method: 'oidc',
        provider: provider.id,
        issuer: identity.issuer,
        subject: identity.subject,
        ...(found.linked ? { linkedAccount: true } : {}),
      },
    });
    return { ok: true, session, returnTo: safeReturnTo(pending.return_to) } as const;
  });
}

/**
 * What went wrong in the code exchange, for the audit log: openid-client's code and message and the
 * underlying check that failed (state, nonce, signature, issuer …). No token is ever part of it.
 */
function describeFailure(error: unknown): string {
  const { code, error: providerError, message, cause } = error as { code?: string; error?: string; message?: string; cause?: unknown };
  const parts = [code ?? providerError ?? 'error', message ?? 'unknown'];
  if (cause instanceof Error && cause.message !== message) parts.push(cause.message);
  return parts.join(': ').slice(0, 300);
}

/**
 * The account of a provider identity. An identity seen before is found by (issuer, subject). On
 * first sign-in it is linked to the pre-provisioned account with the same e-mail, but only if the
 * provider says the e-mail is verified and the account is not linked to another identity. No
 * account is ever created here: roles come from an administrator.
 */
async function findOidcUser(
  db: Db,
  identity: Identity,
): Promise<{ ok: true; userId: string; linked: boolean } | { ok: false; reason: string }> {
  const known = await selectUserByOidcSubject(db, identity.issuer, identity.subject);
  if (known) return known.disabled ? { ok: false, reason: 'account disabled' } : { ok: true, userId: known.id, linked: false };
  if (!identity.email) return { ok: false, reason: 'unknown identity and no e-mail claim' };
  if (!identity.emailVerified) return { ok: false, reason: 'unknown identity and the e-mail is not verified by the provider' };
  const byEmail = await selectUserByEmail(db, identity.email);
  if (!byEmail) return { ok: false, reason: 'no account for this identity or e-mail' };
  if (byEmail.disabled) return { ok: false, reason: 'account disabled' };
  // Never move an account to a new identity: that would let whoever gets the e-mail next take it over.
  if (byEmail.oidc_subject !== null) return { ok: false, reason: 'the account with this e-mail is linked to another identity' };
  if (!(await linkOidcSubject(db, byEmail.id, identity.issuer, identity.subject)))
    return { ok: false, reason: 'the account was linked concurrently' };
  return { ok: true, userId: byEmail.id, linked: true };
}
