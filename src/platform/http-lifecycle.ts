import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** How long the HTTP server waits for clients, in milliseconds. */
export type HttpTimeouts = {
  /** The whole request, headers and body (Node's requestTimeout): a body trickled a byte at a time is cut off with 408. */
  requestMs: number;
  /** The request headers (Node's headersTimeout); at most requestMs. */
  headersMs: number;
  /** A socket with no traffic either way (Fastify's connectionTimeout). */
  idleMs: number;
  /** An idle keep-alive connection between requests: longer than the 60 s common proxies keep theirs, so they close first. */
  keepAliveMs: number;
  /** How often Node looks for requests past their timeouts, so a cut-off comes at most this late. */
  checkEveryMs: number;
  /** At shutdown, how long requests still running or still arriving may take before their connections are ended. */
  shutdownGraceMs: number;
};

export const HTTP_TIMEOUTS: HttpTimeouts = {
  requestMs: 30_000,
  headersMs: 10_000,
  idleMs: 60_000,
  keepAliveMs: 72_000,
  checkEveryMs: 2_000,
  shutdownGraceMs: 5_000,
};

/** Fastify server options for the timeouts. */
export function timeoutOptions(t: HttpTimeouts) {
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    // At close, idle keep-alive connections end at once; the rest get the grace period (below).
    forceCloseConnections: 'idle' as const,
    http: { headersTimeout: Math.min(t.headersMs, t.requestMs), connectionsCheckingInterval: t.checkEveryMs },
  };
}

/**
 * Keeps count of requests being handled, for shutdown to wait on before it closes the database,
 * and makes close() end connections still open after the grace period (a client trickling a body
 * or never reading its answer would otherwise hold it forever). A request is done when its
 * response is finished or its connection closed (a client that hung up gets no response), except
 * that a handler still running keeps it counted until it returns: it may be using the database.
 */
export function trackRequests(app: FastifyInstance, options: { shutdownGraceMs: number }): () => number {
  const inFlight = new Set<FastifyRequest>();
  const inHandler = new WeakSet<FastifyRequest>();
  const closed = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request, reply) => {
    inFlight.add(request);
    reply.raw.once('close', () => {
      closed.add(request);
      if (!inHandler.has(request)) inFlight.delete(request);
    });
  });
  app.addHook('onResponse', async (request) => {
    inFlight.delete(request);
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    const finished = (request: FastifyRequest) => {
      inHandler.delete(request);
      if (closed.has(request)) inFlight.delete(request);
    };
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      inHandler.add(request);
      let result: unknown;
      try {
        result = (handler as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown).call(this, request, reply);
      } catch (error) {
        finished(request);
        throw error;
      }
      if (result instanceof Promise) return result.finally(() => finished(request));
      finished(request);
      return result;
    };
  });

  let grace: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    grace = setTimeout(() => app.server.closeAllConnections(), options.shutdownGraceMs);
    grace.unref();
  });
  app.addHook('onClose', async () => {
    clearTimeout(grace);
  });
  return () => inFlight.size;
}
