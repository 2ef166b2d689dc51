import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

/** A raw client that sends a request's headers, then its body one byte a second, and never finishes. */
function trickle(port: number, path: string) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
  const timer = setInterval(() => socket.destroyed || socket.write(' '), 1000);
  const started = performance.now();
  const closed = new Promise<{ ms: number; received: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, received });
    }),
  );
  return { closed, destroy: () => socket.destroy() };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describe.each(testDatabaseKinds())('HTTP timeouts on %s', (kind) => {
  async function listening(t: TestApp) {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    return (t.app.server.address() as AddressInfo).port;
  }

  it('cuts off a request body sent one byte a second with 408 once the request timeout has passed', async () => {
    const t = await createTestApp(kind, { timeouts: { requestMs: 1500, headersMs: 1000, checkEveryMs: 250 } });
    const client = trickle(await listening(t), '/api/auth/login');
    try {
      const ended = await within(client.closed, 6000);
      expect(ended).not.toBe('still waiting');
      if (ended === 'still waiting') return;
      expect(ended.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(ended.ms).toBeGreaterThanOrEqual(1400);
      expect(ended.ms).toBeLessThan(4000);
      await expect.poll(() => t.app.handlersRunning(), { timeout: 1000 }).toBe(0);
    } finally {
      client.destroy();
      await t.close();
    }
  });

  it('ends a stalled request at shutdown once the grace period has passed, so close() does not wait for it', async () => {
    const t = await createTestApp(kind, { timeouts: { shutdownGraceMs: 1000 } });
    const client = trickle(await listening(t), '/api/auth/login');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      expect(await within(t.app.close(), 8000)).not.toBe('still waiting');
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      expect(performance.now() - started).toBeLessThan(4000);
      expect(await within(client.closed, 1000)).not.toBe('still waiting');
      // What server.ts waits for before it closes the database: the aborted request is forgotten.
      await expect.poll(() => t.app.handlersRunning(), { timeout: 1000 }).toBe(0);
    } finally {
      client.destroy();
      await t.close();
    }
  });

  it('counts a sign-in whose client hung up until its handler has finished, then forgets it', async () => {
    const t = await createTestApp(kind);
    const socket = connect(await listening(t), '127.0.0.1');
    socket.on('error', () => undefined);
    try {
      const email = `hung-up-${Date.now()}@test.oslo.kommune.no`;
      const body = JSON.stringify({ email, password: 'not the password' });
      const length = Buffer.byteLength(body);
      socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n`);
      socket.write(`Content-Length: ${length}\r\n\r\n${body}`);
      await expect.poll(() => t.app.handlersRunning()).toBe(1);
      socket.destroy();
      await expect.poll(() => t.app.handlersRunning(), { timeout: 10_000 }).toBe(0);
      // Not forgotten before the handler was done: its audit row was already written.
      const audited = await t.db.selectFrom('audit_event').select('id').where('actor_name', '=', email).execute();
      expect(audited).toHaveLength(1);
    } finally {
      socket.destroy();
      await t.close();
    }
  });
});
