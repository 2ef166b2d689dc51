import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import { safeString } from '../platform/input.ts';
import { providerListSchema, redirectSchema } from './access.schemas.ts';
import { clientOf, SESSION_COOKIE, setSessionCookie } from './auth.plugin.ts';
import { forgetSession } from './session-cache.ts';
import { hashToken } from './tokens.ts';
import { finishOidcLogin, OIDC_FLOW_COOKIE, OIDC_LOGIN_TTL_MS, startOidcLogin, type OidcProviders } from './oidc.service.ts';

const tags = ['auth'];
const providerParams = z.object({ provider: safeString(40) });
// The flow cookie only goes to the OIDC routes. SameSite=Lax, not Strict: the callback is a
// top-level navigation coming from the provider's site, and a Strict cookie would not be sent.
const FLOW_COOKIE_PATH = '/api/auth/oidc/';

/** Where the browser lands when a sign-in fails; the sign-in page explains the error code. */
const SIGN_IN_PAGE = '/logg-inn';

/** Sends the browser on, with nothing cached: these responses carry one-time values. */
function redirect(reply: FastifyReply, location: string) {
  return reply.header('cache-control', 'no-store').redirect(location, 302);
}

/** Sign-in with OpenID Connect (authorization code + PKCE): provider list, start and callback. */
export const oidcRoutes: FastifyPluginAsyncZod<{ db: Db; providers: OidcProviders; secureCookies: boolean }> = async (
  app,
  { db, providers, secureCookies },
) => {
  app.get(
    '/api/auth/providers',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Identity providers offered on the sign-in page',
        response: { 200: providerListSchema },
      },
    },
    async () => providers.list(),
  );

  app.get(
    '/api/auth/oidc/:provider/start',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "Redirects to the identity provider's sign-in (state, nonce, PKCE S256); returnTo must be a path on this site",
        params: providerParams,
        querystring: z.object({ returnTo: safeString(2000).optional() }),
        response: { 302: redirectSchema },
      },
    },
    async (request, reply) => {
      const provider = providers.get(request.params.provider);
      if (!provider) throw notFound('The sign-in provider');
      let started;
      try {
        started = await startOidcLogin(db, { provider, returnTo: request.query.returnTo, now: new Date() });
      } catch (error) {
        // Discovery failed: the provider is down or misconfigured. Local sign-in still works.
        request.log.warn({ provider: provider.id, error: (error as Error).message }, 'OIDC provider unavailable');
        return redirect(reply, `${SIGN_IN_PAGE}?error=oidc_unavailable`);
      }
      reply.setCookie(OIDC_FLOW_COOKIE, started.flowToken, {
        path: FLOW_COOKIE_PATH,
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        maxAge: OIDC_LOGIN_TTL_MS / 1000,
      });
      return redirect(reply, started.authorizationUrl.href);
    },
  );

  app.get(
    '/api/auth/oidc/:provider/callback',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Where the identity provider returns to; signs in and redirects to returnTo, or to the sign-in page with ' +
          '?error=oidc_failed|no_account',
        params: providerParams,
        querystring: z.object({
          code: safeString(2000).optional(),
          state: safeString(500).optional(),
          iss: safeString(500).optional(),
          error: safeString(200).optional(),
          error_description: safeString(2000).optional(),
        }),
        response: { 302: redirectSchema },
      },
    },
    async (request, reply) => {
      const provider = providers.get(request.params.provider);
      if (!provider) throw notFound('The sign-in provider');
      // The callback URL is rebuilt on the configured redirect URI: only the query comes from the request.
      const callbackUrl = new URL(provider.redirectUri);
      callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
      const previousToken = request.cookies[SESSION_COOKIE];
      const outcome = await finishOidcLogin(db, {
        provider,
        flowToken: request.cookies[OIDC_FLOW_COOKIE],
        callbackUrl,
        now: new Date(),
        client: clientOf(request),
        previousToken,
      });
      if (previousToken) forgetSession(db, hashToken(previousToken));
      reply.clearCookie(OIDC_FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
      if (!outcome.ok) return redirect(reply, `${SIGN_IN_PAGE}?error=${outcome.error}`);
      // The session cookie is SameSite=Strict, so the page after this cross-site redirect chain is
      // loaded without it; the web app's own API calls are same-site and carry it.
      setSessionCookie(reply, outcome.session.token, secureCookies);
      return redirect(reply, outcome.returnTo);
    },
  );
};
