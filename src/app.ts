import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PseudonymKeys } from './access/pseudonym.ts';
import { authPlugin } from './access/auth.plugin.ts';
import { MODULES } from './modules.ts';
import { DEFAULT_TRUST_PROXY } from './platform/config.ts';
import { isDatabaseReady, type Db } from './platform/db.ts';
import { PermissionTable, type AppConfig, type ModuleContext, type VeiviserModule } from './platform/module.ts';
import { openApiTransform, requireSuccessResponseSchema } from './platform/openapi.ts';
import { sendProblem, toProblem } from './platform/problem.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** How many requests are being handled right now. */
    handlersRunning: () => number;
  }
}

export type AppOptions = {
  db: Db;
  config: AppConfig;
  pseudonymKeys: PseudonymKeys;
  /** The modules to assemble (default: all of src/modules.ts). */
  modules?: readonly VeiviserModule[];
  /** Rate limits protect the public edge; load tests and unit tests may lift them (false: none at all). */
  rateLimit?: boolean;
};

// One-time secrets travel in some query strings (the OIDC callback's code and state, the first
// administrator's setup token): their values are kept out of the logs.
const SECRET_QUERY_VALUES = /([?&](?:code|state|token|nonce)=)[^&#]*/gi;
const logSafeUrl = (url: string) => url.replace(SECRET_QUERY_VALUES, '$1[redacted]');

/** A hop count means: trust that many proxies in front of us (Fastify's types want a function for it). */
const trustProxyOption = (trust: number | string) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

/** Assembles the HTTP application: plugins, routes, errors, static web. Starts nothing. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  const modules = options.modules ?? MODULES;
  const permissions = new PermissionTable(modules);
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'],
            serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: logSafeUrl(req.url), remoteAddress: req.ip }) },
          },
    // Only the configured proxies may say who the client is (rate limits and audit rows use it).
    trustProxy: trustProxyOption(config.trustProxy ?? DEFAULT_TRUST_PROXY),
    bodyLimit: 256 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Answers are serialised through their zod schema (unlisted fields dropped); a route without one is refused.
  app.addHook('onRoute', requireSuccessResponseSchema);

  // Requests still being handled, so shutdown can wait for them before closing the database: a
  // client that hung up has closed its socket, but its handler may still be running.
  let inFlight = 0;
  app.addHook('onRequest', async () => {
    inFlight += 1;
  });
  app.addHook('onResponse', async () => {
    inFlight -= 1;
  });
  app.decorate('handlersRunning', () => inFlight);

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || request.url.startsWith('/hsds') || request.method !== 'GET') {
      return sendProblem(reply, { type: 'https://veiviser.oslo.kommune.no/problems/404', title: 'Not Found', status: 404, detail: `No route ${request.method} ${request.url.split('?')[0]}`, instance: request.url });
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
  // Routes set their own limits; without the plugin those settings are inert (tests, load tests).
  if (options.rateLimit !== false) await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Veiviser API', version: '0.1.0', description: 'Oslo mental-health and substance-use service catalog. Errors are RFC 9457 problem+json.' },
      tags: modules.flatMap((m) => m.tags),
    },
    transform: openApiTransform,
  });
  await app.register(authPlugin, { db, permissions });

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const ready = await isDatabaseReady(db);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'database unavailable' });
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const context: ModuleContext = { db, config, permissions, pseudonymKeys: options.pseudonymKeys };
  for (const module of modules) await app.register(async (scope) => module.routes(scope, context));

  const webDir = resolve(config.webDir);
  if (existsSync(webDir)) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  return app;
}
