import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { E2E_ADMIN } from './global-setup.ts';

/**
 * What every browser test needs: the server global-setup started, Debian's Chromium, a page that
 * records console errors, page errors and CSP violations, axe, and users to sign in as.
 */
export const BASE_URL = process.env.VEIVISER_E2E_URL ?? '';

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
  if (!BASE_URL) throw new Error('VEIVISER_E2E_URL is not set: run through vitest.e2e.config.ts');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export type TestPage = {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  problems: string[];
};

/** A new context and page (own cookies), recording every problem the browser reports. */
export async function newPage(browser: Browser, options: { viewport?: { width: number; height: number }; reducedMotion?: boolean } = {}): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
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

/** The bootstrap administrator global-setup created. */
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
  const response = await fetch(`${BASE_URL}/api/auth/login`, {
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
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The administrator's API session, one per test worker. */
let adminSession: Promise<Session> | null = null;
export const adminApi = (): Promise<Session> => (adminSession ??= apiSignIn(ADMIN));

let users = 0;

export type TestUser = { email: string; password: string; displayName: string };

/** Creates a local user with these roles (through the administrator's session). */
export async function createUser(roles: string[], scope: { districts?: string[]; units?: string[] } = {}, displayName?: string): Promise<TestUser> {
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
  const kanyle = (await (await fetch(`${BASE_URL}/api/services?q=kanyle`)).json()) as { items: { id: string; name: string }[] };
  const smittevern = kanyle.items.find((i) => i.name === 'Smittevernluken');
  if (!smittevern) throw new Error('the seeded catalog has no Smittevernluken');
  return [
    ['front page', '/'],
    ['search results', '/?q=kanyle'],
    ['service', `/tjenester/${smittevern.id}`],
    ['district map', '/bydeler'],
    ['coverage', '/dekning'],
    ['print list', `/utskrift?ids=${kanyle.items.map((i) => i.id).join(',')}`],
    ['page not found', '/finnes-ikke'],
  ];
}

/** Waits until a page has its heading and nothing is loading any more. */
export async function pageReady(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(
    () => !document.querySelector('.vv-loading, [aria-busy="true"]') && ![...document.querySelectorAll('.vv-tile__count')].some((e) => e.textContent === '…'),
  );
}
