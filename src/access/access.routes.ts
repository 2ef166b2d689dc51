import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import type { PermissionTable } from '../platform/module.ts';
import { AppError } from '../platform/errors.ts';
import { safeString } from '../platform/input.ts';
import { actorOf, clearSessionCookie, clientOf, SESSION_COOKIE, setSessionCookie } from './auth.plugin.ts';
import { SIGN_IN_REFUSED, signOut, signOutEverywhere } from './sessions.service.ts';
import { authenticate, signInWithPassword } from './sign-in.service.ts';

const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  /** What the caller may do: the web shows pages and actions by these, never by role names. */
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});

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
        body: z.strictObject({ email: z.email().max(200), password: safeString(500).min(1) }),
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
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Sign out of this session' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const actor = request.actor ?? null;
      if (token) await db.transaction().execute((trx) => signOut(trx, { token, actor, client: clientOf(request) }));
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/logout-everywhere',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out of every session of this user' } },
    async (request, reply) => {
      const actor = actorOf(request);
      await db.transaction().execute((trx) => signOutEverywhere(trx, { actor, client: clientOf(request) }));
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );
};
