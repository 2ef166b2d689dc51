import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PseudonymKeys } from './access/pseudonym.ts';
import { authPlugin } from './access/auth.plugin.ts';
import { configureAuditKeys, flushPendingAudit, writeErrorRecord } from './access/audit.ts';
import type { AuditKeys } from './access/keys.ts';
import { MODULES } from './modules.ts';
import { DEFAULT_TRUST_PROXY } from './platform/config.ts';
import { isDatabaseReady, type Db } from './platform/db.ts';
import { installDraining } from './platform/draining.ts';
import { AppError } from './platform/errors.ts';
import { eventsPlugin } from './platform/events/events.plugin.ts';
import { validateForwardedFor } from './platform/forwarded.ts';
import { endConnectionsAfterGrace, HTTP_TIMEOUTS, timeoutOptions, type HttpTimeouts } from './platform/http-lifecycle.ts';
import type { JobQueue } from './platform/jobs/jobs.ts';
import { definePruneJob } from './platform/jobs/prune.ts';
import type { Listen } from './platform/listen.ts';
import { PermissionTable, type AppConfig, type ModuleContext, type VeiviserModule } from './platform/module.ts';
import { clientErrorHandler, frameworkErrors, refuseMalformedUrl } from './platform/http-guards.ts';
import { sendProblem, toProblem } from './platform/problem.ts';
import { registerRateLimits } from './platform/rate-limits.ts';
import { requireSuccessResponseSchema } from './platform/response-schemas.ts';
import { MULTIPART_DEFAULTS } from './platform/uploads.ts';

export type AppOptions = {
  db: Db;
  config: AppConfig;
  pseudonymKeys: PseudonymKeys;
  /** The audit chain and checkpoint keys; buildApp makes them this process's (configureAuditKeys). */
  auditKeys: AuditKeys;
  /** The modules to assemble (default: all of src/modules.ts). */
  modules?: readonly VeiviserModule[];
  /** The background job queue, not yet started: the modules define their jobs on it, and the caller starts and stops it. */
  jobs: JobQueue;
  /** The database handle's LISTEN (live events); the app stops it when it closes. */
  listen: Listen;
  /** How often event streams get a heartbeat (default 15 s; tests shorten it). */
  sseHeartbeatMs?: number;
  /** Rate limits protect the public edge; load tests and unit tests may lift them (false: none at all). */
  rateLimit?: boolean;
  /** HTTP timeouts; tests about them shorten some. */
  timeouts?: Partial<HttpTimeouts>;
};

// One-time secrets travel in some query strings (the OIDC callback's code and state, the first
// administrator's setup token): their values are kept out of the logs.
const SECRET_QUERY_VALUES = /([?&](?:code|state|token|nonce)=)[^&#]*/gi;
const logSafeUrl = (url: string) => url.replace(SECRET_QUERY_VALUES, '$1[redacted]');

/** How often the app chains audit rows left pending (see appendAuditPending). */
const AUDIT_CHAIN_INTERVAL_MS = 1000;

/** A hop count means: trust that many proxies in front of us (Fastify's types want a function for it). */
const trustProxyOption = (trust: number | string) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

/** Assembles the HTTP application: plugins, routes, errors, static web. Starts nothing. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const modules = options.modules ?? MODULES;
  const permissions = new PermissionTable(modules);
  configureAuditKeys(options.auditKeys);
  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: logSafeUrl(req.url),
                remoteAddress: req.ip,
              }),
            },
          },
    // Only the configured proxies may say who the client is (rate limits and audit rows use it).
    trustProxy: trustProxyOption(config.trustProxy ?? DEFAULT_TRUST_PROXY),
    bodyLimit: 256 * 1024,
    // Malformed requests get problem+json too: router errors, and what node's parser refuses.
    frameworkErrors,
    clientErrorHandler,
    ...timeoutOptions(timeouts),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every API route says what it answers (the serializer then drops any field the schema does not list).
  app.addHook('onRoute', requireSuccessResponseSchema);
  validateForwardedFor(app);

  // Shutdown waits for running handlers before closing the database (see draining.ts), and ends
  // connections still open after the grace period (a client trickling a body would hold it forever).
  installDraining(app);
  app.addHook('onRequest', refuseMalformedUrl);
  endConnectionsAfterGrace(app, timeouts);

  app.setErrorHandler(async (error, request, reply) => {
    // A refusal carries its audit row out of its rolled-back transaction: written here, once,
    // wherever it was thrown. A refusal that cannot be audited is not answered as a refusal.
    try {
      await writeErrorRecord(db, error);
    } catch (auditError) {
      request.log.error({ err: auditError, refusal: (error as Error).message }, 'could not audit a refusal');
      return sendProblem(reply, toProblem(auditError, request));
    }
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || request.url.startsWith('/hsds') || request.method !== 'GET') {
      return sendProblem(reply, toProblem(new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`), request));
    }
    return reply.type('text/html').sendFile('index.html');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Files are streamed by the routes that take them (platform/uploads.ts), each with its own size limit.
  await app.register(multipart, MULTIPART_DEFAULTS);
  // Routes set their own limits; without the plugin those settings are inert (tests, load tests).
  if (options.rateLimit !== false) await registerRateLimits(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Veiviser API',
        version: '0.1.0',
        description: 'Oslo mental-health and substance-use service catalog. Errors are RFC 9457 problem+json.',
      },
      tags: modules.flatMap((m) => m.tags),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin, { db, permissions });
  const heartbeat = options.sseHeartbeatMs ? { heartbeatMs: options.sseHeartbeatMs } : {};
  await app.register(eventsPlugin, { db, listen: options.listen, ...heartbeat });
  // Audit rows recorded pending (appendAuditPending) are chained right after their commit by the
  // use-case; this catches any left over (a failed or interrupted chaining) within a second.
  let auditTimer: NodeJS.Timeout | null = null;
  const chainLeftOver = () =>
    flushPendingAudit(db).catch((error: unknown) => app.log.error({ err: error }, 'chaining pending audit rows failed; trying again'));
  app.addHook('onReady', async () => {
    auditTimer = setInterval(() => void chainLeftOver(), AUDIT_CHAIN_INTERVAL_MS);
    auditTimer.unref();
  });
  app.addHook('onClose', async () => {
    if (auditTimer) clearInterval(auditTimer);
    await chainLeftOver();
  });

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const ready = await isDatabaseReady(db);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'database unavailable' });
  });
  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: z.looseObject({}).describe('The OpenAPI 3.1 document') } } },
    async () => app.swagger() as Record<string, unknown>,
  );

  const context: ModuleContext = {
    db,
    config,
    permissions,
    pseudonymKeys: options.pseudonymKeys,
    auditKeys: options.auditKeys,
    jobs: options.jobs,
  };
  for (const module of modules) await app.register(async (scope) => module.routes(scope, context));
  for (const module of modules) module.defineJobs?.(options.jobs, context);
  definePruneJob(
    options.jobs,
    db,
    modules.flatMap((m) => m.pruners ?? []),
  );

  const webDir = resolve(config.webDir);
  if (existsSync(webDir)) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  return app;
}
