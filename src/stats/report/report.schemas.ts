import { z } from 'zod';

/** The report's contracts: a build request, a build's status and progress. The web imports the types only. */

const lang = z.enum(['nb', 'en']);
const releaseId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a release id');

/** POST /api/stats/reports */
export const reportRequestSchema = z.strictObject({
  /** The release to build from; default: the latest. */
  release: releaseId.optional(),
  lang: lang.default('nb'),
});

export const reportParamsSchema = z.strictObject({ id: z.uuid('must be a report id') });
export const latestReportQuerySchema = z.strictObject({ lang: lang.default('nb'), release: releaseId.optional() });

/** A build of the report and how far it has come. */
export const reportStatusSchema = z.object({
  id: z.string(),
  releaseId: z.string(),
  lang,
  state: z.enum(['queued', 'running', 'done', 'failed']),
  /** `step` of `steps` done; `label`: the indicator being loaded, or 'pdf' while it prints. */
  progress: z.object({ step: z.number().int(), steps: z.number().int(), label: z.string() }),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Where the files are, once the build is done. */
  files: z.object({ html: z.string(), pdf: z.string() }).nullable(),
});
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const reportListSchema = z.object({ reports: z.array(reportStatusSchema) });
