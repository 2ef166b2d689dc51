import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { resolveSession } from './access.service.ts';
import type { Actor } from './actor.ts';
import { can, type Permission } from './permissions.ts';

export const SESSION_COOKIE = 'veiviser_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the session cookie into request.actor and checks CSRF on state-changing requests. */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(options.db, { token, now: new Date() });
    if (!session) return;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('FORBIDDEN', 'x-csrf-token: missing or wrong CSRF token');
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
  });
});

/** Route guard: the request must come from a signed-in user holding the permission. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
    if (!can(request.actor.roles, permission)) throw new AppError('FORBIDDEN', `Your roles do not allow ${permission}.`);
  };
}

/** The signed-in actor of a guarded route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return request.actor;
}
