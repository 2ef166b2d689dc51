import { z } from 'zod';

/**
 * Answers every module shares: the RFC 9457 problem every error is (made in one place,
 * src/platform/problem.ts), and the bodiless answers (204, redirects). Imported by the server,
 * the OpenAPI document and, as types, the web.
 */

/** One bad field of a request, as `errors[]` of a problem names it. */
export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

/** RFC 9457 problem details (application/problem+json). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .describe('RFC 9457 problem details; errors[] names each bad field');

// Bodiless answers are z.undefined(): the route sends nothing, and the OpenAPI document shows no content.

/** A 204 answer: no body. */
export const noContentSchema = z.undefined().describe('No content');

/** A 302 answer: no body; the Location header says where to go. */
export const redirectSchema = (where: string) => z.undefined().describe(`Redirects (Location) ${where}`);
