import { connect, type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installDraining } from './draining.ts';

/** What shutdown relies on: a count of handlers still running, and a close that waits for no idle client. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function start(): Promise<{ app: FastifyInstance; base: string; port: number }> {
  const instance = Fastify();
  installDraining(instance);
  instance.get('/slow', async () => {
    await sleep(300);
    return { ok: true };
  });
  instance.get('/stream', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.write(': open\n\n');
  });
  await instance.listen({ port: 0, host: '127.0.0.1' });
  app = instance;
  const port = (instance.server.address() as AddressInfo).port;
  return { app: instance, base: `http://127.0.0.1:${port}`, port };
}

describe('draining', () => {
  it('counts a handler whose client hung up until the handler has finished, then not at all', async () => {
    const { app, base } = await start();
    const controller = new AbortController();
    const request = fetch(`${base}/slow`, { signal: controller.signal }).catch(() => null);
    await vi.waitFor(() => expect(app.handlersRunning()).toBe(1));
    controller.abort();
    await request;
    await sleep(50);
    expect(app.handlersRunning()).toBe(1); // still running after the hang-up
    await vi.waitFor(() => expect(app.handlersRunning()).toBe(0), { timeout: 2000 });
  });

  it('stops counting a hijacked response (an event stream) when it closes', async () => {
    const { app, base } = await start();
    const controller = new AbortController();
    const response = await fetch(`${base}/stream`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(app.handlersRunning()).toBe(1);
    controller.abort();
    await vi.waitFor(() => expect(app.handlersRunning()).toBe(0), { timeout: 2000 });
  });

  it('closes promptly although a client holds a connection on which it never sent a request', async () => {
    const { app, port } = await start();
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => undefined);
    const closedByServer = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const startedAt = Date.now();
    await app.close();
    expect(Date.now() - startedAt).toBeLessThan(2000);
    await closedByServer;
  });
});
