import type { RouteOptions } from 'fastify';

/**
 * The API's URLs: every route under these declares the answer it gives on success, so an answer
 * can never carry a field its schema does not list (the zod serializer drops unlisted keys) and
 * the OpenAPI document shows every response.
 */
export const CONTRACT_PREFIXES: readonly string[] = ['/api/', '/hsds'];

/** The success codes (2xx, or 3xx for a redirect) a route's schema.response declares. Pure. */
export function successResponseCodes(response: unknown): string[] {
  if (!response || typeof response !== 'object') return [];
  return Object.keys(response).filter((code) => /^[23](\d\d|XX)$/i.test(code));
}

/**
 * onRoute hook: refuses, at start, a route under the API's prefixes without a response schema for
 * its success answer. JSON answers list their fields (zod); a CSV, NDJSON or event-stream answer
 * declares its media type under `content` with a string schema.
 */
export function requireSuccessResponseSchema(route: RouteOptions): void {
  if (!CONTRACT_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return;
  if (successResponseCodes(route.schema?.response).length > 0) return;
  throw new Error(
    `Route ${[route.method].flat().join(',')} ${route.url} declares no response schema for its success answer ` +
      '(schema.response with a 2xx code, e.g. { 200: someSchema } from the module’s *.schemas.ts)',
  );
}
