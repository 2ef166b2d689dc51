import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, clientOf } from '../access/auth.plugin.ts';
import type { Db } from '../platform/db.ts';
import {
  crisisLineCreateSchema,
  crisisLineHistorySchema,
  crisisLineKeyParams,
  crisisLineListSchema,
  crisisLineSchema,
  crisisLineUpdateSchema,
  publicCrisisLinesSchema,
  type PublicCrisisLines,
} from './crisis.schemas.ts';
import { createCrisisLine, listCrisisLineHistory, listCrisisLines, listPublicCrisisLines, updateCrisisLine } from './crisis.service.ts';

/** How long this process answers the public list from memory (a change elsewhere shows within this). */
const CACHE_MS = 10_000;

/** Public crisis lines for every page; the editors' list, change and history. */
export const crisisRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  let cached: { at: number; body: PublicCrisisLines } | null = null;
  const edit = { config: { access: 'crisis:edit' as const } };

  app.get(
    '/api/crisis-lines',
    {
      config: { access: 'public' },
      schema: {
        tags: ['crisis'],
        summary: 'The national crisis and help lines, in display order (public, cached)',
        response: { 200: publicCrisisLinesSchema },
      },
    },
    async (_request, reply) => {
      if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), body: { lines: await listPublicCrisisLines(db) } };
      void reply.header('cache-control', 'public, max-age=60');
      return cached.body;
    },
  );

  app.get(
    '/api/crisis-lines/all',
    {
      ...edit,
      schema: { tags: ['crisis'], summary: 'Every crisis line, inactive ones too (editors)', response: { 200: crisisLineListSchema } },
    },
    async () => ({ lines: await listCrisisLines(db) }),
  );

  app.post(
    '/api/crisis-lines',
    {
      ...edit,
      schema: {
        tags: ['crisis'],
        summary: 'Add a crisis line under a new key (409 when the key is taken)',
        body: crisisLineCreateSchema,
        response: { 201: crisisLineSchema },
      },
    },
    async (request, reply) => {
      const line = await db
        .transaction()
        .execute((trx) =>
          createCrisisLine(trx, { actor: actorOf(request), key: request.body.key, input: request.body.line, client: clientOf(request) }),
        );
      cached = null;
      return reply.status(201).send(line);
    },
  );

  app.put(
    '/api/crisis-lines/:key',
    {
      ...edit,
      schema: {
        tags: ['crisis'],
        summary: 'Change a crisis line (optimistic: send the version you edited; 409 when it is stale)',
        params: crisisLineKeyParams,
        body: crisisLineUpdateSchema,
        response: { 200: crisisLineSchema },
      },
    },
    async (request) => {
      const { line } = await db.transaction().execute((trx) =>
        updateCrisisLine(trx, {
          actor: actorOf(request),
          key: request.params.key,
          version: request.body.version,
          input: request.body.line,
          client: clientOf(request),
        }),
      );
      cached = null;
      return line;
    },
  );

  app.get(
    '/api/crisis-lines/:key/history',
    {
      ...edit,
      schema: {
        tags: ['crisis'],
        summary: 'The versions of a crisis line, newest first (editors)',
        params: crisisLineKeyParams,
        response: { 200: crisisLineHistorySchema },
      },
    },
    async (request) => ({ versions: await listCrisisLineHistory(db, { key: request.params.key }) }),
  );
};
