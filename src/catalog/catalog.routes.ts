import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.plugin.ts';
import type { Db } from '../platform/db.ts';
import { DISTRICTS } from '../platform/districts.ts';
import { optionalSafeText, plainInt } from '../platform/input.ts';
import { toOsloMoment } from './opening-hours.ts';
import {
  closeServiceSchema,
  errorReportInputSchema,
  intakeStatusSchema,
  searchQuerySchema,
  serviceInputSchema,
  serviceUpdateSchema,
  verifyServiceSchema,
} from './catalog.schemas.ts';
import {
  createdSchema,
  errorReportListSchema,
  gapMatrixSchema,
  handledErrorReportSchema,
  organizationNameListSchema,
  searchResponseSchema,
  serviceHistorySchema,
  serviceSchema,
  staleServiceListSchema,
  vocabularySchema,
} from './catalog-responses.schemas.ts';
import { handleErrorReport, listErrorReports, reportError } from './error-reports.service.ts';
import { getGapMatrix } from './gap-matrix.service.ts';
import { listOrganizations } from './organizations.service.ts';
import { closeService, createService, setIntakeStatus, updateService, verifyService } from './service-editing.service.ts';
import { getService, listServiceHistory, listStaleServices } from './services.service.ts';
import { SearchCache, searchFilters, searchServices, type SearchResponse } from './search.service.ts';
import { forgetRevision } from './search-state.ts';
import { ACCESS_KINDS, HOVEDFORLOP, LADDER_STEPS, SERVICE_KINDS, TARGET_GROUPS } from './vocabulary.ts';
import { addDays } from './opening-hours.ts';

const idParams = z.object({ id: z.uuid({ message: 'must be a service id (UUID)' }) });

/** The catalog's JSON API for the web: public search and detail, editor writes. */
export const catalogRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const cache = new SearchCache<SearchResponse>();
  /** A write to the catalog in one transaction; afterwards searches in this process see it at once. */
  const change = <T>(fn: (trx: Db) => Promise<T>): Promise<T> =>
    db
      .transaction()
      .execute(fn)
      .finally(() => forgetRevision(db));
  const edit = { config: { access: 'catalog:edit' as const } };
  const pub = { config: { access: 'public' as const } };

  app.get(
    '/api/services',
    {
      ...pub,
      schema: {
        tags: ['catalog'],
        summary: 'Search the catalog (public)',
        querystring: searchQuerySchema,
        response: { 200: searchResponseSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const now = q.at ? new Date(q.at) : new Date();
      const filters = searchFilters(q, now);
      // "Open now" depends on the minute, so it is part of the cache key.
      const key = JSON.stringify({ ...q, lang: undefined, at: q.openNow ? toOsloMoment(now) : undefined });
      return cache.get(db, key, () => searchServices(db, { q: q.q, filters, page: q.page, perPage: q.perPage }));
    },
  );

  app.get(
    '/api/services/:id',
    { ...pub, schema: { tags: ['catalog'], summary: 'One service (public)', params: idParams, response: { 200: serviceSchema } } },
    async (request) => getService(db, { id: request.params.id }),
  );

  app.get(
    '/api/vocabulary',
    {
      ...pub,
      schema: { tags: ['catalog'], summary: 'Kinds, ladder steps, target groups and districts', response: { 200: vocabularySchema } },
    },
    async () => ({
      kinds: SERVICE_KINDS,
      ladderSteps: LADDER_STEPS,
      targetGroups: TARGET_GROUPS,
      hovedforlop: HOVEDFORLOP,
      access: ACCESS_KINDS,
      districts: DISTRICTS,
    }),
  );

  app.get(
    '/api/gap-matrix',
    {
      ...pub,
      schema: {
        tags: ['catalog'],
        summary: 'Districts × ladder steps: missing steps and office-hours-only steps',
        response: { 200: gapMatrixSchema },
      },
    },
    async () => getGapMatrix(db),
  );

  app.get(
    '/api/organizations',
    { ...pub, schema: { tags: ['catalog'], summary: 'Organizations providing services', response: { 200: organizationNameListSchema } } },
    async () => listOrganizations(db),
  );

  app.post(
    '/api/services/:id/error-reports',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Report an error in an entry (public); the entry goes under review',
        params: idParams,
        body: errorReportInputSchema,
        response: { 201: createdSchema },
      },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await change((trx) =>
        reportError(trx, { serviceId: request.params.id, message: request.body.message, contact: request.body.contact }),
      );
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/services',
    { ...edit, schema: { tags: ['editor'], summary: 'Create a service', body: serviceInputSchema, response: { 201: serviceSchema } } },
    async (request, reply) => {
      const service = await change((trx) => createService(trx, { actor: actorOf(request), input: request.body }));
      return reply.status(201).send(service);
    },
  );

  app.put(
    '/api/services/:id',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Replace a service (optimistic: send the version you edited)',
        params: idParams,
        body: serviceUpdateSchema,
        response: { 200: serviceSchema },
      },
    },
    async (request) =>
      change((trx) =>
        updateService(trx, { actor: actorOf(request), id: request.params.id, version: request.body.version, input: request.body.service }),
      ),
  );

  app.post(
    '/api/services/:id/close',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Close a service from a date',
        params: idParams,
        body: closeServiceSchema,
        response: { 200: serviceSchema },
      },
    },
    async (request) => change((trx) => closeService(trx, { actor: actorOf(request), id: request.params.id, ...request.body })),
  );

  app.post(
    '/api/services/:id/verify',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Mark the version you checked as verified today (409 if it changed since)',
        params: idParams,
        body: verifyServiceSchema,
        response: { 200: serviceSchema },
      },
    },
    async (request) =>
      change((trx) =>
        verifyService(trx, {
          actor: actorOf(request),
          id: request.params.id,
          version: request.body.version,
          today: toOsloMoment(new Date()).date,
        }),
      ),
  );

  app.put(
    '/api/services/:id/intake-status',
    {
      config: { access: 'catalog:set_intake_status' as const },
      schema: {
        tags: ['editor'],
        summary: 'Set accepting / waiting list / full',
        params: idParams,
        body: intakeStatusSchema,
        response: { 200: serviceSchema },
      },
    },
    async (request) =>
      change((trx) => setIntakeStatus(trx, { actor: actorOf(request), id: request.params.id, intakeStatus: request.body.intakeStatus })),
  );

  app.get(
    '/api/services/:id/history',
    {
      ...edit,
      schema: { tags: ['editor'], summary: 'Every change to a service', params: idParams, response: { 200: serviceHistorySchema } },
    },
    async (request) => listServiceHistory(db, { id: request.params.id }),
  );

  app.get(
    '/api/editor/stale',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Entries not verified in six months',
        querystring: z.strictObject({ months: plainInt(1, 60).default(6) }),
        response: { 200: staleServiceListSchema },
      },
    },
    async (request) => {
      const today = toOsloMoment(new Date()).date;
      return listStaleServices(db, { cutoff: addDays(today, -Math.round(request.query.months * 30.44)), limit: 500 });
    },
  );

  app.get(
    '/api/editor/error-reports',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Error reports from the public',
        querystring: z.strictObject({ status: z.enum(['open', 'resolved', 'dismissed']).default('open') }),
        response: { 200: errorReportListSchema },
      },
    },
    async (request) => listErrorReports(db, { status: request.query.status }),
  );

  app.post(
    '/api/editor/error-reports/:id/handle',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Resolve or dismiss an error report',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ status: z.enum(['resolved', 'dismissed']), note: optionalSafeText(1000) }),
        response: { 200: handledErrorReportSchema },
      },
    },
    async (request) => change((trx) => handleErrorReport(trx, { actor: actorOf(request), id: request.params.id, ...request.body })),
  );
};
