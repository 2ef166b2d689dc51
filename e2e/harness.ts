import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { adminQuery, dropDatabase, PG_ADMIN_URL, withDatabase } from '../test/databases.ts';
import { freePort, onCleanup, startServer } from '../test/server-process.ts';
import { E2E_ADMIN } from './run.ts';

/**
 * What every browser test needs: a server of its own on a database of its own, Debian's
 * Chromium, a page that records console errors, page errors and CSP violations, axe, and users
 * to sign in as.
 */

let serverUrl: string | null = null;

/** The address of this test file's server (startFileServer must have run). */
export function baseUrl(): string {
  if (!serverUrl) throw new Error('no server for this test file: call beforeAll(startFileServer) first');
  return serverUrl;
}

/**
 * Starts this test file's own server: the built web app on a fresh database copied from the run's
 * seeded template (a PGlite data directory or a PostgreSQL database, as the Vitest project says),
 * with the bootstrap administrator. Use as `beforeAll(startFileServer)`: Vitest runs the function
 * it returns after the file, which stops the server and removes the database. Cleanups also run
 * on SIGINT/SIGTERM, and global teardown removes what a crashed worker left.
 */
export async function startFileServer(): Promise<() => Promise<void>> {
  const run = inject('veiviserE2e');
  const env: NodeJS.ProcessEnv = {};
  // The worker's environment without Vitest's own variables and without a database choice of its own.
  for (const [key, value] of Object.entries(process.env)) if (!/^(VITEST|DATABASE_URL$|VEIVISER_)/.test(key)) env[key] = value;
  Object.assign(env, {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    VEIVISER_BOOTSTRAP_ADMIN_EMAIL: E2E_ADMIN.email,
    VEIVISER_BOOTSTRAP_ADMIN_PASSWORD: E2E_ADMIN.password,
    VEIVISER_ALLOW_SYNTHETIC_IDS: 'true',
    VEIVISER_PSEUDONYM_SECRET: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  let removeDatabase: () => Promise<void>;
  if (run.kind === 'pglite') {
    const dataDir = mkdtempSync(join(run.runDir, 'file-'));
    cpSync(run.template, dataDir, { recursive: true });
    env.VEIVISER_DATA_DIR = dataDir;
    removeDatabase = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const name = `${run.databasePrefix}${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name} template ${run.template}`);
    env.DATABASE_URL = withDatabase(PG_ADMIN_URL, name);
    removeDatabase = () => dropDatabase(name);
  }
  const forgetDatabase = onCleanup('the test file’s database', removeDatabase);
  let server;
  try {
    server = await startServer(env);
  } catch (error) {
    await forgetDatabase();
    throw error;
  }
  // Global teardown stops the server from this file if the worker dies before it can.
  const pidFile = join(run.runDir, `server-${server.pid}.pid`);
  writeFileSync(pidFile, '');
  serverUrl = server.url;
  adminSession = null;
  const started = server;
  return async () => {
    serverUrl = null;
    adminSession = null;
    await started.stop();
    rmSync(pidFile, { force: true });
    await forgetDatabase();
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless (Playwright's own browser download does not work here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export type TestPage = {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  problems: string[];
};

/** A new context and page (own cookies), recording every problem the browser reports. */
export async function newPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; reducedMotion?: boolean } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    ...(options.reducedMotion ? { reducedMotion: 'reduce' as const } : {}),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, context, problems };
}

/** Asserts axe finds no WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const lines = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(lines, `axe violations on ${what}`).toEqual([]);
}

/** The bootstrap administrator every test file's server has. */
export const ADMIN = E2E_ADMIN;

export type Session = { cookie: string; csrfToken: string };

let addresses = 0;

/**
 * A client address of its own for each simulated person. The server limits sign-ins per client
 * address and trusts X-Forwarded-For from loopback (its proxy), so each person signs in from their
 * own address, as real users do, and no test file uses up another's sign-in allowance.
 */
export function clientAddress(): string {
  addresses += 1;
  return `10.${process.pid % 250}.${Math.floor(addresses / 250) % 250}.${(addresses % 250) + 1}`;
}

/** Signs in through the API (outside the browser) and returns the cookie and CSRF token. */
export async function apiSignIn(user: { email: string; password: string }, from = clientAddress()): Promise<Session> {
  const response = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${user.email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Calls the API as a signed-in user; throws with the problem text on a non-2xx answer. */
export async function apiCall<T>(session: Session, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The administrator's API session, one per test file (its server's). */
let adminSession: Promise<Session> | null = null;
export const adminApi = (): Promise<Session> => (adminSession ??= apiSignIn(ADMIN));

let users = 0;

export type TestUser = { email: string; password: string; displayName: string };

/** Creates a local user with these roles (through the administrator's session). */
export async function createUser(
  roles: string[],
  scope: { districts?: string[]; units?: string[] } = {},
  displayName?: string,
): Promise<TestUser> {
  users += 1;
  const user = {
    email: `e2e-${process.pid}-${users}@e2e.oslo.kommune.no`,
    password: 'e2e-user-password-123',
    displayName: displayName ?? `E2E ${roles.join('+')} ${users}`,
  };
  await apiCall(await adminApi(), 'POST', '/api/admin/users', { ...user, roles, ...scope });
  return user;
}

/** Signs the browser context in from an address of its own (through the API, sharing the context's cookies). */
export async function signInPage(tp: TestPage, user: { email: string; password: string }): Promise<void> {
  await tp.context.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
  const response = await tp.context.request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
}

/** Browser problems other than Chromium's console note on an expected 4xx answer (401 before sign-in, 400 field errors, 409). */
export const unexpectedProblems = (problems: string[]) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(p));

/** The id of the element that has focus ('' when none). */
export const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Every public page, with a detail page and a print list of real seeded services ("kanyle" finds two). */
export async function publicPages(): Promise<[name: string, path: string][]> {
  const kanyle = (await (await fetch(`${baseUrl()}/api/services?q=kanyle`)).json()) as { items: { id: string; name: string }[] };
  const smittevern = kanyle.items.find((i) => i.name === 'Smittevernluken');
  if (!smittevern) throw new Error('the seeded catalog has no Smittevernluken');
  return [
    ['front page', '/'],
    ['search results', '/?q=kanyle'],
    ['service', `/tjenester/${smittevern.id}`],
    ['district map', '/bydeler'],
    ['coverage', '/dekning'],
    ['print list', `/utskrift?ids=${kanyle.items.map((i) => i.id).join(',')}`],
    ['helplines', '/hjelpetelefoner'],
    ['page not found', '/finnes-ikke'],
  ];
}

/** Waits until a page has its heading and nothing is loading any more. */
export async function pageReady(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector('.vv-loading, [aria-busy="true"]') &&
      ![...document.querySelectorAll('.vv-tile__count')].some((e) => e.textContent === '…'),
  );
}
