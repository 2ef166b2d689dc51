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
  type Session,
} from './harness.ts';

/*
 * Transitions out of a stay as staff do them: institution staff discharge a resident at once
 * (violence), the re-placement task appears for common intake, who take it and close it; and a
 * former resident's user-controlled stay asked for on their behalf. Keyboard, 375 px, axe.
 */

beforeAll(startFileServer);

const newPerson = async (session: Session) =>
  (
    await apiCall<{ id: string }>(session, 'POST', '/api/persons', {
      nationalId: syntheticNationalId(),
      givenName: 'E2E',
      familyName: 'Overgang',
      district: 'alna',
    })
  ).id;

describe('intake transitions', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('discharges a resident at once from the unit’s residents; common intake takes the new task and closes it', async () => {
    const coordinator = await createUser(['common_intake'], {}, 'Kari Koordinator');
    const staff = await createUser(['institution_staff'], { units: ['gatehospitalet'] });
    const api = await apiSignIn(coordinator);
    const person = await newPerson(api);
    const stay = await apiCall<{ id: string }>(api, 'POST', '/api/intake/stays', { unitId: 'gatehospitalet', personId: person });

    const tp = await newPage(browser);
    await signInPage(tp, staff);
    const { page } = tp;
    await page.goto('/inntak/beboere?enhet=gatehospitalet');
    await page.getByRole('heading', { level: 1, name: 'Beboere' }).waitFor();
    await pageReady(page);
    const row = page.locator(`tr[data-stay="${stay.id}"]`);
    await row.waitFor();
    await expectNoAxeViolations(page, 'residents');
    await row.getByRole('link', { name: /Avslutt umiddelbart/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Avslutt oppholdet umiddelbart' }).waitFor();
    await page.getByLabel('Beskrivelse av hendelsen').fill('Slo en ansatt under kveldsmaten.');
    await expectNoAxeViolations(page, 'immediate discharge form');
    await page.getByRole('button', { name: 'Avslutt umiddelbart …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Avslutte oppholdet nå?' });
    await dialog.waitFor();
    // Focus starts on the safe choice; the keyboard reaches the confirm button.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('id-confirm-cancel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Oppholdet er avsluttet.', { exact: false }).waitFor();
    expect(unexpectedProblems(tp.problems)).toEqual([]);

    const cp = await newPage(browser);
    await signInPage(cp, coordinator);
    await cp.page.goto('/inntak/oppgaver');
    await cp.page.getByRole('heading', { level: 1, name: 'Oppgaver: ny plass etter utskrivning' }).waitFor();
    await pageReady(cp.page);
    await expect.poll(() => cp.page.getByTestId('bucket-under_24h').textContent()).toBe('1');
    await expectNoAxeViolations(cp.page, 'tasks overview');
    await cp.page.getByRole('link', { name: 'Gatehospitalet' }).click();
    await cp.page.getByRole('heading', { level: 1, name: 'Oppgave: ny plass' }).waitFor();
    await pageReady(cp.page);
    await cp.page.getByText('Slo en ansatt under kveldsmaten.').waitFor();
    await cp.page.getByRole('button', { name: 'Ta oppgaven' }).click();
    await cp.page.getByText('Oppgaven er din.').waitFor();
    expect(await cp.page.getByTestId('task-owner').textContent()).toBe('Kari Koordinator');
    await cp.page.getByLabel('Utfall').selectOption('placed');
    await cp.page.getByLabel('Merknad (valgfritt)').fill('Fått plass ved et omsorgssenter.');
    await cp.page.getByRole('button', { name: 'Lukk oppgaven' }).click();
    await cp.page.getByText('Oppgaven er lukket.').waitFor();
    expect(await cp.page.getByTestId('task-status').textContent()).toBe('Lukket: Fått ny plass');
    await expectNoAxeViolations(cp.page, 'task closed');
    expect(unexpectedProblems(cp.problems)).toEqual([]);
  });

  it('makes a user-controlled place agreement, refuses a too-long stay at the field, and grants one within it', async () => {
    const staff = await createUser(['institution_staff'], { units: ['kommunale-ressurssentre'] });
    const coordinator = await createUser(['common_intake']);
    const person = await newPerson(await apiSignIn(coordinator));
    const tp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInPage(tp, staff);
    const { page } = tp;
    await page.goto('/inntak/brukerstyrt/ny');
    await page.getByRole('heading', { level: 1, name: 'Ny avtale om brukerstyrt plass' }).waitFor();
    await pageReady(page);
    await page.getByLabel('Person (pseudonym-ID)').fill(person);
    await expect.poll(() => page.getByLabel('Enhet').inputValue()).toBe('kommunale-ressurssentre');
    await expectNoAxeViolations(page, 'new agreement at 375 px');
    await page.getByRole('button', { name: 'Lagre avtalen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Be om opphold' }).waitFor();
    await page.getByText('3 netter per opphold', { exact: false }).waitFor();

    const to = await page.getByLabel('Utreisedag').inputValue();
    const far = new Date(Date.parse(`${to}T12:00:00Z`) + 4 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Utreisedag').fill(far);
    await page.getByRole('button', { name: 'Be om opphold' }).click();
    await page.getByText('5 nights is more', { exact: false }).first().waitFor();
    expect(await page.getByLabel('Utreisedag').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Utreisedag').fill(to);
    await page.getByRole('button', { name: 'Be om opphold' }).click();
    await page.getByText('Oppholdet er innvilget.', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(page, 'stay granted at 375 px');

    await page.goto('/inntak/brukerstyrt');
    await page.locator('tr[data-agreement]').first().waitFor();
    expect(await page.locator('tr[data-agreement]').count()).toBe(1);
    expect(unexpectedProblems(tp.problems)).toEqual([]);
  });
});
