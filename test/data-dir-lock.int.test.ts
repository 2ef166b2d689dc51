import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, startServer, type ServerProcess } from './server-process.ts';

const run = promisify(execFile);
const LOCK = 'veiviser.lock';

/** The server's environment for an embedded database in `dir` (no DATABASE_URL, whatever the test run has). */
function serverEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    VEIVISER_DATA_DIR: dir,
    VEIVISER_SEED: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  return env;
}

/** `npm run audit:verify` against the directory, as an operator would run it. */
const verifyAudit = async (dir: string) =>
  run('npx', ['tsx', 'scripts/verify-audit.ts'], { cwd: ROOT, env: serverEnv(dir, await freePort()) }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (error: unknown) => {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    },
  );

/** The pid of a process that has just exited: nothing runs under it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const holder = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as { pid: number; host: string };

// Starting a server on a fresh embedded database (migrations) takes tens of seconds here.
describe('one process per embedded data directory', { timeout: 180_000 }, () => {
  let dir: string;
  let first: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veiviser-lock-'));
    first = await startServer(serverEnv(dir, await freePort()));
  }, 180_000);
  afterAll(async () => {
    await first?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second server on the same directory, naming the directory and the process holding it', async () => {
    // A second server that did start is stopped again at once, so it cannot outlive a failing test.
    const second = await startServer(serverEnv(dir, await freePort()), { timeoutMs: 120_000 }).then(
      async (server) => (await server.stop(), new Error('the second server started')),
      (error: unknown) => error as Error,
    );
    expect(second.message).toMatch(/server exited during start/);
    const message = second.message;
    const { pid, host } = holder(dir);
    expect(message).toContain(dir);
    expect(message).toContain(`process ${pid} on ${host}`);
    expect(host).toBe(hostname());
    expect(() => process.kill(pid, 0)).not.toThrow();
    // The first server carries on.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('refuses audit:verify while a server holds the directory, naming both', async () => {
    const result = await verifyAudit(dir);
    expect(result.code).toBe(2);
    expect(result.out).toContain(dir);
    expect(result.out).toContain(`process ${holder(dir).pid} on ${hostname()}`);
  });

  it('releases the directory when the server stops, and recovers it after a crash left the lock behind', async () => {
    await first.stop();
    expect(existsSync(join(dir, LOCK))).toBe(false);
    expect(await verifyAudit(dir)).toMatchObject({ code: 0, out: expect.stringContaining('Audit log intact') });

    // A crashed server leaves its lock: same host, a pid nobody runs under any more.
    const crashed = { pid: await deadPid(), host: hostname(), startedAt: new Date().toISOString(), token: 'crashed' };
    writeFileSync(join(dir, LOCK), JSON.stringify(crashed));
    first = await startServer(serverEnv(dir, await freePort()));
    expect(holder(dir).pid).not.toBe(0);
    expect(holder(dir)).not.toMatchObject({ token: 'crashed' });
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('never takes over a lock held on another host, whose process it cannot see', async () => {
    const other = mkdtempSync(join(tmpdir(), 'veiviser-lock-other-'));
    try {
      const elsewhere = { pid: 4242, host: 'db-host-2', startedAt: new Date().toISOString(), token: 'elsewhere' };
      writeFileSync(join(other, LOCK), JSON.stringify(elsewhere));
      const result = await verifyAudit(other);
      expect(result.code).toBe(2);
      expect(result.out).toContain('process 4242 on db-host-2');
      expect(holder(other)).toMatchObject({ token: 'elsewhere' });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
