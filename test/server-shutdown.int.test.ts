import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer } from './server-process.ts';

describe('stopping the server', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veiviser-shutdown-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits on SIGTERM within the grace period while a client trickles a request body, and releases the data directory', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      VEIVISER_DATA_DIR: dir,
      VEIVISER_SEED: 'false',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const server = await startServer(env);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => socket.destroyed || socket.write(' '), 1000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const stopped = await server.stop();
      // Grace 5 s, then the stalled connection is ended; startServer would SIGKILL after 20 s.
      expect(stopped.stopMs).toBeLessThan(12_000);
      // Only a clean exit (database closed) removes the lock; SIGKILL would leave it.
      expect(existsSync(join(dir, 'veiviser.lock'))).toBe(false);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});
