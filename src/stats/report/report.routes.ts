import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/auth.plugin.ts';
import type { Db } from '../../platform/db.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { PUBLIC_RATE_LIMITS } from '../../platform/rate-limits.ts';
import {
  latestReportQuerySchema,
  reportListSchema,
  reportParamsSchema,
  reportRequestSchema,
  reportStatusSchema,
} from './report.schemas.ts';
import { getReportFile, getReportStatus, latestReport, listReportStatuses, requestReport, type ReportSource } from './report.service.ts';

const tags = ['stats'];
const publicRoute = { access: 'public' as const, rateLimit: PUBLIC_RATE_LIMITS.statistics };

/** The statistics report: analysts build it from a release; anyone reads the finished HTML and PDF. */
export const reportRoutes: FastifyPluginAsyncZod<{ db: Db; jobs: JobQueue; source: ReportSource }> = async (app, { db, jobs, source }) => {
  app.post(
    '/api/stats/reports',
    {
      config: { access: 'stats:release' },
      schema: {
        tags,
        summary: 'Build the report (HTML and PDF) from a release, the latest unless named; answers 202 with the build to follow',
        body: reportRequestSchema,
        response: { 202: reportStatusSchema },
      },
    },
    async (request, reply) => {
      const status = await requestReport(db, jobs, source, {
        releaseId: request.body.release ?? null,
        lang: request.body.lang,
        actor: actorOf(request),
      });
      return reply.status(202).header('location', `/api/stats/reports/${status.id}`).send(status);
    },
  );

  app.get(
    '/api/stats/reports',
    {
      config: publicRoute,
      schema: { tags, summary: 'Report builds, newest first, with their state and progress', response: { 200: reportListSchema } },
    },
    async () => ({ reports: await listReportStatuses(db) }),
  );

  app.get(
    '/api/stats/reports/latest',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'The newest finished report of the latest release (or ?release=) in a language',
        querystring: latestReportQuerySchema,
        response: { 200: reportStatusSchema },
      },
    },
    async (request) => latestReport(db, source, { lang: request.query.lang, releaseId: request.query.release ?? null }),
  );

  app.get(
    '/api/stats/reports/:id',
    {
      config: publicRoute,
      schema: { tags, summary: 'One report build: state and progress', params: reportParamsSchema, response: { 200: reportStatusSchema } },
    },
    async (request) => getReportStatus(db, request.params.id),
  );

  app.get(
    '/api/stats/reports/:id/report.html',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'A finished report as one HTML document',
        params: reportParamsSchema,
        response: { 200: { content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const html = await getReportFile(db, request.params.id, 'html');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );

  app.get(
    '/api/stats/reports/:id/report.pdf',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'A finished report as a tagged PDF',
        params: reportParamsSchema,
        response: { 200: { content: { 'application/pdf': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const pdf = await getReportFile(db, request.params.id, 'pdf');
      void reply.header('content-disposition', `inline; filename="russtatistikk-${request.params.id}.pdf"`);
      // Fastify sends a Buffer as it is (no serializer); the declared string schema is what OpenAPI shows.
      return reply.type('application/pdf').send(Buffer.from(pdf) as unknown as string);
    },
  );
};
