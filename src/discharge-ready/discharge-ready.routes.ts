import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access/auth.plugin.ts';
import type { PseudonymKeys } from '../access/pseudonym.ts';
import { inActorScope } from '../access/scope.ts';
import type { Db } from '../platform/db.ts';
import { runIdempotent, type Answer } from '../intake/idempotency.service.ts';
import { idempotencyHeadersSchema } from '../intake/intake.schemas.ts';
import {
  answerBodySchema,
  fhirBundleBodySchema,
  listQuerySchema,
  notificationDetailSchema,
  notificationListSchema,
  notificationParamsSchema,
  notificationSchema,
  notifyBodySchema,
  summaryBodySchema,
} from './discharge-ready.schemas.ts';
import {
  answerNotification,
  getNotification,
  listNotifications,
  notifyDischargeReady,
  notifyDischargeReadyFhir,
  recordSummaryReceived,
  type DischargeContext,
} from './discharge-ready.service.ts';

const contextOf = (request: FastifyRequest): DischargeContext => ({
  actor: actorOf(request),
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

const IDEMPOTENCY_NOTE =
  ' Send an `Idempotency-Key` header to make a retry safe: the same key answers the same again; ' +
  'the same key with another request is 422.';

type Options = { db: Db; keys: PseudonymKeys; allowSyntheticIds: boolean };

/** Discharge-ready notifications: hospitals notify (own JSON or FHIR R4), districts answer; every write one transaction. */
export const dischargeReadyRoutes: FastifyPluginAsyncZod<Options> = async (app, { db, keys, allowSyntheticIds }) => {
  const tags = ['discharge-ready'];
  // FHIR's own media type is JSON; parsed as JSON within this module's routes only.
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  /**
   * A POST's use-case in one transaction, once per Idempotency-Key. `scoped`: the transaction runs
   * in the actor's person scope from the start; otherwise the use-case sets the scope (a notice sets
   * the district it refers to).
   */
  const once = async <T extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    scoped: boolean,
    run: (trx: Db, ctx: DischargeContext) => Promise<Answer<T>>,
  ) => {
    const ctx = contextOf(request);
    const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const body = (trx: Db) =>
      runIdempotent(trx, { key, route, actorId: ctx.actor.userId, request: { params: request.params, body: request.body } }, () =>
        run(trx, ctx),
      );
    const answer = await (scoped ? inActorScope(db, ctx.actor, { role: 'person' }, body) : db.transaction().execute(body));
    if (answer.replayed) void reply.header('idempotent-replayed', 'true');
    return reply.status(answer.status).send(answer.body);
  };

  app.post(
    '/api/discharge-ready',
    {
      config: { access: 'discharge:notify' },
      schema: {
        tags,
        summary: 'Notify that a patient is discharge-ready (our own JSON); 422 naming the field for a patient outside Oslo',
        description:
          'The patient is `personId` or `nationalId` (found, or registered under the district). The notification time is ' +
          `when this arrives; payment days count from that day (docs/discharge-ready.md).${IDEMPOTENCY_NOTE}`,
        headers: idempotencyHeadersSchema,
        body: notifyBodySchema,
        response: { 201: notificationSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, false, async (trx, ctx) => ({
        status: 201,
        body: await notifyDischargeReady(trx, { ctx, keys, allowSynthetic: allowSyntheticIds, body: request.body }),
      })),
  );

  app.post(
    '/api/discharge-ready/fhir',
    {
      config: { access: 'discharge:notify' },
      schema: {
        tags,
        summary: 'Notify that a patient is discharge-ready as a FHIR R4 Bundle (Task + ServiceRequest), application/fhir+json',
        description:
          'Validated against the official FHIR R4 JSON schema (400 naming the failing path), then mapped: Task.for → the ' +
          'patient, ServiceRequest.occurrence or Task.authoredOn → ready time, Task.requester → hospital and ward, ' +
          `Patient.address → municipality and district (422 naming the element). See docs/discharge-ready.md.${IDEMPOTENCY_NOTE}`,
        headers: idempotencyHeadersSchema,
        body: fhirBundleBodySchema,
        response: { 201: notificationSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, false, async (trx, ctx) => ({
        status: 201,
        body: await notifyDischargeReadyFhir(trx, { ctx, keys, allowSynthetic: allowSyntheticIds, bundle: request.body }),
      })),
  );

  app.get(
    '/api/discharge-ready',
    {
      config: { access: 'discharge:read' },
      schema: {
        tags,
        summary: 'Discharge-ready notifications you may see, with live counters: your districts, every district, or your own notices',
        querystring: listQuerySchema,
        response: { 200: notificationListSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      void reply.header('cache-control', 'no-store');
      const notifications = await inActorScope(db, ctx.actor, { role: 'person' }, (trx) =>
        listNotifications(trx, { ctx, limit: request.query.limit, ...(request.query.status ? { status: request.query.status } : {}) }),
      );
      return { notifications };
    },
  );

  app.get(
    '/api/discharge-ready/:id',
    {
      config: { access: 'discharge:read' },
      schema: {
        tags,
        summary: 'One notification with its evidence trail (notification, discharge summary, answers, alert, with times)',
        params: notificationParamsSchema,
        response: { 200: notificationDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      void reply.header('cache-control', 'no-store');
      return inActorScope(db, ctx.actor, { role: 'person' }, (trx) => getNotification(trx, { ctx, id: request.params.id }));
    },
  );

  app.post(
    '/api/discharge-ready/:id/answer',
    {
      config: { access: 'discharge:answer' },
      schema: {
        tags,
        summary: "The district's answer: it can receive the patient on a day, or it cannot (with the reason)",
        description: `A later answer replaces the earlier one; the evidence trail keeps both.${IDEMPOTENCY_NOTE}`,
        params: notificationParamsSchema,
        headers: idempotencyHeadersSchema,
        body: answerBodySchema,
        response: { 200: notificationDetailSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, true, async (trx, ctx) => ({
        status: 200,
        body: await answerNotification(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );

  app.post(
    '/api/discharge-ready/:id/summary',
    {
      config: { access: 'discharge:answer' },
      schema: {
        tags,
        summary: 'Record that the discharge summary (epikrise) has come, and when',
        description: IDEMPOTENCY_NOTE.trim(),
        params: notificationParamsSchema,
        headers: idempotencyHeadersSchema,
        body: summaryBodySchema,
        response: { 200: notificationDetailSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, true, async (trx, ctx) => ({
        status: 200,
        body: await recordSummaryReceived(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );
};
