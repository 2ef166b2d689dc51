import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.ts';
import { createLocalUser } from '../src/access/access.service.ts';
import type { Role } from '../src/access/permissions.ts';
import type { OidcProviderConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db.ts';
import { derivePseudonymKeys } from '../src/access/pseudonym.ts';
import { openTestDatabase, type TestDatabaseKind } from './databases.ts';

/** A fixed test secret: pseudonyms are stable across a test run. */
export const TEST_PSEUDONYM_KEYS = derivePseudonymKeys(Buffer.alloc(32, 7));

export type TestApp = { app: FastifyInstance; db: Db; close: () => Promise<void> };

/** What a test may change about the app; the defaults suit most tests. */
export type TestAppOptions = {
  /** Rate limits are off unless a test is about them. */
  rateLimit?: boolean;
  secureCookies?: boolean;
  webDir?: string;
  publicUrl?: string;
  oidcProviders?: OidcProviderConfig[];
  /** Shorter HTTP timeouts, for tests about them. */
  timeouts?: AppOptions['timeouts'];
};

/** The whole application on a seeded test database, without listening on a port. */
export async function createTestApp(kind: TestDatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const handle = await openTestDatabase(kind);
  const app = await buildApp({
    db: handle.db,
    config: {
      logLevel: 'silent',
      secureCookies: options.secureCookies ?? false,
      webDir: options.webDir ?? './dist/web',
      allowSyntheticIds: true,
      publicUrl: options.publicUrl ?? null,
      oidcProviders: options.oidcProviders ?? [],
    },
    pseudonymKeys: TEST_PSEUDONYM_KEYS,
    rateLimit: options.rateLimit ?? false,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  await app.ready();
  return {
    app,
    db: handle.db,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

let userCounter = 0;

/** Creates a user with the roles and signs in; returns headers for later requests. */
export async function signIn(t: TestApp, roles: Role[], overrides: { districts?: string[]; units?: string[] } = {}) {
  userCounter += 1;
  const email = `user${userCounter}-${Date.now()}@test.oslo.kommune.no`;
  const password = 'correct horse battery staple';
  await createLocalUser(t.db, { email, password, displayName: `Test ${roles.join('+')} ${userCounter}`, roles, ...overrides });
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { email, password, headers: { cookie, 'x-csrf-token': csrfToken } };
}
