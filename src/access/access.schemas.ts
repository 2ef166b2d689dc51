/** Contracts of sign-in and sessions (/api/auth/*): the routes validate with them, the web imports their types. */
import { z } from 'zod';
import { safeString } from '../platform/input.ts';

/** POST /api/auth/login */
export const loginBodySchema = z.strictObject({ email: z.email().max(200), password: safeString(500).min(1) });

/** GET /api/auth/me and the answer of POST /api/auth/login: who is signed in and what they may do. */
export const meSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  districts: z.array(z.string()),
  units: z.array(z.string()),
  /** What the caller may do: the web shows pages and actions by these, never by role names. */
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meSchema>;

/** GET /api/auth/providers: the OpenID Connect providers offered on the sign-in page. */
export const providerSchema = z.object({ id: z.string(), name: z.string() });
export const providerListSchema = z.array(providerSchema);
export type Provider = z.infer<typeof providerSchema>;

/** An answer with no body (204), such as signing out. */
export const noContentSchema = z.null().describe('No content');

/** A redirect (302) to the Location header. */
export const redirectSchema = z.null().describe('Redirect to the Location header');
