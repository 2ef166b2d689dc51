import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { catalogChangeStreamResponse } from './catalog-responses.schemas.ts';
import { CATALOG_CHANGED } from './catalog-events.ts';
import { followIntakeStatusChanges } from './intake-status-cache.ts';
import { followCatalogChanges } from './search-state.ts';

const streamQuery = z.strictObject({
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, 'must be an event id (digits)')
    .optional(),
});

/**
 * Live catalog changes: editors' pages follow catalog.changed from every instance as Server-Sent
 * Events; and this process's search caches forget the revision the moment such an event arrives,
 * and its copy of the intake statuses follows every instance's changes (intake-status-cache.ts).
 */
export const catalogChangeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const unfollow = followCatalogChanges(db, app.events);
  // When ready: every module has plugged in its ports by then (the derived intake status source's topics).
  let unfollowIntakeStatus: () => void = () => undefined;
  app.addHook('onReady', async () => {
    unfollowIntakeStatus = followIntakeStatusChanges(db, app.events);
  });
  app.addHook('onClose', async () => {
    unfollow();
    unfollowIntakeStatus();
  });

  app.get(
    '/api/catalog/changes/stream',
    {
      config: { access: 'catalog:edit' },
      schema: {
        tags: ['editor'],
        summary: 'Catalog changes as Server-Sent Events (text/event-stream)',
        description:
          'Each change to the catalog from any instance, as `event: catalog.changed` with `id:` (the event id) and `data:` ' +
          '`{"serviceId","action","revision"}`; a heartbeat comment every 15 s. Send `Last-Event-ID` (or `lastEventId`) to ' +
          'get the changes after that id first. See docs/events.md.',
        querystring: streamQuery,
        response: { 200: catalogChangeStreamResponse },
      },
    },
    async (request, reply) => app.streamEvents(request, reply, { topics: [CATALOG_CHANGED] }),
  );
};
