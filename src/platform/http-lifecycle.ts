import type { FastifyInstance } from 'fastify';

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
 * Makes close() end the connections still open once the grace period has passed: a client
 * trickling a body, or never reading its answer, would otherwise hold shutdown forever.
 * (draining.ts counts the requests shutdown waits for.)
 */
export function endConnectionsAfterGrace(app: FastifyInstance, options: { shutdownGraceMs: number }): void {
  let grace: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    grace = setTimeout(() => app.server.closeAllConnections(), options.shutdownGraceMs);
    grace.unref();
  });
  app.addHook('onClose', async () => {
    clearTimeout(grace);
  });
}
