import { connect, type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSse } from '../../test/sse-client.ts';
import { sseComment, sseFrame, SseStreams, type SseStream } from './sse.ts';

describe('SSE frames', () => {
  it('writes id, event and one data line per line of data, ending with a blank line', () => {
    expect(sseFrame({ id: 7, event: 'catalog.changed', data: '{"a":1}' })).toBe('id: 7\nevent: catalog.changed\ndata: {"a":1}\n\n');
    expect(sseFrame({ data: 'one\ntwo\r\nthree' })).toBe('data: one\ndata: two\ndata: three\n\n');
  });

  it('writes an id-only frame, which sets the client last event id without an event', () => {
    expect(sseFrame({ id: 42 })).toBe('id: 42\n\n');
  });

  it('refuses an id or event name that spans lines (it would forge fields)', () => {
    expect(() => sseFrame({ event: 'a\ndata: forged' })).toThrow(/one line/);
    expect(() => sseFrame({ id: '1\r2' })).toThrow(/one line/);
  });

  it('writes comments on one line', () => {
    expect(sseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(sseComment('a\nb')).toBe(': a b\n\n');
  });
});

describe('SSE streams', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function start(streams: SseStreams, body: (stream: SseStream) => Promise<void>) {
    const instance = Fastify();
    instance.get('/events', (request, reply) => streams.serve(request, reply, body));
    instance.addHook('preClose', async () => streams.closeAll());
    await instance.listen({ port: 0, host: '127.0.0.1' });
    app = instance;
    return (instance.server.address() as AddressInfo).port;
  }

  it('sends frames with the stream headers and a heartbeat comment on an idle stream', async () => {
    const port = await start(new SseStreams({ heartbeatMs: 50 }), async (stream) => {
      stream.send({ id: 1, event: 'test.hello', data: 'hi' });
    });
    const client = await openSse(`http://127.0.0.1:${port}/events`);
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toBe('no-store');
    expect(client.headers.get('x-accel-buffering')).toBe('no');
    expect(await client.next()).toEqual({ id: '1', event: 'test.hello', data: 'hi' });
    expect(await client.next()).toEqual({ comment: 'heartbeat' });
    client.close();
  });

  it('ends every open stream on closeAll and runs their close callbacks', async () => {
    const streams = new SseStreams({ heartbeatMs: 10_000 });
    const closed: number[] = [];
    let n = 0;
    const port = await start(streams, async (stream) => {
      const mine = ++n;
      stream.onClose(() => closed.push(mine));
      stream.send({ id: mine });
    });
    const clients = [await openSse(`http://127.0.0.1:${port}/events`), await openSse(`http://127.0.0.1:${port}/events`)];
    await Promise.all(clients.map((c) => c.next()));
    expect(streams.size).toBe(2);
    await streams.closeAll();
    await Promise.all(clients.map((c) => c.ended));
    expect(closed.sort()).toEqual([1, 2]);
    expect(streams.size).toBe(0);
  });

  it('cuts off a client that does not read, once more than the limit is buffered', async () => {
    let opened!: SseStream;
    const port = await start(new SseStreams({ heartbeatMs: 10_000, maxBufferedBytes: 64 * 1024 }), async (stream) => {
      opened = stream;
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 2000 && !stream.closed; i++) stream.send({ data: chunk });
    });
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    socket.pause(); // never reads
    await vi.waitFor(() => expect(opened?.closed).toBe(true), { timeout: 5000 });
    socket.destroy();
  });
});
