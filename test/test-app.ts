import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.ts';
import { createLocalUser } from '../src/access/users.service.ts';
import type { Role } from '../src/access/permissions.ts';
import type { OidcProviderConfig } from '../src/platform/config.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../src/platform/db.ts';
import { deriveAuditKeys } from '../src/access/keys.ts';
import { createJobQueue } from '../src/platform/jobs/create-job-queue.ts';
import type { JobQueue } from '../src/platform/jobs/jobs.ts';
import { derivePseudonymKeys } from '../src/access/pseudonym.ts';
import { openTestDatabase, type TestDatabaseKind } from './databases.ts';
import { TEST_SECRET } from './secret.ts';

export { TEST_SECRET };
/** Keys from the fixed test secret: pseudonyms and the audit chain are stable across a test run. */
export const TEST_PSEUDONYM_KEYS = derivePseudonymKeys(Buffer.from(TEST_SECRET, 'base64'));
export const TEST_AUDIT_KEYS = deriveAuditKeys(Buffer.from(TEST_SECRET, 'base64'));

/** jobs: the app's queue, not started; a test may define more jobs and start it (close() stops it). */
export type TestApp = { app: FastifyInstance; db: Db; jobs: JobQueue; close: () => Promise<void> };

/** What a test may change about the app; the defaults suit most tests. */
export type TestAppOptions = {
  /** Rate limits are off unless a test is about them. */
  rateLimit?: boolean;
  secureCookies?: boolean;
  webDir?: string;
  publicUrl?: string;
  oidcProviders?: OidcProviderConfig[];
  /** Routes only a test needs, registered before the app is ready. */
  testRoutes?: (app: FastifyInstance) => void;
  /** Heartbeats on event streams this often (default 15 s). */
  sseHeartbeatMs?: number;
  /** Shorter HTTP timeouts, for tests about them. */
  timeouts?: AppOptions['timeouts'];
};

/** A job queue for the handle's database kind, not started. */
function testJobQueue(handle: DatabaseHandle & { url?: string }): JobQueue {
  const target = handle.url ? ({ kind: 'postgres', url: handle.url } as const) : ({ kind: 'pglite', dataDir: 'memory://' } as const);
  return createJobQueue(handle.db, target, { pollIntervalSeconds: 0.5 });
}

/** The whole application on a seeded test database, without listening on a port. */
export async function createTestApp(kind: TestDatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const handle = await openTestDatabase(kind);
  const jobs = testJobQueue(handle);
  const app = await buildTestApp(handle, options, jobs);
  return {
    app,
    db: handle.db,
    jobs,
    close: async () => {
      await app.close();
      await jobs.stop();
      await handle.close();
    },
  };
}

/**
 * The application on a database handle the test opened (two instances can share one database);
 * ready, not listening. Its job queue is not started unless the test starts it.
 */
export async function buildTestApp(
  handle: DatabaseHandle & { url?: string },
  options: TestAppOptions = {},
  jobs: JobQueue = testJobQueue(handle),
): Promise<FastifyInstance> {
  const app = await buildApp({
    db: handle.db,
    listen: handle.listen,
    ...(options.sseHeartbeatMs ? { sseHeartbeatMs: options.sseHeartbeatMs } : {}),
    config: {
      logLevel: 'silent',
      secureCookies: options.secureCookies ?? false,
      webDir: options.webDir ?? './dist/web',
      allowSyntheticIds: true,
      publicUrl: options.publicUrl ?? null,
      oidcProviders: options.oidcProviders ?? [],
    },
    pseudonymKeys: TEST_PSEUDONYM_KEYS,
    auditKeys: TEST_AUDIT_KEYS,
    rateLimit: options.rateLimit ?? false,
    jobs,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  options.testRoutes?.(app);
  await app.ready();
  return app;
}

let userCounter = 0;

/** Creates a user with the roles and signs in; returns headers for later requests. */
export async function signIn(t: Pick<TestApp, 'app' | 'db'>, roles: Role[], overrides: { districts?: string[]; units?: string[] } = {}) {
  userCounter += 1;
  const email = `user${userCounter}-${Date.now()}@test.oslo.kommune.no`;
  const password = 'correct horse battery staple';
  await createLocalUser(t.db, { email, password, displayName: `Test ${roles.join('+')} ${userCounter}`, roles, ...overrides });
  return { email, password, headers: await logIn(t, { email, password }) };
}

/** Signs an existing user in again (a new session); returns the headers for later requests. */
export async function logIn(t: Pick<TestApp, 'app' | 'db'>, user: { email: string; password: string }): Promise<Record<string, string>> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: user });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { cookie, 'x-csrf-token': csrfToken };
}

/** An app listening on a free local port, for tests that need real HTTP (event streams); its base URL. */
export async function listenOn(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Two app instances on one new PostgreSQL database, each on its own pool and port: events across instances. */
export type TwoInstances = {
  first: DatabaseHandle & { url?: string };
  a: FastifyInstance;
  b: FastifyInstance;
  baseA: string;
  baseB: string;
  close: () => Promise<void>;
};

export async function startTwoInstances(): Promise<TwoInstances> {
  const first = await openTestDatabase('postgres');
  const second = await openDatabase({ kind: 'postgres', url: first.url! }, { poolSize: 5 });
  const a = await buildTestApp(first);
  const b = await buildTestApp(second);
  return {
    first,
    a,
    b,
    baseA: await listenOn(a),
    baseB: await listenOn(b),
    close: async () => {
      await b.close();
      await a.close();
      await second.close();
      await first.close();
    },
  };
}
