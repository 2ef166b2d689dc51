import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db.ts';
import { historyQuerySchema, historySchema } from './capacity-history.schemas.ts';
import { getCapacityHistory } from './capacity-history.service.ts';

/** The occupancy history: counts only, for those who see the capacity board. */
export const capacityHistoryRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/capacity/history',
    {
      config: { access: 'intake:read_capacity' },
      schema: {
        tags: ['intake'],
        summary: "A unit's occupancy per day (occupied, held, blocked, free at each day's end), computed from its stays, holds and blocks",
        querystring: historyQuerySchema,
        response: { 200: historySchema },
      },
    },
    async (request) => getCapacityHistory(db, { query: request.query }),
  );
};
