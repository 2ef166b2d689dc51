/**
 * The real server as a child process, for benchmarks and browser tests, and what a run must undo.
 * Cleanups run in reverse order at the end, on failure, and on Ctrl-C / SIGTERM, so no database,
 * directory or process is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET } from './secret.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Cleanup = { name: string; run: () => Promise<void> };
const cleanups: Cleanup[] = [];

/** Registers an undo step; the returned function runs it now (once) and forgets it. */
export function onCleanup(name: string, run: () => Promise<void>): () => Promise<void> {
  const entry: Cleanup = { name, run };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i < 0) return;
    cleanups.splice(i, 1);
    await entry.run();
  };
}

/** Runs every pending undo step, newest first; reports but survives failures. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const entry = cleanups.pop()!;
    try {
      await entry.run();
    } catch (error) {
      console.error(`cleanup "${entry.name}" failed: ${(error as Error).message}`);
    }
  }
}

let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    console.error(`\n${signal}: cleaning up…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** Last lines the server printed (stdout and stderr). */
  output: () => string;
  stop: () => Promise<{ exitCode: number | null; signal: string | null; stopMs: number }>;
};

/**
 * Starts `node --import tsx src/server.ts` in its own process group and waits for /healthz. stop()
 * sends SIGTERM (the server drains and exits), then SIGKILL to the group if it lingers. On a
 * PostgreSQL server (DATABASE_URL) the server needs VEIVISER_PSEUDONYM_SECRET: the test secret unless given.
 */
export async function startServer(
  givenEnv: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<ServerProcess & { startMs: number }> {
  const started = performance.now();
  const needsSecret = givenEnv.DATABASE_URL && !givenEnv.VEIVISER_PSEUDONYM_SECRET;
  const env = needsSecret ? { ...givenEnv, VEIVISER_PSEUDONYM_SECRET: TEST_SECRET } : givenEnv;
  const port = Number(env.PORT);
  // tsx as Node's loader, not through npx and the tsx CLI: one process, and seconds sooner on a busy machine. The young
  // generation as `npm start` sizes it (package.json; docs/benchmarks.md says why).
  const args = [...(options.nodeArgs ?? []), '--max-semi-space-size=32', '--import', 'tsx', 'src/server.ts'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid!;
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: string | null } | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  let stopping: Promise<{ exitCode: number | null; signal: string | null; stopMs: number }> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const t0 = performance.now();
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pgid)) {
        console.error(`server group ${pgid} ignored SIGTERM for 20 s; sending SIGKILL`);
        process.kill(-pgid, 'SIGKILL');
        while (groupAlive(pgid)) await sleep(100);
      }
      await Promise.race([exit, sleep(2000)]);
      const e = exited;
      return { exitCode: e?.code ?? null, signal: e?.signal ?? null, stopMs: performance.now() - t0 };
    })());
  const forget = onCleanup(`server ${pgid}`, async () => {
    await stop();
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (exited) {
      await forget();
      throw new Error(`server exited during start (code ${(exited as { code: number | null }).code}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await forget();
      throw new Error(`server did not answer /healthz within ${options.timeoutMs ?? 180_000} ms:\n${log}`);
    }
    await sleep(200);
  }
  return {
    url,
    pid: pgid,
    output: () => log,
    startMs: performance.now() - started,
    stop: async () => {
      const result = await stop();
      await forget();
      return result;
    },
  };
}
