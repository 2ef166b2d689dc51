import { z } from 'zod';
import { plainInt, safeText } from '../input.ts';

/** pg-boss's states, used by both runners. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobStateSchema = z.enum(JOB_STATES);

/** GET /api/admin/jobs: which jobs to list. */
export const jobListQuerySchema = z.strictObject({
  state: jobStateSchema.optional(),
  name: safeText(63).optional(),
  limit: plainInt(1, 500).default(100),
});

/** One job as the administrators' view shows it; times are ISO 8601. */
export const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: jobStateSchema,
  attempts: z.number().int(),
  retryLimit: z.number().int(),
  lastError: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.iso.datetime(),
  runAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});

export type Job = z.infer<typeof jobSchema>;

export const jobScheduleSchema = z.object({ name: z.string(), cron: z.string(), timezone: z.string() });

/** GET /api/admin/jobs: recent jobs, newest first, and the recurring ones. */
export const jobListSchema = z.object({ jobs: z.array(jobSchema), schedules: z.array(jobScheduleSchema) });
export type JobList = z.infer<typeof jobListSchema>;
