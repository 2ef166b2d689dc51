import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db.ts';
import type { Listen } from '../listen.ts';
import { SseStreams } from '../sse.ts';
import { EventBus } from './event-bus.ts';
import { lastEventIdOf, streamEvents } from './event-stream.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's one listener for platform events, fanned out by topic. */
    events: EventBus;
    /** Answers the request with a Server-Sent Events stream of the topics, catching up from Last-Event-ID. */
    streamEvents: (request: FastifyRequest, reply: FastifyReply, options: { topics: readonly string[] }) => Promise<void>;
  }
}

export type EventsPluginOptions = {
  db: Db;
  listen: Listen;
  /** How often open streams get a heartbeat comment (default 15 s). */
  heartbeatMs?: number;
};

/**
 * Live events for the app: the bus starts listening when the app is ready; on close, every open
 * event stream is ended first (preClose, before the server waits for connections to end) and the
 * listener stopped after (onClose), so whoever closes the database afterwards finds nothing using it.
 */
export const eventsPlugin = fp(
  async (app: FastifyInstance, options: EventsPluginOptions) => {
    const bus = new EventBus({ db: options.db, listen: options.listen, log: app.log });
    const streams = new SseStreams({ heartbeatMs: options.heartbeatMs ?? 15_000 });
    app.decorate('events', bus);
    app.decorate('streamEvents', async (request: FastifyRequest, reply: FastifyReply, { topics }: { topics: readonly string[] }) => {
      const lastEventId = lastEventIdOf(request);
      await streams.serve(request, reply, (stream) => streamEvents(stream, { db: options.db, bus, topics, lastEventId }));
    });
    app.addHook('onReady', async () => bus.start());
    app.addHook('preClose', async () => streams.closeAll());
    app.addHook('onClose', async () => bus.stop());
  },
  { name: 'veiviser-events' },
);
