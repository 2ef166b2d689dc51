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
  startFileServer,
  unexpectedProblems,
  type TestPage,
} from './harness.ts';

/*
 * The whole path through one door, in the browser, by the three roles who walk it: the district
 * records a decision and sends it; common intake receives it and offers a place; the district
 * accepts; common intake admits; institution staff discharge the resident at once (violence: an
 * incident and a bar); common intake finds the re-placement task, follows it to the request — back
 * on the waiting list, the decision standing — sees the unit it came from barred, and offers a
 * place at another unit. Zero axe violations on every page. Then quality of life, by keyboard.
 */

beforeAll(startFileServer);

const FIRST = 'ideelle-utredning-rusfri';
const FIRST_NAME = 'Ideelle utrednings- og videreformidlingsenheter, rusfri';
const SECOND = 'ideelle-utredning-aktiv-rus';

describe('intake, the whole path', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  const status = (page: Page) => page.getByTestId('request-status').textContent();
  const open = async (page: Page, path: string, heading: string, level = 1) => {
    await page.goto(path);
    await page.getByRole('heading', { level, name: heading }).waitFor();
    await pageReady(page);
  };

  it('decision → offer → admission → immediate discharge → re-placement task → a new offer at another unit', async () => {
    const caseworkerUser = await createUser(['district_caseworker'], { districts: ['alna'] }, 'Siri Saksbehandler');
    const intakeUser = await createUser(['common_intake'], {}, 'Ida Inntak');
    const staffUser = await createUser(['institution_staff'], { units: [FIRST] }, 'Per Miljøarbeider');
    const caseworkerApi = await apiSignIn(caseworkerUser);
    const person = await apiCall<{ id: string }>(caseworkerApi, 'POST', '/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'Kari',
      familyName: 'Helevei',
      district: 'alna',
    });

    // The district: the decision, sent.
    const district: TestPage = await newPage(browser);
    await signInPage(district, caseworkerUser);
    const d = district.page;
    await open(d, '/inntak/foresporsler/ny', 'Nytt vedtak');
    await d.getByLabel('Person', { exact: false }).first().selectOption(person.id);
    await d.getByLabel('Tjenestekategori').selectOption('assessment');
    await d.getByLabel('Rus', { exact: false }).first().selectOption('either');
    await d.getByLabel('Kjønn').selectOption('woman');
    await d.getByLabel('Hastegrad').selectOption('high');
    await expectNoAxeViolations(d, 'decision form');
    await d.getByRole('button', { name: 'Send til Felles inntak' }).click();
    await d.getByText('Vedtaket er sendt til Felles inntak.').waitFor();
    await expect.poll(() => status(d)).toBe('Sendt');
    const requestUrl = new URL(d.url()).pathname;
    const requestId = requestUrl.split('/').pop()!;
    await expectNoAxeViolations(d, 'request sent');

    // Common intake: received, offered at the first unit.
    const intake: TestPage = await newPage(browser);
    await signInPage(intake, intakeUser);
    const c = intake.page;
    await open(c, '/inntak/venteliste', 'Venteliste');
    await expectNoAxeViolations(c, 'waiting list');
    await c.locator(`a[href$="${requestUrl}"]`).click();
    await c.getByRole('heading', { level: 2, name: 'Passende enheter' }).waitFor();
    await c.getByRole('button', { name: 'Marker som mottatt' }).click();
    await expect.poll(() => status(c)).toBe('Mottatt');
    await c.locator(`tr[data-match="${FIRST}"]`).waitFor();
    await expectNoAxeViolations(c, 'request received, with matches');
    await c.getByRole('combobox', { name: /Enhet/ }).selectOption(FIRST);
    await c.getByRole('button', { name: 'Tilby plass' }).click();
    await expect.poll(() => status(c)).toBe('Tilbudt plass');
    await expectNoAxeViolations(c, 'request offered');

    // The district accepts; common intake admits.
    await expect.poll(() => status(d), { timeout: 10_000 }).toBe('Tilbudt plass');
    await d.getByRole('button', { name: 'Personen takker ja' }).click();
    await expect.poll(() => status(d)).toBe('Tilbud akseptert');
    await expectNoAxeViolations(d, 'offer accepted');
    await expect.poll(() => status(c), { timeout: 10_000 }).toBe('Tilbud akseptert');
    await c.getByRole('button', { name: 'Skriv inn' }).click();
    await expect.poll(() => status(c)).toBe('Innskrevet');
    await expectNoAxeViolations(c, 'request admitted');
    const { stayId } = await apiCall<{ stayId: string }>(await apiSignIn(intakeUser), 'GET', `/api/intake/requests/${requestId}`);

    // Institution staff: the resident discharged at once for violence.
    const staff: TestPage = await newPage(browser);
    await signInPage(staff, staffUser);
    const s = staff.page;
    await open(s, `/inntak/beboere?enhet=${FIRST}`, 'Beboere');
    const row = s.locator(`tr[data-stay="${stayId}"]`);
    await row.waitFor();
    await expectNoAxeViolations(s, 'residents');
    await row.getByRole('link', { name: /Avslutt umiddelbart/ }).click();
    await s.getByRole('heading', { level: 1, name: 'Avslutt oppholdet umiddelbart' }).waitFor();
    await s.getByLabel('Beskrivelse av hendelsen').fill('Slo en annen beboer under kveldsmaten.');
    await expectNoAxeViolations(s, 'immediate discharge form');
    await s.getByRole('button', { name: 'Avslutt umiddelbart …' }).click();
    await s.getByRole('dialog', { name: 'Avslutte oppholdet nå?' }).waitFor();
    await expectNoAxeViolations(s, 'confirmation dialog');
    await s.getByRole('button', { name: 'Ja, avslutt oppholdet' }).click();
    await s.getByText('Oppholdet er avsluttet.', { exact: false }).waitFor();
    await expectNoAxeViolations(s, 'discharged');

    // Common intake: the task, then the request it links, back on the waiting list.
    await open(c, '/inntak/oppgaver', 'Oppgaver: ny plass etter utskrivning');
    await expectNoAxeViolations(c, 'tasks');
    await c.getByRole('link', { name: FIRST_NAME }).first().click();
    await c.getByRole('heading', { level: 1, name: 'Oppgave: ny plass' }).waitFor();
    await pageReady(c);
    await c.getByText('Slo en annen beboer under kveldsmaten.').waitFor();
    await expectNoAxeViolations(c, 'task');
    await c.getByRole('link', { name: 'Tilby ny plass fra forespørselen' }).click();
    await c.getByRole('heading', { level: 2, name: 'Passende enheter' }).waitFor();
    await pageReady(c);
    await expect.poll(() => status(c)).toBe('Mottatt');
    expect(await c.getByTestId('request-history').locator('li').last().textContent()).toMatch(/Immediate discharge|umiddelbart/i);
    // The unit the person was discharged from is barred: not among the suitable ones.
    expect(await c.locator(`tr[data-match="${FIRST}"]`).count()).toBe(0);
    await c.locator(`tr[data-match="${SECOND}"]`).waitFor();
    await expectNoAxeViolations(c, 'request back on the waiting list');
    await c.getByRole('combobox', { name: /Enhet/ }).selectOption(SECOND);
    await c.getByRole('button', { name: 'Tilby plass' }).click();
    await expect.poll(() => status(c)).toBe('Tilbudt plass');
    expect(await c.getByTestId('request-offer').textContent()).toContain('aktiv rus');
    await expectNoAxeViolations(c, 'new offer at another unit');

    // The district sees the same.
    await expect.poll(() => status(d), { timeout: 10_000 }).toBe('Tilbudt plass');
    await expectNoAxeViolations(d, 'new offer, district');
    for (const tp of [district, intake, staff]) expect(unexpectedProblems(tp.problems)).toEqual([]);
  }, 240_000); // three sessions and fifteen axe runs: about a minute alone, more on a shared machine

  it('records quality of life by keyboard: 1–7 in the district, 1–5 at the institution, and shows each side its own answers', async () => {
    const caseworkerUser = await createUser(['district_caseworker'], { districts: ['alna'] });
    const staffUser = await createUser(['institution_staff'], { units: [FIRST] });
    const person = await apiCall<{ id: string }>(await apiSignIn(caseworkerUser), 'POST', '/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'Ola',
      familyName: 'Livskvalitet',
      district: 'alna',
    });

    const district: TestPage = await newPage(browser);
    await signInPage(district, caseworkerUser);
    const d = district.page;
    await open(d, '/inntak/livskvalitet', 'Livskvalitet');
    await expectNoAxeViolations(d, 'quality of life, empty');
    await d.getByLabel('Person (pseudonym-ID)').fill(person.id);
    await d.keyboard.press('Enter');
    await d.getByText('Ingen svar registrert i bydelene eller enhetene dine.').waitFor();
    expect(await d.locator('input[name="qol-score"]').count()).toBe(8); // 1–7 and "did not want to answer"
    // Saving with no answer chosen says so at the scale, and saves nothing.
    await d.getByRole('button', { name: 'Lagre svaret' }).click();
    await d.getByText('Velg et svar, eller «Ville ikke svare».').waitFor();
    await expectNoAxeViolations(d, 'quality of life, no answer chosen');
    // Keyboard only: focus is on the first answer; arrows move along the scale; Tab reaches the button.
    await expect.poll(() => d.evaluate(() => document.activeElement?.id)).toBe('qol-score-1');
    await d.keyboard.press('Space');
    for (let i = 0; i < 5; i += 1) await d.keyboard.press('ArrowRight');
    expect(await d.locator('#qol-score-6').isChecked()).toBe(true);
    await d.keyboard.press('Tab');
    expect(await d.evaluate(() => document.activeElement?.textContent)).toBe('Lagre svaret');
    await d.keyboard.press('Enter');
    await d.getByText('Svaret er lagret.').waitFor();
    await d.getByRole('cell', { name: '6 av 7' }).waitFor();
    await expectNoAxeViolations(d, 'quality of life, saved');

    const staff: TestPage = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(staff, staffUser);
    const s = staff.page;
    await open(s, `/inntak/livskvalitet?person=${person.id}`, 'Livskvalitet');
    await s.getByText('Ingen svar registrert i bydelene eller enhetene dine.').waitFor();
    expect(await s.locator('input[name="qol-score"]').count()).toBe(6); // 1–5 and declined
    await s.getByLabel('Ville ikke svare').check();
    await s.getByRole('button', { name: 'Lagre svaret' }).click();
    await s.getByText('Svaret er lagret.').waitFor();
    await s.getByRole('cell', { name: 'Ville ikke svare' }).waitFor();
    expect(await s.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(s, 'quality of life at the institution, 375 px');

    // English too.
    await s.goto(`/inntak/livskvalitet?person=${person.id}&lang=en`);
    await s.getByRole('heading', { level: 1, name: 'Quality of life' }).waitFor();
    await s.getByRole('cell', { name: 'Did not want to answer' }).waitFor();
    await expectNoAxeViolations(s, 'quality of life in English');
    for (const tp of [district, staff]) expect(unexpectedProblems(tp.problems)).toEqual([]);
  }, 180_000);
});
