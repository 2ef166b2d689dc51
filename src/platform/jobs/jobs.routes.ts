import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { JobInfo, JobQueue } from './jobs.ts';
import { jobListQuerySchema, jobListSchema, type jobSchema } from './jobs.schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function jobInfoToJob(job: JobInfo): z.infer<typeof jobSchema> {
  return {
    ...job,
    createdAt: job.createdAt.toISOString(),
    runAt: job.runAt.toISOString(),
    startedAt: iso(job.startedAt),
    completedAt: iso(job.completedAt),
  };
}

/** The administrators' view of background jobs: recent runs with state, attempts and last error, and the schedules. */
export const jobRoutes: FastifyPluginAsyncZod<{ jobs: JobQueue }> = async (app, { jobs }) => {
  app.get(
    '/api/admin/jobs',
    {
      config: { access: 'jobs:read' },
      schema: {
        tags: ['admin'],
        summary: 'Background jobs, newest first, and the recurring schedules',
        querystring: jobListQuerySchema,
        response: { 200: jobListSchema },
      },
    },
    async (request) => {
      const list = await jobs.list(request.query);
      const schedules = await jobs.schedules();
      return { jobs: list.map(jobInfoToJob), schedules };
    },
  );
};
