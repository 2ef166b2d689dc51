import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn, createUser, expectNoAxeViolations, launchBrowser, newPage, startFileServer } from './harness.ts';

/*
 * A service's public page, the error report, the print list, the district map and the coverage
 * table. Seeded services show what the catalog does not know; one service an editor creates
 * through the API shows what it does (hours, address, phone) and takes the error report, so the
 * seeded entries stay as published.
 */

type Session = Awaited<ReturnType<typeof apiSignIn>>;

/** Deliberately matches none of the words the other public tests search for. */
function editorService(name: string) {
  return {
    name,
    description: 'Et samtaletilbud på kveldstid for voksne, laget av nettlesertestene.',
    phone: '+47 21 80 21 80',
    kind: 'low_threshold_health',
    ladderStep: 2,
    targetGroups: ['rus'],
    access: 'drop_in',
    requiresDrugFree: false,
    cityWide: false,
    districts: ['sagene'],
    openingHours: {
      is24_7: false,
      rules: [
        { byday: 'MO', opensAt: '16:00', closesAt: '22:00' },
        { byday: 'FR', opensAt: '20:00', closesAt: '02:00' },
      ],
      exceptions: [{ date: '2026-12-24', closed: true, description: 'Julaften' }],
    },
    location: { name: 'Testhuset', address1: 'Testgata 1', postalCode: '0555', city: 'Oslo', district: 'sagene' },
    source: 'Nettlesertestene',
  };
}

async function searchFor(page: Page, query: string): Promise<void> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/services');
  await page.goto(`/?q=${encodeURIComponent(query)}`);
  await response;
  await page.locator('section.vv-results:not([aria-busy])').waitFor();
}

/** A section of the page by its h2. */
function section(page: Page, heading: string) {
  return page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });
}

/** The description of a fact (a dd) by the name of the fact (its dt), within a section. */
function fact(page: Page, heading: string, term: string) {
  return section(page, heading)
    .locator('.vv-fact', { has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
    .locator('dd');
}

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('a service, its error report and the other public pages', () => {
  let browser: Browser;
  let editor: Session;
  let created: { id: string; name: string };
  beforeAll(async () => {
    browser = await launchBrowser();
    editor = await apiSignIn(await createUser(['catalog_editor']));
    created = await apiCall(editor, 'POST', '/api/services', editorService(`E2E-testhuset Kveldsloftet ${process.pid}`));
  });
  afterAll(async () => browser?.close());

  it('opens a seeded service from the results and says plainly what the catalog lacks', async () => {
    const { page, problems } = await newPage(browser);
    await searchFor(page, 'kanyle');
    await page.getByRole('link', { name: 'Smittevernluken', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Smittevernluken' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/tjenester\/[0-9a-f-]{36}$/);

    expect(await fact(page, 'Fakta om tilbudet', 'Type tilbud').textContent()).toBe('Skadereduksjon');
    expect(await fact(page, 'Fakta om tilbudet', 'Område').textContent()).toBe('Hele Oslo');
    expect(await fact(page, 'Fakta om tilbudet', 'Henvisning').textContent()).toBe('Drop-in, uten henvisning');
    expect(await fact(page, 'Fakta om tilbudet', 'Rusfrihet').textContent()).toBe('Krever ikke rusfrihet');
    expect(await fact(page, 'Fakta om tilbudet', 'Alder').textContent()).toBe('Aldersgrense ikke oppgitt');
    // No phone, address or web page: said once, in the contact card (no separate "address unknown").
    expect(await section(page, 'Kontakt').innerText()).toContain('Vi har ikke telefonnummer, adresse eller nettside for dette tilbudet.');
    expect(await section(page, 'Adresse').count()).toBe(0);
    expect(await section(page, 'Åpningstider').locator('.vv-unknown').textContent()).toBe('Åpningstider ikke registrert');
    // Nothing is made up: no phone link, no e-mail link, no address, no hours table.
    expect(await page.locator('main a[href^="tel:"], main a[href^="mailto:"], main address, main table').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the opening hours, address and phone an editor entered, with hours past midnight', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`/tjenester/${created.id}`);
    await page.getByRole('heading', { level: 1, name: created.name }).waitFor();

    const rows = await page
      .locator('table', { has: page.locator('caption', { hasText: 'Faste åpningstider' }) })
      .locator('tbody tr')
      .allInnerTexts();
    // Every day has a row: a day without an opening reads "Stengt", not blank.
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'Mandag 16:00 22:00 stengt på helligdager',
      'Tirsdag Stengt',
      'Onsdag Stengt',
      'Torsdag Stengt',
      'Fredag 20:00 02:00 (neste dag) stengt på helligdager',
      'Lørdag Stengt',
      'Søndag Stengt',
    ]);
    expect(
      (
        await page
          .locator('table', { has: page.locator('caption', { hasText: 'Avvik' }) })
          .locator('tbody')
          .innerText()
      ).replace(/\s+/g, ' '),
    ).toMatch(/^24\. desember 2026 Stengt/);
    expect(await page.locator('address').innerText()).toBe('Testhuset\nTestgata 1\n0555 Oslo');
    expect(await page.getByRole('link', { name: '+47 21 80 21 80' }).getAttribute('href')).toBe('tel:+4721802180');
    expect(await section(page, 'Kontakt').locator('.vv-contact-missing').textContent()).toBe('Ikke oppgitt: e-post, nettside.');
    expect(problems).toEqual([]);
  });

  it("sends an error report: it lands in the editors' queue, and the page changes only when one confirms it", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`/tjenester/${created.id}`);
    const message = page.getByLabel('Hva er feil?');
    await message.waitFor();

    await message.fill('Feil');
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.getByRole('alert').filter({ hasText: 'Skjemaet har feil' }).waitFor();
    expect(await page.locator('#error-summary').innerText()).toContain('Hva er feil?: Må ha minst 10 tegn');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-report-message');
    expect(await message.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'error report with a field error');

    const text = `Telefonnummeret på skiltet er et annet (test ${process.pid}).`;
    await message.fill(text);
    await page.getByRole('button', { name: 'Send melding' }).click();
    await page.getByRole('status').filter({ hasText: 'Takk! Meldingen er sendt til redaksjonen' }).waitFor();
    // Triaged privately: an anonymous report puts no warning on the public page.
    expect(await page.locator('.vv-service__tags').getByText('Under kontroll').count()).toBe(0);
    expect(await page.locator('.pkt-alert--warning').count()).toBe(0);

    const queue = await apiCall<{ id: string; serviceId: string; message: string }[]>(editor, 'GET', '/api/editor/error-reports');
    const report = queue.find((r) => r.serviceId === created.id && r.message === text);
    expect(report).toBeDefined();
    await apiCall(editor, 'POST', `/api/editor/error-reports/${report!.id}/confirm`, {});
    await page.reload();
    await page.locator('.vv-service__tags').getByText('Under kontroll').waitFor();
    expect(await page.locator('.pkt-alert--warning').innerText()).toContain('undersøker det.');
    await expectNoAxeViolations(page, 'service under review');

    await searchFor(page, created.name);
    expect(await page.locator('.vv-result', { hasText: created.name }).locator('.vv-tag').allTextContents()).toContain('Under kontroll');
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
  });

  it('prints a chosen list: the picked services, their known and unknown facts, and no navigation on paper', async () => {
    const { page, problems } = await newPage(browser);
    await searchFor(page, 'kanyle');
    await page.getByLabel('Velg for utskrift: Smittevernluken').check();
    await page.getByLabel('Velg for utskrift: Utdeling av brukerutstyr i bydel').check();
    expect(await page.locator('.vv-selection__text').textContent()).toBe('2 tilbud valgt for utskrift.');
    await page.getByRole('link', { name: 'Skriv ut valgte (2)' }).click();

    await page.getByRole('heading', { level: 1, name: 'Valgte tilbud' }).waitFor();
    await page.locator('.vv-print-item').first().waitFor();
    expect(await page.locator('.vv-print-item__title').allTextContents()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
    expect(new URL(page.url()).searchParams.get('ids')?.split(',')).toHaveLength(2);
    const first = page.locator('.vv-print-item').first();
    expect(await first.innerText()).toContain('Telefon ikke oppgitt');
    expect(await first.innerText()).toContain('Drop-in, uten henvisning');

    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['header', 'footer', '.vv-noprint >> nth=0'])
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    expect(await page.getByText(/^Hentet fra Veiviser \(Oslo kommune\)/).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Fjern fra listen: Smittevernluken' }).click();
    await expect.poll(() => page.locator('.vv-print-item__title').allTextContents()).toEqual(['Utdeling av brukerutstyr i bydel']);
    expect(new URL(page.url()).searchParams.get('ids')?.split(',')).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it("shows the 15 districts as tiles placed like a map, each leading to that district's services", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/bydeler');
    const tile = (name: string) => page.locator('.vv-tile', { hasText: name });
    await expect
      .poll(() => page.locator('.vv-tile__count').allTextContents())
      .toSatisfy((counts: string[]) => counts.length === 15 && counts.every((c) => /^\d+ tilbud$/.test(c)));

    const box = async (name: string) => (await tile(name).boundingBox())!;
    const [stovner, grorud, frogner, stHanshaugen, sondre] = [
      await box('Stovner'),
      await box('Grorud'),
      await box('Frogner'),
      await box('St. Hanshaugen'),
      await box('Søndre Nordstrand'),
    ];
    expect(stovner.x).toBeGreaterThan(grorud.x); // north-east of Grorud
    expect(stovner.y).toBeLessThan(grorud.y);
    expect(frogner.x).toBeLessThan(stHanshaugen.x); // west of the centre
    expect(frogner.y).toBe(stHanshaugen.y);
    expect(sondre.y).toBeGreaterThan(frogner.y); // the far south

    // Every tile links to the search for its own district.
    const districts = await page
      .locator('.vv-tile a')
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('district')));
    expect(new Set(districts).size).toBe(15);
    expect(districts.every((d) => d !== null && /^[a-z-]+$/.test(d))).toBe(true);
    await tile('Frogner').getByRole('link').click();
    await page.locator('section.vv-results:not([aria-busy]) .vv-result').first().waitFor();
    expect(new URL(page.url()).searchParams.get('district')).toBe('frogner');
    expect(await page.getByLabel('Bydel', { exact: true }).inputValue()).toBe('frogner');
    expect(problems).toEqual([]);
  });

  it('shows coverage per district and ladder step with each status in words and a symbol, not colour alone', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/dekning');
    // The wide table holds every district; the narrow one (phones) one district at a time.
    const rows = page.locator('table#gap-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(15);
    expect(await page.locator('table#gap-table thead th').count()).toBe(8);
    const statuses = await page.locator('table#gap-table td .vv-gap__status').allInnerTexts();
    expect(statuses).toHaveLength(15 * 7);
    for (const s of statuses) expect(s).toMatch(/^[✕◐✓?] (Mangler|Kun kontortid|Åpent utenom kontortid|Åpningstid ukjent)$/);
    expect(problems).toEqual([]);
  });

  it('says plainly when a page or a service does not exist', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/finnes-ikke');
    await page.getByRole('heading', { level: 1, name: 'Fant ikke siden' }).waitFor();
    expect(await page.title()).toBe('Fant ikke siden – Veiviser – Oslo kommune');
    expect(problems).toEqual([]);

    await page.goto('/tjenester/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { level: 1, name: 'Fant ikke tilbudet' }).waitFor();
    // The browser logs the API's 404 for the unknown id; nothing else may go wrong.
    expect(problems).toEqual([expect.stringContaining('404')]);
  });

  it('works under a strict style-src without unsafe-inline: no CSP violation, the tile map still laid out', async () => {
    const { page, context, problems } = await newPage(browser);
    await strictStyleSrc(context);
    const kanyle = await apiCall<{ items: { id: string }[] }>(editor, 'GET', '/api/services?q=kanyle');
    const ids = kanyle.items.map((i) => i.id);
    for (const path of [
      '/',
      '/?q=kanyle',
      `/tjenester/${created.id}`,
      '/dekning',
      `/utskrift?ids=${ids.join(',')}`,
      '/finnes-ikke',
      '/bydeler',
    ]) {
      const response = await page.goto(path);
      expect(response?.headers()['content-security-policy']).toContain("style-src 'self';");
      await page.locator('main h1').waitFor();
      await page.waitForFunction(() => !document.querySelector('.vv-loading, [aria-busy="true"]'));
    }
    // The tiles' grid positions are custom properties set through the CSSOM, which CSP allows.
    const x = async (name: string) => (await page.locator('.vv-tile', { hasText: name }).boundingBox())!.x;
    expect(await x('Stovner')).toBeGreaterThan(await x('Grorud'));
    expect(problems).toEqual([]);
  });
});

/** Serves every page with the server's CSP minus 'unsafe-inline' in style-src. */
async function strictStyleSrc(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    if (!route.request().isNavigationRequest()) return route.continue();
    const response = await route.fetch();
    const headers = response.headers();
    headers['content-security-policy'] = (headers['content-security-policy'] ?? '').replace(
      "style-src 'self' 'unsafe-inline'",
      "style-src 'self'",
    );
    return route.fulfill({ response, headers });
  });
}
