import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db.ts';
import { actorOf } from './auth.plugin.ts';
import {
  personIdentitySchema,
  personListQuerySchema,
  personListSchema,
  personParamsSchema,
  personSchema,
  pseudonymisedPersonListSchema,
  purposeQuerySchema,
  registerPersonBodySchema,
} from './persons.schemas.ts';
import {
  getPerson,
  getPersonIdentity,
  listPersons,
  listPseudonymisedPersons,
  registerPerson,
  type RequestContext,
} from './persons.service.ts';
import type { PseudonymKeys } from './pseudonym.ts';
import { inActorScope } from './scope.ts';

const contextOf = (request: FastifyRequest): RequestContext => ({
  actor: actorOf(request),
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

/** Person registration and reads, each inside the actor's row-level-security scope and audited. */
export const personRoutes: FastifyPluginAsyncZod<{ db: Db; keys: PseudonymKeys; allowSyntheticIds: boolean }> = async (
  app,
  { db, keys, allowSyntheticIds },
) => {
  const tags = ['persons'];

  app.post(
    '/api/persons',
    {
      config: { access: 'person:register' },
      schema: {
        tags,
        summary: 'Register a person (national ID stored once; a keyed pseudonym everywhere else)',
        body: registerPersonBodySchema,
        response: { 201: personSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const person = await inActorScope(db, ctx.actor, { role: 'person', identify: true }, (trx) =>
        registerPerson(trx, { ctx, keys, allowSynthetic: allowSyntheticIds, ...request.body }),
      );
      return reply.status(201).send(person);
    },
  );

  app.get(
    '/api/persons',
    {
      config: { access: 'person:read' },
      schema: {
        tags,
        summary: 'Persons in your districts or units',
        querystring: personListQuerySchema,
        response: { 200: personListSchema },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'person' }, (trx) =>
        listPersons(trx, { ctx, purpose: request.query.purpose, limit: request.query.limit }),
      );
    },
  );

  app.get(
    '/api/persons/:id',
    {
      config: { access: 'person:read' },
      schema: {
        tags,
        summary: 'One person in your scope',
        params: personParamsSchema,
        querystring: purposeQuerySchema,
        response: { 200: personSchema },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'person' }, (trx) =>
        getPerson(trx, { ctx, id: request.params.id, purpose: request.query.purpose }),
      );
    },
  );

  app.get(
    '/api/persons/:id/identity',
    {
      config: { access: 'person:read_identity' },
      schema: {
        tags,
        summary: "A person's national ID (audited)",
        params: personParamsSchema,
        querystring: purposeQuerySchema,
        response: { 200: personIdentitySchema },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'person', identify: true }, (trx) =>
        getPersonIdentity(trx, { ctx, id: request.params.id, purpose: request.query.purpose }),
      );
    },
  );

  app.get(
    '/api/analysis/persons',
    {
      config: { access: 'person:read_pseudonymised' },
      schema: {
        tags,
        summary: 'Pseudonymised persons for linkage and statistics',
        response: { 200: pseudonymisedPersonListSchema },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return inActorScope(db, ctx.actor, { role: 'analysis' }, (trx) => listPseudonymisedPersons(trx, { ctx, keys }));
    },
  );
};
