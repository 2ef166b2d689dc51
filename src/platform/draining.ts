import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** How many requests are being handled right now. */
    handlersRunning: () => number;
  }
}

/**
 * What shutdown needs from the app (server.ts: app.close(), wait for handlersRunning() to reach 0,
 * close the database):
 *
 * - handlersRunning() counts requests still being handled: a client that hung up has closed its
 *   socket, but its handler may still be running. A request is done when its response finished,
 *   when it reaches onSend with its client gone (that response never finishes), or when a hijacked
 *   response (an event stream) closes.
 * - Connections that never carried a request (browsers and fetch open spare ones) are not idle to
 *   Node, so server.close() would wait out their headers timeout (a minute): they are closed when
 *   the app closes. Idle keep-alive connections Node closes itself.
 */
export function installDraining(app: FastifyInstance): void {
  const running = new WeakSet<object>();
  let inFlight = 0;
  const done = (request: object) => {
    if (running.delete(request)) inFlight -= 1;
  };
  app.addHook('onRequest', async (request, reply) => {
    running.add(request);
    inFlight += 1;
    reply.raw.once('close', () => {
      if (reply.sent) done(request);
    });
  });
  app.addHook('onSend', async (request, reply) => {
    if (reply.raw.destroyed) done(request);
  });
  app.addHook('onResponse', async (request) => done(request));
  app.decorate('handlersRunning', () => inFlight);

  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (request: { socket: Socket }) => unused.delete(request.socket));
  app.addHook('preClose', async () => {
    for (const socket of unused) socket.destroy();
  });
}
