import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/;

/** One X-Forwarded-For entry as a plain IP address, or null. Accepts the `a.b.c.d:port` and `[v6]:port` forms some proxies send. */
function forwardedAddress(entry: string): string | null {
  const withPort = IPV4_WITH_PORT.exec(entry) ?? BRACKETED_IPV6.exec(entry);
  const address = withPort ? withPort[1]! : entry;
  if (withPort?.[2] !== undefined && Number(withPort[2]) > 65535) return null;
  // Zone ids (fe80::1%eth0) mean nothing for a remote client and can carry any text.
  if (address.includes('%')) return null;
  return isIP(address) ? address : null;
}

/**
 * X-Forwarded-For with only entries that are IP addresses. Read from the right (the nearest proxy
 * wrote the last entry), it stops at the first entry that is not one and keeps what lies right of
 * it: an entry a proxy would never write means whatever comes before it is the client's own text.
 * Undefined when nothing usable is left; the client address is then the connecting peer's.
 */
export function cleanForwardedFor(header: string): string | undefined {
  const kept: string[] = [];
  for (const entry of header.split(',').reverse()) {
    const address = forwardedAddress(entry.trim());
    if (!address) break;
    kept.unshift(address);
  }
  return kept.length ? kept.join(', ') : undefined;
}

/**
 * Only an IP address may become request.ip (what rate limits and audit rows use): Fastify's
 * trustProxy takes whatever a trusted proxy's X-Forwarded-For says, so this cleans the header
 * first, before any other hook reads request.ip.
 */
export function validateForwardedFor(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers['x-forwarded-for'];
    if (header === undefined) return;
    const clean = cleanForwardedFor([header].flat().join(','));
    if (clean === undefined) delete request.raw.headers['x-forwarded-for'];
    else request.raw.headers['x-forwarded-for'] = clean;
  });
}
