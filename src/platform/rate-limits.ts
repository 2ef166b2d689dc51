import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Per-client allowances of public routes, for their config.rateLimit: the numbers in one place.
 * `bulkExport` is a whole-catalog answer (HSDS format=ndjson): heavy, and a client needs few.
 */
export const PUBLIC_RATE_LIMITS = {
  bulkExport: { max: 6, timeWindow: '1 minute' },
  /** The public statistics (JSON-stat datasets and downloads): each answer is computed from the imports. */
  statistics: { max: 120, timeWindow: '1 minute' },
} as const;

type RouteLimit = {
  max?: unknown;
  timeWindow?: string | number;
  allowList?: (request: FastifyRequest, key: string) => boolean | Promise<boolean>;
};

/** A connecting peer (one proxy, or one client) may make this many times a route's per-client allowance. */
export const PER_PEER_FACTOR = 10;

/**
 * Rate limits as routes declare them (config.rateLimit: per client address, request.ip), plus a
 * second limit per connecting peer (the socket's address) of PER_PEER_FACTOR times as many. The
 * client address of a request through a trusted proxy is what the proxy forwards; a client that
 * is itself inside the trusted networks can forward a new address each try. The peer limit caps
 * that, while a real proxy in front of many clients still gets ten clients' worth.
 */
export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false });
  app.addHook('onRoute', (route) => {
    const limit = (route.config as { rateLimit?: RouteLimit } | undefined)?.rateLimit;
    if (typeof limit?.max !== 'number') return;
    const check = app.createRateLimit({
      max: limit.max * PER_PEER_FACTOR,
      ...(limit.timeWindow !== undefined ? { timeWindow: limit.timeWindow } : {}),
      // A route that limits only some requests (allowList) has its peer limit skip the same ones.
      ...(limit.allowList !== undefined ? { allowList: limit.allowList } : {}),
      keyGenerator: (request) => request.socket.remoteAddress ?? 'unknown',
    });
    const perPeer = async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      reply.header('retry-after', result.ttlInSeconds);
      throw new AppError('RATE_LIMITED', `Too many requests from this network address; retry in ${result.ttlInSeconds} seconds.`);
    };
    route.onRequest = [perPeer, ...[route.onRequest ?? []].flat()];
  });
}
