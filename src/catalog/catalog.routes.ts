import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.plugin.ts';
import type { Db } from '../platform/db.ts';
import { DISTRICTS } from '../platform/districts.ts';
import { optionalSafeText, plainInt } from '../platform/input.ts';
import { toOsloMoment } from './opening-hours.ts';
import {
  closeServiceSchema,
  confirmErrorReportResponseSchema,
  contactWorklistSchema,
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
  publicSearchResponseSchema,
  publicServiceSchema,
  serviceHistorySchema,
  staffSearchResponseSchema,
  staffServiceResponseSchema,
  staleServiceListSchema,
  vocabularySchema,
} from './catalog-responses.schemas.ts';
import { confirmErrorReport, handleErrorReport, listErrorReports, reportError } from './error-reports.service.ts';
import { getGapMatrix } from './gap-matrix.service.ts';
import { listOrganizations } from './organizations.service.ts';
import { closeService, createService, undoCloseService, updateService, verifyService } from './service-editing.service.ts';
import { forgetIntakeStatus } from './intake-status-cache.ts';
import { listIntakeStatusHistory, setIntakeStatus, withCurrentIntakeStatus } from './intake-status.service.ts';
import { intakeStatusHistorySchema, serviceSaveResultSchema, serviceSchema, undoCloseSchema } from './service-editing.schemas.ts';
import { getPublicService, getService, listContactWorklist, listServiceHistory, listStaleServices } from './services.service.ts';
import { searchFilters, searchServices } from './search.service.ts';
import { forgetRevision } from './search-state.ts';
import { ACCESS_KINDS, ARRANGEMENT_KINDS, HOVEDFORLOP, LADDER_STEPS, SERVICE_KINDS, TARGET_GROUPS } from './vocabulary.ts';
import { addDays } from './opening-hours.ts';
import { newPublicSearchCache, searchPublicCatalog } from './public-search.service.ts';
import { publicSearchJson } from './public-search-json.ts';

const idParams = z.object({ id: z.uuid({ message: 'must be a service id (UUID)' }) });

/** The catalog's JSON API for the web: public search and detail, editor writes. */
export const catalogRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const cache = newPublicSearchCache();
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
        response: { 200: publicSearchResponseSchema },
      },
      // The schema's answer, written with each card's fixed part encoded once (public-search-json.ts).
      serializerCompiler: () => (answer) => publicSearchJson(answer as Parameters<typeof publicSearchJson>[0]),
    },
    async (request) => {
      const q = request.query;
      return searchPublicCatalog(db, cache, q, q.at ? new Date(q.at) : new Date());
    },
  );

  app.get(
    '/api/services/:id',
    {
      ...pub,
      schema: {
        tags: ['catalog'],
        summary: 'One service (public; agreements and contracts are not found)',
        params: idParams,
        response: { 200: publicServiceSchema },
      },
    },
    async (request) => getPublicService(db, { id: request.params.id, now: new Date() }),
  );

  app.get(
    '/api/editor/services',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Search the staff catalog: as the public search, with agreements, contracts and projects',
        querystring: searchQuerySchema,
        response: { 200: staffSearchResponseSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = { ...searchFilters(q, q.at ? new Date(q.at) : new Date()), offersOnly: false };
      return withCurrentIntakeStatus(db, await searchServices(db, { q: q.q, filters, page: q.page, perPage: q.perPage }));
    },
  );

  app.get(
    '/api/editor/services/:id',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'One service of the staff catalog (agreements and contracts included)',
        params: idParams,
        response: { 200: staffServiceResponseSchema },
      },
    },
    async (request) => getService(db, { id: request.params.id }),
  );

  app.get(
    '/api/editor/worklist/contact',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Offers missing a phone, an address, a web page or opening hours; crisis and drop-in services first',
        response: { 200: contactWorklistSchema },
      },
    },
    async () => listContactWorklist(db, { limit: 500 }),
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
      arrangements: ARRANGEMENT_KINDS,
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
        summary: 'Report an error in an entry (public); editors triage it before the public page changes',
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
        response: { 200: serviceSaveResultSchema },
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

  app.post(
    '/api/services/:id/undo-close',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Undo the newest close of a service as a new version (409 when that close was already undone)',
        params: idParams,
        body: undoCloseSchema,
        response: { 200: serviceSchema },
      },
    },
    async (request) =>
      change((trx) => undoCloseService(trx, { actor: actorOf(request), id: request.params.id, version: request.body.version })),
  );

  app.put(
    '/api/services/:id/intake-status',
    {
      config: { access: 'catalog:set_intake_status' as const },
      schema: {
        tags: ['editor'],
        summary: 'Set accepting / waiting list / full (no content version, search caches kept)',
        params: idParams,
        body: intakeStatusSchema,
        response: { 200: serviceSchema },
      },
    },
    // Not change(): the catalog revision stays, so cached searches stay (they lay the current intake status over their cards).
    async (request) =>
      db
        .transaction()
        .execute((trx) => setIntakeStatus(trx, { actor: actorOf(request), id: request.params.id, intakeStatus: request.body.intakeStatus }))
        .finally(() => forgetIntakeStatus(db, request.params.id)),
  );

  app.get(
    '/api/services/:id/intake-status/history',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'The newest intake-status changes of a service',
        params: idParams,
        response: { 200: intakeStatusHistorySchema },
      },
    },
    async (request) => listIntakeStatusHistory(db, { id: request.params.id }),
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

  app.post(
    '/api/editor/error-reports/:id/confirm',
    {
      ...edit,
      schema: {
        tags: ['editor'],
        summary: 'Confirm an error report: only now does the public page say the entry is under review',
        params: z.object({ id: z.uuid() }),
        response: { 200: confirmErrorReportResponseSchema },
      },
    },
    async (request) => change((trx) => confirmErrorReport(trx, { actor: actorOf(request), id: request.params.id })),
  );
};
