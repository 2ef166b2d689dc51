import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { appendAudit } from './audit.ts';
import { authenticate, endAllSessions, endSession, SESSION_ABSOLUTE_MS, startSession } from './access.service.ts';
import { actorOf, SESSION_COOKIE } from './auth.plugin.ts';

const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  csrfToken: z.string(),
});

/** Sign-in, sign-out and "who am I". */
export const accessRoutes: FastifyPluginAsyncZod<{ db: Db; secureCookies: boolean }> = async (app, { db, secureCookies }) => {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie and returns the CSRF token',
        body: z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(500) }),
        response: { 200: meSchema },
      },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await db.transaction().execute((trx) => authenticate(trx, { ...request.body, now: new Date() }));
      if (!result.ok) {
        await db.transaction().execute((trx) =>
          appendAudit(trx, {
            actor: { userId: result.userId ?? 'anonymous', displayName: request.body.email, roles: [], districts: [], units: [] },
            action: 'login',
            outcome: 'failed',
            purpose: 'authentication',
            resourceType: 'session',
            resourceId: null,
            personId: null,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            detail: { reason: result.reason },
          }),
        );
        throw new AppError('UNAUTHENTICATED', 'The e-mail or password is wrong, or the account is locked for a while.');
      }
      const { userId } = result;
      const session = await startSession(db, { userId, userAgent: request.headers['user-agent'] ?? null, ip: request.ip });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'strict',
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      return { userId, displayName: user.display_name, roles: user.roles, districts: user.districts, units: user.units, csrfToken: session.csrfToken };
    },
  );

  app.get('/api/auth/me', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meSchema } } }, async (request) => {
    const actor = actorOf(request);
    return { ...actor, csrfToken: request.csrfToken ?? '' };
  });

  app.post('/api/auth/logout', { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Sign out of this session' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(db, { token });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post('/api/auth/logout-everywhere', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out of every session of this user' } }, async (request, reply) => {
    const actor = actorOf(request);
    await endAllSessions(db, { userId: actor.userId });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
};
