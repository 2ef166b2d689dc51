import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db.ts';
import type { PermissionTable } from '../platform/module.ts';
import { AppError } from '../platform/errors.ts';
import { loginBodySchema, meSchema, noContentSchema } from './access.schemas.ts';
import { actorOf, clearSessionCookie, clientOf, SESSION_COOKIE, setSessionCookie } from './auth.plugin.ts';
import { forgetSession, forgetUserSessions } from './session-cache.ts';
import { SIGN_IN_REFUSED, signOut, signOutEverywhere } from './sessions.service.ts';
import { hashToken } from './tokens.ts';
import { authenticate, signInWithPassword } from './sign-in.service.ts';

/** Sign-in, sign-out and "who am I". */
export const accessRoutes: FastifyPluginAsyncZod<{ db: Db; permissions: PermissionTable; secureCookies: boolean }> = async (
  app,
  { db, permissions, secureCookies },
) => {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie and returns the CSRF token',
        body: loginBodySchema,
        response: { 200: meSchema },
      },
      config: { access: 'public', signIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const now = new Date();
      // The password check first, outside the transaction: it holds no connection while argon2 works.
      const authentication = await authenticate(db, { ...request.body, now });
      const client = clientOf(request);
      const previousToken = request.cookies[SESSION_COOKIE];
      const { email } = request.body;
      const result = await db
        .transaction()
        .execute((trx) => signInWithPassword(trx, { authentication, email, now, client, previousToken }));
      if (previousToken) forgetSession(db, hashToken(previousToken));
      if (!result.ok) throw new AppError('UNAUTHENTICATED', SIGN_IN_REFUSED);
      setSessionCookie(reply, result.session.token, secureCookies);
      const actor = result.session.actor;
      return { ...actor, permissions: permissions.permissionsOf(actor.roles), csrfToken: result.session.csrfToken };
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meSchema } } },
    async (request) => {
      const actor = actorOf(request);
      return { ...actor, permissions: permissions.permissionsOf(actor.roles), csrfToken: request.csrfToken ?? '' };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: noContentSchema } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const actor = request.actor ?? null;
      if (token) await db.transaction().execute((trx) => signOut(trx, { token, actor, client: clientOf(request) }));
      if (actor) forgetUserSessions(db, actor.userId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout-everywhere',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Sign out of every session of this user', response: { 204: noContentSchema } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await db.transaction().execute((trx) => signOutEverywhere(trx, { actor, client: clientOf(request) }));
      forgetUserSessions(db, actor.userId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
};
