import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  apiSignIn,
  createUser,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  pageReady,
  signInPage,
  startFileServer,
  unexpectedProblems,
} from './harness.ts';

/*
 * The capacity board as common intake uses it on a busy evening: every open unit's places, a
 * block made elsewhere showing without a reload, readable at 375 px, zero axe violations; and a
 * role without the permission gets the no-access page.
 */

beforeAll(startFileServer);

const until = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

describe('capacity board', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('shows each open unit and updates a unit live when places are blocked elsewhere', async () => {
    const user = await createUser(['common_intake']);
    const tp = await newPage(browser);
    await signInPage(tp, user);
    const { page, problems } = tp;
    await page.goto('/inntak');
    await page.getByRole('heading', { level: 1, name: 'Ledige plasser' }).waitFor();
    await pageReady(page);
    const row = page.locator('tr[data-unit="gatehospitalet"]');
    await expect.poll(() => row.getByTestId('free').textContent()).toBe('22');
    expect(await page.locator('tr[data-unit="haugenstua-ressurssenter"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('capacity-live').textContent()).toBe('Oppdateres fortløpende.');
    await expectNoAxeViolations(page, 'capacity board');

    const session = await apiSignIn(user);
    await apiCall(session, 'POST', '/api/capacity/units/gatehospitalet/blocks', { places: 2, reason: 'Bemanning', until: until() });
    await expect.poll(() => row.getByTestId('free').textContent(), { timeout: 10_000 }).toBe('20');
    expect(await row.locator('td').nth(4).textContent()).toBe('2');
    expect(unexpectedProblems(problems)).toEqual([]);
  });

  it('fits a phone: the table scrolls inside its own region, not the page', async () => {
    const user = await createUser(['institution_staff'], { units: ['gatehospitalet'] });
    const tp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(tp, user);
    await tp.page.goto('/inntak');
    await tp.page.getByRole('heading', { level: 1, name: 'Ledige plasser' }).waitFor();
    await pageReady(tp.page);
    expect(await tp.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await tp.page.getByRole('region', { name: 'Plasser per enhet' }).focus();
    await expectNoAxeViolations(tp.page, 'capacity board at 375 px');
  });

  it('tells a role without the permission that it has no access', async () => {
    const user = await createUser(['hospital_liaison']);
    const tp = await newPage(browser);
    await signInPage(tp, user);
    await tp.page.goto('/inntak');
    await tp.page.getByText('Brukeren din har ikke tilgang til kapasitetsoversikten.', { exact: false }).waitFor();
    await expectNoAxeViolations(tp.page, 'capacity board, no access');
  });
});
