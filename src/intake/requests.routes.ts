import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inActorScope } from '../access/scope.ts';
import type { Db } from '../platform/db.ts';
import type { RouteAccess } from '../platform/module.ts';
import type { IntakeContext } from './intake.service.ts';
import { contextOf, IDEMPOTENCY_NOTE, once, streamQuery } from './intake-http.ts';
import { NOTICE_CREATED, REQUEST_CHANGED } from './intake-events.ts';
import { idempotencyHeadersSchema, recordParamsSchema } from './intake.schemas.ts';
import {
  decisionBodySchema,
  intakeRequestSchema,
  matchesSchema,
  noticeListSchema,
  offerBodySchema,
  reasonBodySchema,
  requestAdmitBodySchema,
  requestListQuerySchema,
  requestListSchema,
  type IntakeRequest,
} from './requests.schemas.ts';
import {
  acceptOffer,
  admitFromRequest,
  assertPersonInScope,
  createRequest,
  declineOffer,
  getRequest,
  listNotices,
  listRequests,
  listWaiting,
  matchRequest,
  offerPlace,
  readNotice,
  receiveRequest,
  rejectRequest,
  withdrawRequest,
} from './requests.service.ts';

const NOTE = IDEMPOTENCY_NOTE.trim();

/** Decisions and requests, matching, the waiting list and notices. Every write is one transaction. */
export const requestRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['intake'];
  const noStore = { 'cache-control': 'no-store' };

  app.post(
    '/api/intake/requests',
    {
      config: { access: 'intake:decide' },
      schema: {
        tags,
        summary: "Record a district's decision and send it to common intake as a request (404 naming personId for an unknown person)",
        description: NOTE,
        headers: idempotencyHeadersSchema,
        body: decisionBodySchema,
        response: { 201: intakeRequestSchema },
      },
    },
    async (request, reply) => {
      await assertPersonInScope(db, { ctx: contextOf(request), personId: request.body.personId });
      return once(db, request, reply, async (trx, ctx) => ({ status: 201, body: await createRequest(trx, { ctx, body: request.body }) }));
    },
  );

  app.get(
    '/api/intake/requests',
    {
      config: { access: 'intake:read_requests' },
      schema: {
        tags,
        summary: 'Requests in your scope (a caseworker: their districts; common intake: all), newest first',
        querystring: requestListQuerySchema,
        response: { 200: requestListSchema },
      },
    },
    async (request, reply) => {
      void reply.headers(noStore);
      const ctx = contextOf(request);
      return {
        requests: await inActorScope(db, ctx.actor, { role: 'person' }, (trx) => listRequests(trx, { ctx, status: request.query.status })),
      };
    },
  );

  app.get(
    '/api/intake/requests/stream',
    {
      config: { access: 'intake:read_capacity' },
      schema: {
        tags,
        summary: 'Request status changes and new notices as Server-Sent Events (text/event-stream)',
        description:
          `\`event: ${REQUEST_CHANGED}\` (data: { id, district, status }) and \`event: ${NOTICE_CREATED}\` ` +
          '(data: { id, district, requestId, unitId }). No person data (so it needs only intake:read_capacity): ' +
          'reload what you may see. See docs/events.md.',
        querystring: streamQuery,
        response: { 200: { content: { 'text/event-stream': { schema: z.string() } } } },
      },
    },
    async (request, reply) => app.streamEvents(request, reply, { topics: [REQUEST_CHANGED, NOTICE_CREATED] }),
  );

  app.get(
    '/api/intake/requests/:id',
    {
      config: { access: 'intake:read_requests' },
      schema: {
        tags,
        summary: 'One request with its history (404 outside your scope)',
        params: recordParamsSchema,
        response: { 200: intakeRequestSchema },
      },
    },
    async (request, reply) => {
      void reply.headers(noStore);
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'person' }, (trx) => getRequest(trx, { ctx, id: request.params.id }));
    },
  );

  app.get(
    '/api/intake/requests/:id/matches',
    {
      config: { access: 'intake:handle_requests' },
      schema: {
        tags,
        summary: 'Open units ranked for the request, each with its score and reasons; unsuitable units apart with why',
        params: recordParamsSchema,
        response: { 200: matchesSchema },
      },
    },
    async (request, reply) => {
      void reply.headers(noStore);
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'person' }, (trx) => matchRequest(trx, { ctx, id: request.params.id }));
    },
  );

  app.get(
    '/api/intake/queue',
    {
      config: { access: 'intake:handle_requests' },
      schema: {
        tags,
        summary: 'The waiting list: requests with no offer, by urgency, then longest waiting',
        response: { 200: requestListSchema },
      },
    },
    async (request, reply) => {
      void reply.headers(noStore);
      const ctx = contextOf(request);
      return { requests: await inActorScope(db, ctx.actor, { role: 'person' }, (trx) => listWaiting(trx, { ctx })) };
    },
  );

  /** The transitions: each POST /api/intake/requests/{id}/<verb>, 409 naming status when not possible now. */
  const transition = <B extends z.ZodType>(
    verb: string,
    access: RouteAccess,
    summary: string,
    body: B | null,
    run: (trx: Db, ctx: IntakeContext, id: string, body: z.infer<B>) => Promise<IntakeRequest>,
  ) =>
    app.post(
      `/api/intake/requests/:id/${verb}`,
      {
        config: { access },
        schema: {
          tags,
          summary,
          description: NOTE,
          params: recordParamsSchema,
          headers: idempotencyHeadersSchema,
          ...(body ? { body } : {}),
          response: { 200: intakeRequestSchema },
        },
      },
      async (request, reply) =>
        once(db, request, reply, async (trx, ctx) => ({
          status: 200,
          body: await run(trx, ctx, request.params.id, request.body as z.infer<B>),
        })),
    );

  transition('receive', 'intake:handle_requests', 'Common intake has the request: sent → received', null, (trx, ctx, id) =>
    receiveRequest(trx, { ctx, id }),
  );
  transition(
    'offer',
    'intake:handle_requests',
    'Offer a place: hold one at the unit until expiresAt (409 naming unitId when full, closed or barred): received → offered',
    offerBodySchema,
    (trx, ctx, id, body) => offerPlace(trx, { ctx, id, body }),
  );
  transition('accept', 'intake:answer_offer', 'The person accepts the offer; the hold stays: offered → accepted', null, (trx, ctx, id) =>
    acceptOffer(trx, { ctx, id }),
  );
  transition(
    'decline',
    'intake:answer_offer',
    'The person declines the offer; its hold is released: offered/accepted → received',
    reasonBodySchema,
    (trx, ctx, id, body) => declineOffer(trx, { ctx, id, reason: body.reason }),
  );
  transition(
    'admit',
    'intake:handle_requests',
    "Admit the person from the accepted offer's hold (a stay): accepted → admitted",
    requestAdmitBodySchema,
    (trx, ctx, id, body) => admitFromRequest(trx, { ctx, id, body }),
  );
  transition(
    'reject',
    'intake:handle_requests',
    'Reject the request, with a reason; any hold is released',
    reasonBodySchema,
    (trx, ctx, id, body) => rejectRequest(trx, { ctx, id, reason: body.reason }),
  );
  transition(
    'withdraw',
    'intake:decide',
    'The district withdraws its request, with a reason; any hold is released',
    reasonBodySchema,
    (trx, ctx, id, body) => withdrawRequest(trx, { ctx, id, reason: body.reason }),
  );

  app.get(
    '/api/intake/notices',
    {
      config: { access: 'intake:read_requests' },
      schema: {
        tags,
        summary: "Notices of freed places that suit your districts' waiting requests (common intake: all), newest first",
        response: { 200: noticeListSchema },
      },
    },
    async (request, reply) => {
      void reply.headers(noStore);
      const ctx = contextOf(request);
      return { notices: await inActorScope(db, ctx.actor, { role: 'person' }, (trx) => listNotices(trx, { ctx })) };
    },
  );

  app.post(
    '/api/intake/notices/:id/read',
    {
      config: { access: 'intake:read_requests' },
      schema: {
        tags,
        summary: 'Mark a notice read',
        description: NOTE,
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) =>
      once(db, request, reply, async (trx, ctx) => ({ status: 200, body: await readNotice(trx, { ctx, id: request.params.id }) })),
  );
};
