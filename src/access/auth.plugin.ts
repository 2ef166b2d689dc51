import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { anonymousActor, type Actor, type ClientInfo } from './actor.ts';
import { auditAuthentication } from './audit.ts';
import { followSessionEnds } from './session-cache.ts';
import { csrfTokenMatches, resolveSession, SESSION_ABSOLUTE_MS } from './sessions.service.ts';
import type { PermissionTable, RouteAccess } from '../platform/module.ts';

export const SESSION_COOKIE = 'veiviser_session';

/** One route and who may call it. */
export type RouteRule = { method: string; url: string; access: RouteAccess; webFile: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, in registration order: the route table the authorisation matrix test walks. */
    routeRules: () => RouteRule[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route. Every route must say; the server refuses to start otherwise. */
    access?: RouteAccess;
    /**
     * The route proves who the caller is by itself (sign-in with a password): it does not act on
     * the session's authority, so a browser that is still signed in needs no CSRF token for it.
     */
    signIn?: true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ANONYMOUS = anonymousActor();

/** Routes that plugins register for us, and the rule they get. */
const PLUGIN_ROUTES: Record<string, RouteAccess> = { '/*': 'public', '/': 'public' };

/**
 * Sets the session cookie. Every sign-in method uses this one function, so the flags cannot
 * drift: not readable by scripts, HTTPS only, never sent on cross-site requests, whole site.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure, sameSite: 'strict', maxAge: SESSION_ABSOLUTE_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Address and browser of a request, for the audit log. */
export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 500) ?? null };
}

/**
 * Authentication and authorisation at the edge: resolves the session cookie into request.actor,
 * checks CSRF on state-changing requests, and enforces each route's declared access rule.
 * Refusals are written to the audit log: a session cookie that is unknown (tampered, forged) or
 * timed out, a missing or wrong CSRF token, and refusals of permissions whose spec audits refusals.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db; permissions: PermissionTable }) => {
  const { permissions } = options;
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);

  const rules: RouteRule[] = [];
  app.decorate('routeRules', () => [...rules]);

  // Sessions ended on any instance leave this one's memory of resolved sessions (session-cache.ts).
  let unfollowSessionEnds: (() => void) | null = null;
  app.addHook('onReady', async () => {
    unfollowSessionEnds = followSessionEnds(options.db, app.events);
  });
  app.addHook('onClose', async () => unfollowSessionEnds?.());

  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; file?: string };
    // @fastify/static registers one route per built web file (config.file): the public web app.
    const webFile = config.file !== undefined;
    const access = config.access ?? (webFile ? 'public' : PLUGIN_ROUTES[route.url]);
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    if (access !== 'public' && access !== 'authenticated') permissions.spec(access); // throws for an undeclared permission
    if (!config.access) route.config = { ...config, access };
    for (const method of [route.method].flat()) rules.push({ method, url: route.url, access, webFile });
  });

  // Answers behind a sign-in (person data, audit, users) must not stay in any cache.
  app.addHook('onSend', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access && access !== 'public') reply.header('cache-control', 'no-store');
  });

  // Before validation: a caller without the right learns nothing about the request's shape.
  app.addHook('preValidation', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token && !isWebFile(request)) {
      const session = await resolveSession(options.db, { token, now: new Date() });
      if (!session.ok) {
        // Treated as signed out. Clearing the cookie means one audit row per bad cookie, not one per request.
        await auditRefusal(
          options.db,
          request,
          ANONYMOUS,
          'session',
          session.reason === 'unknown' ? 'unknown or tampered session cookie' : session.reason,
        );
        clearSessionCookie(reply);
      } else {
        const needsCsrf = !SAFE_METHODS.has(request.method) && !request.routeOptions.config.signIn;
        if (needsCsrf && !csrfTokenMatches(request.headers['x-csrf-token'], session.csrfToken)) {
          const reason = request.headers['x-csrf-token'] === undefined ? 'missing CSRF token' : 'wrong CSRF token';
          await auditRefusal(options.db, request, session.actor, 'csrf', reason);
          throw new AppError('FORBIDDEN', 'x-csrf-token: missing or wrong CSRF token');
        }
        request.actor = session.actor;
        request.csrfToken = session.csrfToken;
      }
    }
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (!request.actor) {
      if (access !== 'authenticated' && permissions.spec(access).audit.refusals)
        await auditRefusal(options.db, request, ANONYMOUS, access, 'not signed in');
      throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
    }
    if (access !== 'authenticated' && !permissions.can(request.actor.roles, access)) {
      if (permissions.spec(access).audit.refusals) await auditRefusal(options.db, request, request.actor, access, 'role lacks permission');
      throw new AppError('FORBIDDEN', `Your roles do not allow ${access}.`);
    }
  });
});

/**
 * The web app's own files (static files and the page served for unknown paths) never act on a
 * session. Resolving one there would only write an audit row per asset when a page loads with a
 * stale cookie; the app's first API call reports it once.
 */
function isWebFile(request: FastifyRequest): boolean {
  return request.is404 || 'file' in request.routeOptions.config;
}

async function auditRefusal(db: Db, request: FastifyRequest, actor: Actor, resourceType: string, reason: string) {
  const params = request.params as Record<string, unknown> | undefined;
  // Checked here, before validation: person_id is a uuid column, so only the exact shape may go in.
  const requestedId = typeof params?.id === 'string' && UUID_SHAPE.test(params.id) ? params.id : null;
  // On a person-data route the id is a person's: the refusal then shows in that person's access report.
  const personId = request.routeOptions.config.access?.startsWith('person:') ? requestedId : null;
  // appendAudit takes a transaction-scoped lock to keep the chain in order: it needs a transaction.
  await db.transaction().execute((trx) =>
    auditAuthentication(trx, {
      actor,
      action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      outcome: 'denied',
      resourceType,
      resourceId: requestedId,
      personId,
      client: clientOf(request),
      detail: { reason, requestedId },
    }),
  );
}

/** The signed-in actor of a route whose rule requires one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return request.actor;
}
