import { z } from 'zod';
import { safeText } from '../platform/input.ts';

/** A `tel:` target: E.164 (+4722400040) or a national short number (113, 116117, 08588). */
export const PHONE_TEL = /^(\+[1-9]\d{6,14}|\d{3,8})$/;

const text = (max: number) => safeText(max).pipe(z.string().min(1, 'must not be empty'));

/** A crisis line as the public sees it (no source notes, no editor names). */
export const publicCrisisLineSchema = z.object({
  key: z.string(),
  name: z.object({ nb: z.string(), en: z.string() }),
  phone: z.object({ display: z.string(), tel: z.string() }),
  organization: z.string(),
  hours: z.object({ nb: z.string(), en: z.string() }),
  is24_7: z.boolean(),
  audience: z.object({ nb: z.string(), en: z.string() }),
});
export type PublicCrisisLine = z.infer<typeof publicCrisisLineSchema>;

/** GET /api/crisis-lines: the active lines, in the order they are shown. */
export const publicCrisisLinesSchema = z.object({ lines: z.array(publicCrisisLineSchema) });
export type PublicCrisisLines = z.infer<typeof publicCrisisLinesSchema>;

/** A crisis line as an editor sees it: everything, with its version and who changed it last. */
export const crisisLineSchema = publicCrisisLineSchema.extend({
  sortOrder: z.number().int(),
  active: z.boolean(),
  sourceNote: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type CrisisLine = z.infer<typeof crisisLineSchema>;

export const crisisLineListSchema = z.object({ lines: z.array(crisisLineSchema) });

/** What an editor may change about a line (the key stays). */
export const crisisLineInputSchema = z.strictObject({
  name: z.strictObject({ nb: text(120), en: text(120) }),
  phone: z.strictObject({
    display: text(40).pipe(z.string().regex(/^[0-9+ ]+$/, 'must be digits, spaces and an optional leading +')),
    tel: z.string().regex(PHONE_TEL, 'must be E.164 (+4722400040) or a short number of 3–8 digits (113)'),
  }),
  organization: text(200),
  hours: z.strictObject({ nb: text(200), en: text(200) }),
  is24_7: z.boolean(),
  audience: z.strictObject({ nb: text(300), en: text(300) }),
  sortOrder: z.number().int().min(0, 'must be 0 or more').max(10_000),
  active: z.boolean(),
  sourceNote: safeText(1000),
});
export type CrisisLineInput = z.infer<typeof crisisLineInputSchema>;

/** PUT /api/crisis-lines/:key: the version the editor started from, and the new content. */
export const crisisLineUpdateSchema = z.strictObject({ version: z.number().int().min(1), line: crisisLineInputSchema });

const lineKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a crisis line key: lower-case letters, digits and -');

/** POST /api/crisis-lines: a new line under a key of its own. */
export const crisisLineCreateSchema = z.strictObject({ key: lineKey, line: crisisLineInputSchema });

export const crisisLineKeyParams = z.object({ key: lineKey });

/** One version of a line: who changed which fields, when. */
export const crisisLineVersionSchema = z.object({
  version: z.number().int(),
  action: z.enum(['seed', 'create', 'update']),
  changedBy: z.string(),
  changedAt: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export const crisisLineHistorySchema = z.object({ versions: z.array(crisisLineVersionSchema) });
