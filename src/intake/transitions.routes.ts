import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access/auth.plugin.ts';
import { inActorScope } from '../access/scope.ts';
import type { Db } from '../platform/db.ts';
import type { Answer } from './idempotency.service.ts';
import { once as runOnce } from './intake-http.ts';
import { idempotencyHeadersSchema, recordParamsSchema, unitParamsSchema } from './intake.schemas.ts';
import type { IntakeContext } from './intake.service.ts';
import {
  agreementBodySchema,
  agreementListQuerySchema,
  agreementListSchema,
  agreementSchema,
  assignTaskBodySchema,
  closeTaskBodySchema,
  immediateDischargeBodySchema,
  immediateDischargeSchema,
  personParamsSchema,
  qualityOfLifeBodySchema,
  qualityOfLifeListSchema,
  qualityOfLifeSchema,
  stayRequestBodySchema,
  stayRequestSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskListSchema,
  taskSchema,
  unitStaysSchema,
} from './transitions.schemas.ts';
import {
  assignTask,
  closeTask,
  createAgreement,
  dischargeImmediately,
  getTask,
  listAgreements,
  listQualityOfLife,
  listTasks,
  listUnitStays,
  recordQualityOfLife,
  requestUserControlledStay,
  takeTask,
} from './transitions.service.ts';

const contextOf = (request: FastifyRequest): IntakeContext => ({
  actor: actorOf(request),
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

const IDEMPOTENT = 'Send an `Idempotency-Key` header to make a retry safe: the same key answers the same again.';

/** Transitions out of a stay: immediate discharge and re-placement tasks, user-controlled places, quality of life. */
export const transitionsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['intake'];

  /** A POST's use-case in one transaction, once per Idempotency-Key (as the module's other POSTs). */
  const once = <T extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    run: (trx: Db, ctx: IntakeContext) => Promise<Answer<T>>,
  ) => runOnce(db, request, reply, run);
  /**
   * A read of person data under row-level security (veiviser_app with the actor's scope, so the
   * policy backs the code's filter); its audit rows are written in the same transaction.
   */
  const read = <T>(request: FastifyRequest, fn: (trx: Db) => Promise<T>) => inActorScope(db, actorOf(request), { role: 'person' }, fn);

  app.get(
    '/api/intake/units/:id/stays',
    {
      config: { access: 'intake:admit' },
      schema: {
        tags,
        summary: "A unit's current residents (pseudonymous person ids)",
        params: unitParamsSchema,
        response: { 200: unitStaysSchema },
      },
    },
    async (request) => read(request, (trx) => listUnitStays(trx, { ctx: contextOf(request), unitId: request.params.id })),
  );

  app.post(
    '/api/intake/stays/:id/immediate-discharge',
    {
      config: { access: 'intake:discharge_immediately' },
      schema: {
        tags,
        summary: 'Discharge at once for violence or threats: incident, bar from the unit, re-placement task',
        description:
          'One transaction: records the incident, ends the stay (the unit’s numbers update), bars the person from the unit ' +
          'from the day of the discharge through `barUntil`, and opens a re-placement task owned by common intake, due ' +
          `\`taskDeadline\` or two working days after \`at\`. The district's decision is not ended. ${IDEMPOTENT}`,
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        body: immediateDischargeBodySchema,
        response: { 200: immediateDischargeSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({
        status: 200,
        body: await dischargeImmediately(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );

  app.get(
    '/api/intake/tasks',
    {
      config: { access: 'intake:replace' },
      schema: {
        tags,
        summary: 'Re-placement tasks, with the open ones counted by age (<24 h, 1–3 days, >3 days, overdue) and owner',
        querystring: taskListQuerySchema,
        response: { 200: taskListSchema },
      },
    },
    async (request) => read(request, (trx) => listTasks(trx, { ctx: contextOf(request), status: request.query.status })),
  );

  app.get(
    '/api/intake/tasks/:id',
    {
      config: { access: 'intake:replace' },
      schema: {
        tags,
        summary: 'A re-placement task with its incident, bars and stay',
        params: recordParamsSchema,
        response: { 200: taskDetailSchema },
      },
    },
    async (request) => read(request, (trx) => getTask(trx, { ctx: contextOf(request), id: request.params.id })),
  );

  app.post(
    '/api/intake/tasks/:id/take',
    {
      config: { access: 'intake:replace' },
      schema: {
        tags,
        summary: 'Take a task: it is yours until closed or handed on',
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 200, body: await takeTask(trx, { ctx, id: request.params.id }) })),
  );

  app.post(
    '/api/intake/tasks/:id/assign',
    {
      config: { access: 'intake:replace' },
      schema: {
        tags,
        summary: 'Give a task to a user with common intake, or to a team',
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        body: assignTaskBodySchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({
        status: 200,
        body: await assignTask(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );

  app.post(
    '/api/intake/tasks/:id/close',
    {
      config: { access: 'intake:replace' },
      schema: {
        tags,
        summary: 'Close a task with its outcome',
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        body: closeTaskBodySchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({
        status: 200,
        body: await closeTask(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );

  app.post(
    '/api/intake/user-controlled/agreements',
    {
      config: { access: 'intake:user_controlled' },
      schema: {
        tags,
        summary: 'Agree a user-controlled place before moving out: nights per stay, stays per period, validity',
        description: `409 naming validFrom when it overlaps another agreement of the person at the unit. ${IDEMPOTENT}`,
        headers: idempotencyHeadersSchema,
        body: agreementBodySchema,
        response: { 201: agreementSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 201, body: await createAgreement(trx, { ctx, body: request.body }) })),
  );

  app.get(
    '/api/intake/user-controlled/agreements',
    {
      config: { access: 'intake:user_controlled' },
      schema: {
        tags,
        summary: 'User-controlled place agreements at the units in your scope',
        querystring: agreementListQuerySchema,
        response: { 200: agreementListSchema },
      },
    },
    async (request) =>
      read(request, (trx) =>
        listAgreements(trx, {
          ctx: contextOf(request),
          ...(request.query.unitId ? { unitId: request.query.unitId } : {}),
          ...(request.query.personId ? { personId: request.query.personId } : {}),
        }),
      ),
  );

  app.post(
    '/api/intake/user-controlled/agreements/:id/stays',
    {
      config: { access: 'intake:user_controlled' },
      schema: {
        tags,
        summary: 'Ask for a stay under an agreement: 201 granted (a held place), 200 unit full (comparable units offered)',
        description:
          'The nights from `from` to the day before `to`. Outside the agreement (validity, nights per stay, stays per ' +
          `period, more than 7 days ahead): 422 naming the field. ${IDEMPOTENT}`,
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        body: stayRequestBodySchema,
        response: { 200: stayRequestSchema, 201: stayRequestSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => requestUserControlledStay(trx, { ctx, agreementId: request.params.id, body: request.body })),
  );

  app.post(
    '/api/intake/quality-of-life',
    {
      config: { access: 'intake:record_quality_of_life' },
      schema: {
        tags,
        summary: 'Record the quality-of-life answer: 1–7 in a district, 1–5 in an institution, or declined',
        headers: idempotencyHeadersSchema,
        body: qualityOfLifeBodySchema,
        response: { 201: qualityOfLifeSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 201, body: await recordQualityOfLife(trx, { ctx, body: request.body }) })),
  );

  app.get(
    '/api/intake/persons/:id/quality-of-life',
    {
      config: { access: 'intake:read_quality_of_life' },
      schema: {
        tags,
        summary: "A person's quality-of-life answers recorded in your districts or units",
        params: personParamsSchema,
        response: { 200: qualityOfLifeListSchema },
      },
    },
    async (request) => read(request, (trx) => listQualityOfLife(trx, { ctx: contextOf(request), personId: request.params.id })),
  );
};
