import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { problemSchema } from './http.schemas.ts';

type RouteSchema = { hide?: boolean; response?: Record<string, unknown> };

/**
 * Refuses a route that the OpenAPI document would show without its answer: every route declares
 * a response schema for its success status (2xx, or 3xx for a redirect). Hidden routes (the
 * document itself, /healthz) and the built web app's files are exempt. For an onRoute hook.
 */
export function requireSuccessResponseSchema(route: RouteOptions): void {
  const schema = route.schema as RouteSchema | undefined;
  const webFile = (route.config as { file?: string } | undefined)?.file !== undefined;
  if (schema?.hide || webFile) return;
  if (Object.keys(schema?.response ?? {}).some((status) => /^[23]/.test(status))) return;
  const method = [route.method].flat().join(',');
  throw new Error(`Route ${method} ${route.url} declares no response schema for its success status (schema.response)`);
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** Error answers, the same on every route: made in one place (src/platform/problem.ts). */
const ERROR_RESPONSES = {
  '4xx': problemResponse('The request was refused: a problem naming each bad field in errors[]'),
  '5xx': problemResponse('The server failed; the problem says no more, the log has the details'),
};

/**
 * The OpenAPI transform: the routes' zod schemas as JSON Schema, and the problem+json answer for
 * 4xx and 5xx on every documented route. It shapes the document only; serialisation at run time
 * uses each route's own response schemas.
 */
export const openApiTransform: typeof jsonSchemaTransform = (document) => {
  const schema = document.schema as RouteSchema | undefined;
  if (!schema || schema.hide) return jsonSchemaTransform(document);
  return jsonSchemaTransform({ ...document, schema: { ...schema, response: { ...ERROR_RESPONSES, ...schema.response } } });
};
