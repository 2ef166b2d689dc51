import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import type { Answer } from './idempotency.service.ts';
import { IDEMPOTENCY_NOTE, once as runOnce, streamQuery } from './intake-http.ts';
import { CAPACITY_CHANGED } from './intake-events.ts';
import {
  admitBodySchema,
  blockBodySchema,
  blockSchema,
  capacitySchema,
  dischargeBodySchema,
  holdBodySchema,
  holdSchema,
  idempotencyHeadersSchema,
  recordParamsSchema,
  staySchema,
  unitParamsSchema,
} from './intake.schemas.ts';
import {
  admitResident,
  blockPlaces,
  dischargeResident,
  endBlock,
  holdPlace,
  listCapacity,
  releaseHold,
  type IntakeContext,
} from './intake.service.ts';

/** Capacity (the board and its live stream), blocks, holds and stays. Every write is one transaction. */
export const intakeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['intake'];

  const once = <T extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    run: (trx: Db, ctx: IntakeContext) => Promise<Answer<T>>,
  ) => runOnce(db, request, reply, run);

  app.get(
    '/api/capacity',
    {
      config: { access: 'intake:read_capacity' },
      schema: { tags, summary: "Every open unit's places: occupied, held, blocked and free", response: { 200: capacitySchema } },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { units: await listCapacity(db) };
    },
  );

  app.get(
    '/api/capacity/stream',
    {
      config: { access: 'intake:read_capacity' },
      schema: {
        tags,
        summary: 'Capacity changes as Server-Sent Events (text/event-stream)',
        description:
          `Each change to a unit's numbers from any instance, as \`event: ${CAPACITY_CHANGED}\` with \`id:\` (the event id) and ` +
          '`data:` the unit as in GET /api/capacity; a heartbeat comment every 15 s. Send `Last-Event-ID` (or `lastEventId`) ' +
          'to get the changes after that id first. See docs/events.md.',
        querystring: streamQuery,
        response: { 200: { content: { 'text/event-stream': { schema: z.string() } } } },
      },
    },
    async (request, reply) => app.streamEvents(request, reply, { topics: [CAPACITY_CHANGED] }),
  );

  app.post(
    '/api/capacity/units/:id/blocks',
    {
      config: { access: 'intake:block' },
      schema: {
        tags,
        summary: 'Block places (staffing, repairs) until a day; 409 when fewer places are free than asked',
        description: `\`until\` is the day the places are in use again.${IDEMPOTENCY_NOTE}`,
        params: unitParamsSchema,
        headers: idempotencyHeadersSchema,
        body: blockBodySchema,
        response: { 201: blockSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({
        status: 201,
        body: await blockPlaces(trx, { ctx, unitId: request.params.id, body: request.body }),
      })),
  );

  app.post(
    '/api/capacity/blocks/:id/end',
    {
      config: { access: 'intake:block' },
      schema: {
        tags,
        summary: 'End a block early: its places are in use again',
        description: IDEMPOTENCY_NOTE.trim(),
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        response: { 200: blockSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 200, body: await endBlock(trx, { ctx, id: request.params.id }) })),
  );

  app.post(
    '/api/intake/holds',
    {
      config: { access: 'intake:place' },
      schema: {
        tags,
        summary: 'Offer a place: hold one place at a unit for a person until it expires (409 when none is free)',
        description: IDEMPOTENCY_NOTE.trim(),
        headers: idempotencyHeadersSchema,
        body: holdBodySchema,
        response: { 201: holdSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 201, body: await holdPlace(trx, { ctx, body: request.body }) })),
  );

  app.post(
    '/api/intake/holds/:id/release',
    {
      config: { access: 'intake:place' },
      schema: {
        tags,
        summary: 'Withdraw an offer: the held place is free again',
        description: IDEMPOTENCY_NOTE.trim(),
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        response: { 200: holdSchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 200, body: await releaseHold(trx, { ctx, id: request.params.id }) })),
  );

  app.post(
    '/api/intake/stays',
    {
      config: { access: 'intake:admit' },
      schema: {
        tags,
        summary: 'Admit a person: from an active hold, or straight to a unit with a free place',
        description: IDEMPOTENCY_NOTE.trim(),
        headers: idempotencyHeadersSchema,
        body: admitBodySchema,
        response: { 201: staySchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({ status: 201, body: await admitResident(trx, { ctx, body: request.body }) })),
  );

  app.post(
    '/api/intake/stays/:id/discharge',
    {
      config: { access: 'intake:admit' },
      schema: {
        tags,
        summary: 'Discharge a resident: end the stay, with where the person went',
        description: IDEMPOTENCY_NOTE.trim(),
        params: recordParamsSchema,
        headers: idempotencyHeadersSchema,
        body: dischargeBodySchema,
        response: { 200: staySchema },
      },
    },
    async (request, reply) =>
      once(request, reply, async (trx, ctx) => ({
        status: 200,
        body: await dischargeResident(trx, { ctx, id: request.params.id, body: request.body }),
      })),
  );
};
