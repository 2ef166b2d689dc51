import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db.ts';
import type { PermissionTable } from '../platform/module.ts';
import { AppError } from '../platform/errors.ts';
import { noContentSchema } from '../platform/http.schemas.ts';
import { meSchema, signInBodySchema } from './access.schemas.ts';
import { auditAuthentication, endAllSessions, endSession, SIGN_IN_REFUSED, signInWithPassword } from './access.service.ts';
import { actorOf, clearSessionCookie, clientOf, SESSION_COOKIE, setSessionCookie } from './auth.plugin.ts';

/** Sign-in, sign-out and "who am I". */
export const accessRoutes: FastifyPluginAsyncZod<{ db: Db; permissions: PermissionTable; secureCookies: boolean }> = async (app, { db, permissions, secureCookies }) => {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie and returns the CSRF token',
        body: signInBodySchema,
        response: { 200: meSchema },
      },
      config: { access: 'public', signIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await db.transaction().execute((trx) =>
        signInWithPassword(trx, { ...request.body, now: new Date(), client: clientOf(request), previousToken: request.cookies[SESSION_COOKIE] }),
      );
      if (!result.ok) throw new AppError('UNAUTHENTICATED', SIGN_IN_REFUSED);
      setSessionCookie(reply, result.session.token, secureCookies);
      const actor = result.session.actor;
      return { ...actor, permissions: permissions.permissionsOf(actor.roles), csrfToken: result.session.csrfToken };
    },
  );

  app.get('/api/auth/me', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meSchema } } }, async (request) => {
    const actor = actorOf(request);
    return { ...actor, permissions: permissions.permissionsOf(actor.roles), csrfToken: request.csrfToken ?? '' };
  });

  app.post('/api/auth/logout', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: noContentSchema } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const actor = request.actor;
    if (token) {
      await db.transaction().execute(async (trx) => {
        await endSession(trx, { token });
        if (actor) await auditAuthentication(trx, { actor, action: 'logout', outcome: 'allowed', resourceType: 'session', client: clientOf(request) });
      });
    }
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.post('/api/auth/logout-everywhere', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Sign out of every session of this user', response: { 204: noContentSchema } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    await db.transaction().execute(async (trx) => {
      await endAllSessions(trx, { userId: actor.userId });
      await auditAuthentication(trx, { actor, action: 'logout_everywhere', outcome: 'allowed', resourceType: 'session', client: clientOf(request) });
    });
    clearSessionCookie(reply);
    return reply.status(204).send();
  });
};
