import type { Browser, Page } from 'playwright-core';
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
  unexpectedProblems,
  startFileServer,
  type TestPage,
} from './harness.ts';

/*
 * One door in, both sides: a district caseworker records a decision and sends it; common intake
 * finds it on the waiting list, opens the ranked matches and offers a place; the board shows the
 * hold; the district answers yes; common intake admits from the request; both see "admitted" and
 * the same history. Zero axe violations on every page on the way, and the queue at 375 px.
 */

beforeAll(startFileServer);

const UNIT = 'ideelle-utredning-rusfri';

describe('intake requests', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  const status = (page: Page) => page.getByTestId('request-status').textContent();

  it('takes a decision from the district to an admission, with the hold on the board and the history on both sides', async () => {
    const caseworkerUser = await createUser(['district_caseworker'], { districts: ['alna'] }, 'Siri Saksbehandler');
    const intakeUser = await createUser(['common_intake'], {}, 'Ida Inntak');
    const person = await apiCall<{ id: string }>(await apiSignIn(caseworkerUser), 'POST', '/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'Kari',
      familyName: 'Nordmann',
      district: 'alna',
    });

    // The district: a new decision, sent.
    const district: TestPage = await newPage(browser);
    await signInPage(district, caseworkerUser);
    const d = district.page;
    await d.goto('/inntak/foresporsler/ny');
    await d.getByRole('heading', { level: 1, name: 'Nytt vedtak' }).waitFor();
    await pageReady(d);
    await expectNoAxeViolations(d, 'new decision');
    await d.getByLabel('Person', { exact: false }).first().selectOption(person.id);
    await d.getByLabel('Tjenestekategori').selectOption('assessment');
    await d.getByLabel('Rus', { exact: false }).first().selectOption('drug_free');
    await d.getByLabel('Kjønn').selectOption('woman');
    await d.getByLabel('Alder (valgfritt)').fill('34');
    await d.getByLabel('Hastegrad').selectOption('high');
    await d.getByRole('button', { name: 'Send til Felles inntak' }).click();
    await d.getByText('Vedtaket er sendt til Felles inntak.').waitFor();
    await expect.poll(() => status(d)).toBe('Sendt');
    const requestUrl = new URL(d.url()).pathname;
    await expectNoAxeViolations(d, 'request as sent');

    // Common intake: the waiting list, the request, receive, matches, offer.
    const intake: TestPage = await newPage(browser);
    await signInPage(intake, intakeUser);
    const c = intake.page;
    await c.goto('/inntak/venteliste');
    await c.getByRole('heading', { level: 1, name: 'Venteliste' }).waitFor();
    await pageReady(c);
    await expectNoAxeViolations(c, 'waiting list');
    await c.locator(`a[href$="${requestUrl}"]`).click();
    await c.getByRole('heading', { level: 2, name: 'Passende enheter' }).waitFor();
    await c.getByRole('button', { name: 'Marker som mottatt' }).click();
    await expect.poll(() => status(c)).toBe('Mottatt');
    const best = c.locator(`tr[data-match="${UNIT}"]`);
    await best.waitFor();
    expect(await best.textContent()).toContain('ledige plasser nå');
    await expectNoAxeViolations(c, 'request with matches');
    await c.getByRole('combobox', { name: /Enhet/ }).selectOption(UNIT);
    await c.getByRole('button', { name: 'Tilby plass' }).click();
    await expect.poll(() => status(c)).toBe('Tilbudt plass');
    expect(await c.getByTestId('request-offer').textContent()).toMatch(/holdes til/);

    // The board shows the hold.
    await c.goto('/inntak');
    await c.getByRole('heading', { level: 1, name: 'Ledige plasser' }).waitFor();
    const row = c.locator(`tr[data-unit="${UNIT}"]`);
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('1');

    // The district sees the offer live and accepts it.
    await expect.poll(() => status(d), { timeout: 10_000 }).toBe('Tilbudt plass');
    await d.getByRole('button', { name: 'Personen takker ja' }).click();
    await expect.poll(() => status(d)).toBe('Tilbud akseptert');

    // Common intake admits from the request.
    await c.goto(requestUrl);
    await expect.poll(() => status(c)).toBe('Tilbud akseptert');
    await c.getByRole('button', { name: 'Skriv inn' }).click();
    await expect.poll(() => status(c)).toBe('Innskrevet');

    // Both see "admitted" and the same history.
    await expect.poll(() => status(d), { timeout: 10_000 }).toBe('Innskrevet');
    const history = async (page: Page) =>
      (await page.getByTestId('request-history').locator('li').allTextContents()).map((t) => t.split(' – ')[0]);
    const steps = ['Sendt', 'Mottatt', 'Tilbudt plass', 'Tilbud akseptert', 'Innskrevet'];
    expect(await history(d)).toEqual(steps);
    expect(await history(c)).toEqual(steps);
    await expectNoAxeViolations(d, 'admitted request, district');
    await expectNoAxeViolations(c, 'admitted request, common intake');
    expect(unexpectedProblems(district.problems)).toEqual([]);
    expect(unexpectedProblems(intake.problems)).toEqual([]);
  });

  it('shows the district a live notice when a place that suits its waiting request frees; marked read by keyboard', async () => {
    const caseworkerUser = await createUser(['district_caseworker'], { districts: ['alna'] });
    const intakeUser = await createUser(['common_intake']);
    const caseworker = await apiSignIn(caseworkerUser);
    const person = await apiCall<{ id: string }>(caseworker, 'POST', '/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'Ola',
      familyName: 'Venter',
      district: 'alna',
    });
    await apiCall(caseworker, 'POST', '/api/intake/requests', {
      personId: person.id,
      category: 'resource_centre',
      period: { from: new Date().toISOString().slice(0, 10) },
      needs: { substance: 'drug_free', somaticCare: false },
      urgency: 'acute',
    });
    const tp = await newPage(browser);
    await signInPage(tp, caseworkerUser);
    await tp.page.goto('/inntak/varsler');
    await tp.page.getByRole('heading', { level: 1, name: 'Varsler' }).waitFor();
    await pageReady(tp.page);
    await tp.page.getByText('Ingen varsler.').waitFor();

    const intake = await apiSignIn(intakeUser);
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const block = await apiCall<{ id: string }>(intake, 'POST', '/api/capacity/units/ideelle-ressurssentre/blocks', {
      places: 1,
      reason: 'Maling',
      until,
    });
    await apiCall(intake, 'POST', `/api/capacity/blocks/${block.id}/end`);
    const notice = tp.page.locator('li[data-notice]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toMatch(/Ny .*En plass er ledig ved/);
    await expectNoAxeViolations(tp.page, 'notices');
    await notice.getByRole('button', { name: 'Marker som lest' }).focus();
    await tp.page.keyboard.press('Enter');
    await expect.poll(() => notice.textContent()).toMatch(/^Lest/);
    expect(unexpectedProblems(tp.problems)).toEqual([]);
  });

  it('fits a phone: the requests and the notices at 375 px, with no page-wide scrolling', async () => {
    const user = await createUser(['district_caseworker'], { districts: ['alna'] });
    const tp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(tp, user);
    for (const [path, heading] of [
      ['/inntak/foresporsler', 'Forespørsler om plass'],
      ['/inntak/varsler', 'Varsler'],
      ['/inntak/foresporsler/ny', 'Nytt vedtak'],
    ] as const) {
      await tp.page.goto(path);
      await tp.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await pageReady(tp.page);
      expect(await tp.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await expectNoAxeViolations(tp.page, `${path} at 375 px`);
    }
  });
});
