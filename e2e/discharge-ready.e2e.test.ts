import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNationalId } from '../test/national-ids.ts';
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
  type TestUser,
} from './harness.ts';

/*
 * A discharge-ready patient from the ward to the district: the hospital liaison notifies through
 * the form (a missing district named at its field first), the district sees the patient with the
 * day counters, which are fetched again every minute, answers that it cannot receive the patient
 * yet, and the evidence trail and the liaison's own list show it. Keyboard, 375 px, zero axe
 * violations, bokmål and English.
 */

beforeAll(startFileServer);

describe('discharge-ready patients', () => {
  let browser: Browser;
  let liaison: TestUser;
  let district: TestUser;
  beforeAll(async () => {
    browser = await launchBrowser();
    liaison = await createUser(['hospital_liaison'], {}, 'Sykehuskontakt Hansen');
    district = await createUser(['district_caseworker'], { districts: ['alna'] }, 'Saksbehandler Alna');
  });
  afterAll(async () => browser?.close());

  it('goes from the liaison’s notice to the district’s answer, with counters and the evidence trail', async () => {
    const tp = await newPage(browser);
    await signInPage(tp, liaison);
    const { page } = tp;
    await page.goto('/utskrivningsklare');
    await page.getByRole('heading', { level: 1, name: 'Mine meldinger om utskrivningsklare pasienter' }).waitFor();
    await pageReady(page);
    await page.getByRole('link', { name: 'Meld utskrivningsklar pasient' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meld utskrivningsklar pasient' }).waitFor();
    await pageReady(page);

    await page.getByLabel('Fødselsnummer eller D-nummer').fill(syntheticNationalId());
    await page.getByLabel('Fornavn').fill('Eli');
    await page.getByLabel('Etternavn').fill('Nettlesersen');
    await page.getByLabel('Sykehus').fill('Oslo universitetssykehus');
    await page.getByLabel('Avdeling').fill('Psykiatrisk akuttpost 2');
    await page.getByLabel('Hva trenger pasienten fra kommunen?').fill('Bolig med oppfølging.');
    // Submitted from the keyboard without a district: the error summary names it and takes focus.
    await page.getByLabel('Hva trenger pasienten fra kommunen?').focus();
    await page.keyboard.press('Tab'); // the checkbox
    await page.keyboard.press('Tab'); // the submit button
    await page.keyboard.press('Enter');
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await summary.textContent()).toContain('Bydel pasienten bor i');
    await expectNoAxeViolations(page, 'notify form with errors');

    await page.getByLabel('Bydel pasienten bor i').selectOption('alna');
    await page.getByRole('button', { name: 'Send melding' }).press('Enter');
    await page.getByText('Meldingen er sendt til bydelen.').waitFor();
    await pageReady(page);
    expect(await page.getByTestId('detail-status').textContent()).toBe('Venter på svar');
    await expectNoAxeViolations(page, 'notice sent');

    // The district sees the patient by name, with the counters, and fetches them again every minute.
    const dp = await newPage(browser);
    await dp.page.clock.install();
    await signInPage(dp, district);
    let listFetches = 0;
    dp.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/discharge-ready') listFetches += 1;
    });
    await dp.page.goto('/utskrivningsklare');
    await dp.page.getByRole('heading', { level: 1, name: 'Utskrivningsklare pasienter' }).waitFor();
    await pageReady(dp.page);
    const row = dp.page.locator('tr', { hasText: 'Eli Nettlesersen' });
    await row.waitFor();
    expect(await row.getByTestId('status').textContent()).toBe('Venter på svar');
    expect(await row.getByTestId('payment-days').textContent()).toBe('0');
    await expectNoAxeViolations(dp.page, 'district list');
    const before = listFetches;
    await dp.page.clock.runFor(61_000);
    await expect.poll(() => listFetches).toBeGreaterThan(before);

    // The answer, by keyboard: cannot receive yet, with the reason.
    await row.getByRole('link', { name: /Detaljer om Eli Nettlesersen/ }).click();
    await dp.page.getByRole('heading', { level: 1, name: 'Utskrivningsklar pasient' }).waitFor();
    await pageReady(dp.page);
    await dp.page.getByLabel('Nei, vi kan ikke ta imot nå').check();
    await dp.page.getByLabel('Hvorfor ikke?').fill('Ingen ledig bolig med oppfølging før neste uke.');
    await dp.page.getByRole('button', { name: 'Send svar' }).press('Enter');
    await dp.page.getByText('Svaret er lagret.').waitFor();
    expect(await dp.page.getByTestId('detail-status').textContent()).toBe(
      'Kan ikke ta imot: Ingen ledig bolig med oppfølging før neste uke.',
    );
    expect(await dp.page.getByTestId('detail-payment-days').textContent()).toMatch(/^1 \(Betaling fra og med /);
    const evidence = dp.page.getByTestId('evidence').locator('tbody tr');
    await expect.poll(() => evidence.count()).toBe(2);
    expect(await evidence.nth(0).textContent()).toContain('Meldt utskrivningsklar');
    expect(await evidence.nth(1).textContent()).toContain('Bydelen svarte: Kan ikke ta imot');
    await expectNoAxeViolations(dp.page, 'answered notice with evidence');

    // The liaison's own list shows the answer; the liaison sees no person data.
    await page.goto('/utskrivningsklare');
    await pageReady(page);
    const own = page.locator('tr', { hasText: 'Psykiatrisk akuttpost 2' }).first();
    expect(await own.getByTestId('status').textContent()).toBe('Kan ikke ta imot');
    expect(await own.locator('th').textContent()).toBe('Skjult (ikke din bydel)');
    expect(unexpectedProblems(tp.problems)).toEqual([]);
    expect(unexpectedProblems(dp.problems)).toEqual([]);
  });

  it('fits a phone and speaks English: the list scrolls in its own region, zero axe violations', async () => {
    const session = await apiSignIn(liaison);
    await apiCall(session, 'POST', '/api/discharge-ready', {
      nationalId: syntheticNationalId(),
      givenName: 'Phone',
      familyName: 'Patient',
      hospital: 'Diakonhjemmet sykehus',
      ward: 'Post 3',
      readyAt: new Date(Date.now() - 60_000).toISOString(),
      district: 'alna',
      needs: 'Home nursing.',
    });
    const tp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(tp, district);
    await tp.page.goto('/utskrivningsklare?lang=en');
    await tp.page.getByRole('heading', { level: 1, name: 'Discharge-ready patients' }).waitFor();
    await pageReady(tp.page);
    await tp.page.locator('tr', { hasText: 'Phone Patient' }).waitFor();
    expect(await tp.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await tp.page.getByRole('region', { name: 'Notices, newest first' }).focus();
    await expectNoAxeViolations(tp.page, 'district list at 375 px, English');
    await tp.page.goto('/utskrivningsklare/ny?lang=en');
    await tp.page.getByText('Your account has no access to discharge-ready patients.', { exact: false }).waitFor();

    // The liaison's form on a phone, in English.
    const lp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(lp, liaison);
    await lp.page.goto('/utskrivningsklare/ny?lang=en');
    await lp.page.getByRole('heading', { level: 1, name: 'Notify a discharge-ready patient' }).waitFor();
    await pageReady(lp.page);
    expect(await lp.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(lp.page, 'notify form at 375 px, English');
  });
});
