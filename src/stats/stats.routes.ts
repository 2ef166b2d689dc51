import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.plugin.ts';
import type { Db } from '../platform/db.ts';
import { PUBLIC_RATE_LIMITS } from '../platform/rate-limits.ts';
import { receiveFile } from '../platform/uploads.ts';
import { datasetCsv, datasetXlsx } from './downloads.ts';
import type { Protector } from './protection.ts';
import {
  importFieldsSchema,
  importListSchema,
  importReportSchema,
  indicatorListSchema,
  indicatorParamsSchema,
  indicatorQuerySchema,
  jsonStatDatasetSchema,
  layoutListSchema,
  releaseChangesSchema,
  releaseCreatedSchema,
  releaseDetailSchema,
  releaseLinkageSchema,
  releaseListSchema,
  releaseParamsSchema,
} from './stats.schemas.ts';
import {
  getIndicatorDataset,
  getRelease,
  getReleaseChanges,
  getReleaseLinkage,
  importTable,
  listImports,
  listIndicators,
  listLayouts,
  listReleases,
  makeRelease,
  parseRelease,
  refusal,
  type Auditor,
} from './stats.service.ts';
import { AppError } from '../platform/errors.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Aggregate tables are small; 20 MiB leaves room for a large XLSX export. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const tags = ['stats'];
const publicRoute = { access: 'public' as const, rateLimit: PUBLIC_RATE_LIMITS.statistics };

const datasetQuery = indicatorQuerySchema.extend({ lang: z.enum(['nb', 'en']).optional() });
const downloadQuery = datasetQuery.extend({ format: z.enum(['csv', 'xlsx']) });
const split = (list: string | undefined) => (list ? list.split(',') : null);

/** The public statistics (catalogue, JSON-stat datasets, downloads) and the analysts' imports. */
export const statsRoutes: FastifyPluginAsyncZod<{ db: Db; protector: Protector; auditor: Auditor }> = async (
  app,
  { db, protector, auditor },
) => {
  app.get(
    '/api/stats/releases',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Statistics releases, newest first: every published number is read from one',
        response: { 200: releaseListSchema },
      },
    },
    async () => ({ releases: await listReleases(db) }),
  );

  app.get(
    '/api/stats/releases/:id',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'One release: code version, inputs (imports), indicators, the suppression ledger and the interval audit',
        params: releaseParamsSchema,
        response: { 200: releaseDetailSchema },
      },
    },
    async (request) => getRelease(db, Number(request.params.id)),
  );

  app.get(
    '/api/stats/releases/:id/changes',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'What a release changed from the one before it: indicators and cells added, removed, changed in value or suppression',
        params: releaseParamsSchema,
        response: { 200: releaseChangesSchema },
      },
    },
    async (request) => getReleaseChanges(db, Number(request.params.id)),
  );

  app.get(
    '/api/stats/releases/:id/linkage',
    {
      config: publicRoute,
      schema: {
        tags,
        summary:
          'Unique persons across Veiviser’s person-level sources (institution stays, discharge-ready notices, quality-of-life answers) ' +
          'and the overlap of each pair, per year, linked on the keyed pseudonym and suppressed by the release’s ledger',
        params: releaseParamsSchema,
        response: { 200: releaseLinkageSchema },
      },
    },
    async (request) => getReleaseLinkage(db, Number(request.params.id)),
  );

  app.post(
    '/api/stats/releases',
    {
      config: { access: 'stats:release' },
      schema: {
        tags,
        summary:
          'Make a release from the current imports: every indicator computed, protected with one ledger and audited (HiGHS). ' +
          'A release whose audit fails is refused (422, naming the cells). One release at a time; when nothing changed ' +
          'since the latest release, the answer is that release (200, created: false)',
        response: { 200: releaseCreatedSchema, 201: releaseCreatedSchema },
      },
    },
    async (request, reply) => {
      const result = await makeRelease(db, { protector, auditor, createdBy: actorOf(request).displayName });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/stats/indicators',
    {
      config: publicRoute,
      schema: { tags, summary: 'The statistics catalogue: every indicator’s definition', response: { 200: indicatorListSchema } },
    },
    async () => ({ indicators: listIndicators() }),
  );

  app.get(
    '/api/stats/indicators/:id',
    {
      config: publicRoute,
      schema: {
        tags,
        summary:
          'One indicator as a JSON-stat 2.0 dataset (district × period); suppression in status, provenance and findings in extension',
        params: indicatorParamsSchema,
        querystring: datasetQuery,
        response: { 200: jsonStatDatasetSchema },
      },
    },
    async (request) =>
      getIndicatorDataset(db, {
        id: request.params.id,
        filter: { periods: split(request.query.period), areas: split(request.query.district) },
        lang: request.query.lang ?? 'nb',
        release: parseRelease(request.query.release),
      }),
  );

  app.get(
    '/api/stats/indicators/:id/download',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'One indicator as a CSV or XLSX table (one row per cell, with status, provenance and findings)',
        params: indicatorParamsSchema,
        querystring: downloadQuery,
        response: { 200: { content: { 'text/csv': { schema: z.string() }, [XLSX]: { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const dataset = await getIndicatorDataset(db, {
        id: request.params.id,
        filter: { periods: split(request.query.period), areas: split(request.query.district) },
        lang: request.query.lang ?? 'nb',
        release: parseRelease(request.query.release),
      });
      const name = `${request.params.id}.${request.query.format}`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(datasetCsv(dataset));
      // Fastify sends a Buffer as it is (no serializer); the declared string schema is what OpenAPI shows.
      return reply.type(XLSX).send((await datasetXlsx(dataset)) as unknown as string);
    },
  );

  app.get(
    '/api/stats/layouts',
    {
      config: { access: 'stats:import' },
      schema: { tags, summary: 'The declared import layouts and their columns', response: { 200: layoutListSchema } },
    },
    async () => ({ layouts: listLayouts() }),
  );

  app.get(
    '/api/stats/imports',
    {
      config: { access: 'stats:import' },
      schema: {
        tags,
        summary: 'Imports, newest first, with source system, extraction date and period coverage',
        response: { 200: importListSchema },
      },
    },
    async () => ({ imports: await listImports(db) }),
  );

  app.post(
    '/api/stats/imports',
    {
      config: { access: 'stats:import' },
      schema: {
        tags,
        summary:
          'Import an aggregate table (multipart: file = CSV or XLSX, ' +
          'and the fields layout, sourceSystem, source, extractionDate, encoding). ' +
          'All or nothing: a refused import (422) names every rejected row and field',
        consumes: ['multipart/form-data'],
        response: { 201: importReportSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const report = await receiveFile(
        request,
        { maxBytes: MAX_IMPORT_BYTES, mediaTypes: ['text/csv', 'application/vnd.ms-excel', XLSX] },
        async (file) => {
          const fields = importFieldsSchema.safeParse(file.fields);
          if (!fields.success) {
            throw new AppError(
              'INVALID_INPUT',
              fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
              fields.error.issues.map((i) => ({ field: i.path.join('.') || 'form', message: i.message })),
            );
          }
          const bytes = await readFile(file.path);
          const kind = file.mediaType === XLSX || file.filename.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
          return db.transaction().execute(async (trx) => {
            const result = await importTable(trx, {
              fields: fields.data,
              fileName: file.filename,
              bytes,
              kind,
              importedBy: actor.displayName,
            });
            if (!result.stored) throw refusal(result);
            return result;
          });
        },
      );
      return reply.status(201).send(report);
    },
  );
};
