import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  apiSignIn,
  createUser,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  signInPage,
  startFileServer,
  unexpectedProblems,
} from './harness.ts';

/*
 * Honest public pages: open status on cards and on the detail page, "Slik får du tilbudet", an
 * entry with no way to reach it saying so once, planning terms behind "For fagfolk", English
 * pages saying when a description is only in Norwegian, the unknown-hours note on time filters,
 * and an agreement that is not an offer being found nowhere public. Axe and 375 px throughout.
 */

type Session = Awaited<ReturnType<typeof apiSignIn>>;
const PHONE = { width: 375, height: 800 };
const token = `sjøstjerne${process.pid}`;

const base = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Et tilbud som nettlesertestene av de offentlige sidene lager (${token}).`,
  kind: 'drop_in_meeting_place',
  ladderStep: 2,
  hovedforlop: [1],
  cityWide: true,
  ...extra,
});
const weekdays = (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((byday) => ({ byday, opensAt: '08:00', closesAt: '16:00' }));

async function search(page: Page, query: string): Promise<void> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/services');
  await page.goto(query);
  await response;
  await page.locator('section.vv-results:not([aria-busy])').waitFor();
}

const card = (page: Page, name: string) => page.locator('.vv-result', { has: page.getByRole('heading', { level: 3, name, exact: true }) });

beforeAll(startFileServer);

describe('honest public pages', () => {
  let browser: Browser;
  let editor: Session;
  let office: { id: string; name: string };
  let always: { id: string; name: string };
  let unknown: { id: string; name: string };
  let contract: { id: string; name: string };
  let editorUser: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    browser = await launchBrowser();
    editorUser = await createUser(['catalog_editor']);
    editor = await apiSignIn(editorUser);
    office = await apiCall(editor, 'POST', '/api/services', {
      ...base(`Dagsenteret ${token}`, { access: 'drop_in', phone: '22 11 22 11' }),
      descriptionEn: `A drop-in day centre made by the browser tests (${token}).`,
      openingHours: { rules: weekdays },
      location: { address1: 'Testveien 2', postalCode: '0150', city: 'Oslo' },
    });
    always = await apiCall(
      editor,
      'POST',
      '/api/services',
      base(`Nattkafeen ${token}`, { access: 'drop_in', openingHours: { is24_7: true } }),
    );
    unknown = await apiCall(editor, 'POST', '/api/services', base(`Uten tider ${token}`, { kind: 'ambulant_team', access: 'decision' }));
    contract = await apiCall(
      editor,
      'POST',
      '/api/services',
      base(`Rammeavtale ${token}`, { arrangement: 'framework_agreement', openingHours: { rules: weekdays } }),
    );
  });
  afterAll(async () => browser?.close());

  it('shows the open status on every card, and counts what a time filter leaves out for unknown hours', async () => {
    const { page, problems } = await newPage(browser);
    await search(page, `/?q=${token}`);
    expect(await page.locator('.vv-result').count()).toBe(3); // the agreement is not an offer
    expect(await card(page, office.name).locator('.vv-open-status').innerText()).toMatch(
      /^(Åpent nå · stenger 16:00|Stengt · åpner (i morgen |mandag |tirsdag |onsdag |torsdag |fredag )?08:00)$/,
    );
    expect(await card(page, always.name).locator('.vv-open-status').innerText()).toBe('Døgnåpent');
    expect(await card(page, unknown.name).locator('.vv-open-status').innerText()).toBe('Åpningstider ikke oppgitt');
    await expectNoAxeViolations(page, 'search results with open status');

    await search(page, `/?q=${token}&weekends=true`);
    expect(await page.locator('.vv-unknown-hours').innerText()).toBe(
      '1 tilbud har ikke oppgitt åpningstider, og er derfor ikke med når du velger åpningstid.',
    );
    expect(problems).toEqual([]);
  });

  it('tells how to get the service and keeps planning terms behind "For fagfolk", reachable by keyboard', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`/tjenester/${office.id}`);
    await page.getByRole('heading', { level: 1, name: office.name }).waitFor();
    expect(await page.locator('.vv-service__tags .vv-open-status').innerText()).toMatch(/^(Åpent nå|Stengt) · /);
    const howTo = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Slik får du tilbudet' }) });
    expect(await howTo.locator('.vv-howto__lead').innerText()).toBe(
      'Du trenger ikke henvisning eller avtale. Du kan møte opp i åpningstiden.',
    );
    expect(await howTo.innerText()).toContain('Har du spørsmål, kan du ringe 22 11 22 11.');

    const professional = page.locator('details.vv-professional');
    expect(await professional.getAttribute('open')).toBeNull();
    expect(await page.getByText('Trinn i innsatstrappen', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByText('Hovedforløp', { exact: true }).isVisible()).toBe(false);
    await professional.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Trinn i innsatstrappen', { exact: true }).waitFor({ state: 'visible' });
    expect(await professional.innerText()).toContain('2. Lavterskel og helse');
    // No public heading or label speaks of "the sources".
    expect(await page.locator('main').innerText()).not.toMatch(/\bKilde/);
    await expectNoAxeViolations(page, 'service page with the professional details open');
    expect(problems).toEqual([]);
  });

  it('says once, plainly, when an entry has no phone, address or web page', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`/tjenester/${unknown.id}`);
    await page.getByRole('heading', { level: 1, name: unknown.name }).waitFor();
    const none = 'Vi har ikke telefonnummer, adresse eller nettside for dette tilbudet.';
    expect(await page.getByText(none, { exact: true }).count()).toBe(1);
    expect(await page.getByText('Adresse ikke oppgitt').count()).toBe(0);
    expect(await page.getByText('Telefon ikke oppgitt').count()).toBe(0);
    expect(await page.locator('main a[href^="tel:"]').count()).toBe(0);
    expect(await page.locator('.vv-howto__lead').innerText()).toMatch(/^Du må søke om dette tilbudet\. Bydelen der du bor avgjør søknaden/);
    await expectNoAxeViolations(page, 'service page without contact');
    expect(problems).toEqual([]);
  });

  it('shows English descriptions on English pages and says when one is only in Norwegian', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`/tjenester/${office.id}?lang=en`);
    await page.getByRole('heading', { level: 2, name: 'How to get this service' }).waitFor();
    expect(await page.locator('.vv-service__description').innerText()).toMatch(/^A drop-in day centre/);
    expect(await page.getByText('This description is only available in Norwegian.').count()).toBe(0);
    expect(await page.locator('.vv-howto__lead').innerText()).toBe(
      'You do not need a referral or an appointment. You can just turn up during opening hours.',
    );
    await page.goto(`/tjenester/${always.id}?lang=en`);
    await page.getByText('This description is only available in Norwegian.').waitFor();
    expect(await page.locator('.vv-service__description').getAttribute('lang')).toBe('nb');
    expect(await page.locator('.vv-service__tags .vv-open-status').innerText()).toBe('Open 24/7');
    await expectNoAxeViolations(page, 'English service page');

    await search(page, `/?q=${token}&lang=en`);
    expect(await card(page, always.name).locator('.vv-result__only-nb').innerText()).toBe('Description in Norwegian only.');
    expect(await card(page, office.name).locator('.vv-result__only-nb').count()).toBe(0);
    expect(await card(page, office.name).locator('.vv-result__description').innerText()).toMatch(/^A drop-in day centre/);
    expect(problems).toEqual([]);
  });

  it('finds an agreement nowhere public: not in search, and its page is not found', async () => {
    const { page, problems } = await newPage(browser);
    await search(page, `/?q=${encodeURIComponent(`Rammeavtale ${token}`)}`);
    expect(await card(page, contract.name).count()).toBe(0);
    await page.goto(`/tjenester/${contract.id}`);
    await page.getByRole('heading', { level: 1, name: 'Fant ikke tilbudet' }).waitFor();
    expect(problems).toEqual([expect.stringContaining('404')]);
  });

  it('fits a phone (375 px): cards and the detail page with no sideways scrolling and no axe violations', async () => {
    const { page, problems } = await newPage(browser, { viewport: PHONE });
    for (const [name, path] of [
      ['results', `/?q=${token}`],
      ['detail', `/tjenester/${office.id}`],
      ['no contact', `/tjenester/${unknown.id}`],
    ] as const) {
      await page.goto(path);
      await page.locator('main h1').waitFor();
      await page.waitForFunction(() => !document.querySelector('.vv-loading, [aria-busy="true"]'));
      await page.locator('.vv-open-status').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} is wider than the phone`).toBeLessThanOrEqual(
        PHONE.width,
      );
      await expectNoAxeViolations(page, `${name} (375 px)`);
    }
    expect(problems).toEqual([]);
  });

  it('gives editors the missing-contact worklist, crisis services first, and shows an agreement as one in the staff search', async () => {
    const tp = await newPage(browser);
    await signInPage(tp, editorUser);
    const { page, problems } = tp;
    await page.goto('/redaktor');
    await page.getByRole('link', { name: 'Mangler kontakt eller åpningstider' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mangler kontakt eller åpningstider' }).waitFor();
    const rows = page.locator('#worklist-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().locator('td').nth(1).innerText()).toBe('Krise');
    const row = (name: string) => page.locator('#worklist-table tbody tr', { hasText: name });
    expect(await row(unknown.name).locator('td').nth(2).innerText()).toBe('telefon, adresse, nettside, åpningstider');
    expect(await row(office.name).locator('td').nth(2).innerText()).toBe('nettside');
    expect(await row(contract.name).count()).toBe(0);
    await expectNoAxeViolations(page, 'missing-contact worklist');

    await page.goto(`/redaktor?q=${encodeURIComponent(`Rammeavtale ${token}`)}`);
    const hit = page.locator('.vv-staff-results li', { hasText: contract.name });
    await hit.getByText('Rammeavtale, ikke offentlig').waitFor();
    expect(unexpectedProblems(problems)).toEqual([]);
  });
});
