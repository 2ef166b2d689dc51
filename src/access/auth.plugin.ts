import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { resolveSession } from './access.service.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { can, type RouteAccess } from './permissions.ts';

export const SESSION_COOKIE = 'veiviser_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route. Every route must say; the server refuses to start otherwise. */
    access?: RouteAccess;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANONYMOUS: Actor = { userId: 'anonymous', displayName: 'Anonymous', roles: [], districts: [], units: [] };

/** Routes that plugins register for us, and the rule they get. */
const PLUGIN_ROUTES: Record<string, RouteAccess> = { '/*': 'public', '/': 'public' };

/**
 * Authentication and authorisation at the edge: resolves the session cookie into request.actor,
 * checks CSRF on state-changing requests, and enforces each route's declared access rule.
 * Refusals on person-data routes are written to the audit log.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; file?: string };
    if (config.access) return;
    // @fastify/static registers one route per built web file (config.file): the public web app.
    const fallback = config.file !== undefined ? 'public' : PLUGIN_ROUTES[route.url];
    if (fallback) {
      route.config = { ...config, access: fallback } as typeof route.config;
      return;
    }
    throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
  });

  app.addHook('preHandler', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(options.db, { token, now: new Date() });
      if (session) {
        if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
          throw new AppError('FORBIDDEN', 'x-csrf-token: missing or wrong CSRF token');
        }
        request.actor = session.actor;
        request.csrfToken = session.csrfToken;
      }
    }
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (!request.actor) {
      if (access.startsWith('person:')) await auditRefusal(options.db, request, ANONYMOUS, access);
      throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
    }
    if (access !== 'authenticated' && !can(request.actor.roles, access)) {
      if (access.startsWith('person:') || access.startsWith('audit:')) await auditRefusal(options.db, request, request.actor, access);
      throw new AppError('FORBIDDEN', `Your roles do not allow ${access}.`);
    }
  });
});

async function auditRefusal(db: Db, request: FastifyRequest, actor: Actor, access: string) {
  const params = request.params as Record<string, unknown> | undefined;
  const personId = typeof params?.id === 'string' && /^[0-9a-f-]{36}$/i.test(params.id) ? params.id : null;
  await appendAudit(db, {
    actor,
    action: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome: 'denied',
    purpose: 'authentication',
    resourceType: access,
    resourceId: personId,
    personId: null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    detail: { reason: actor === ANONYMOUS ? 'not signed in' : 'role lacks permission', requestedId: personId },
  });
}

/** The signed-in actor of a route whose rule requires one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return request.actor;
}
