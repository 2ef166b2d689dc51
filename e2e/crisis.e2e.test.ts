import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  createUser,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  pageReady,
  publicPages,
  signInPage,
  startFileServer,
  unexpectedProblems,
  type TestPage,
} from './harness.ts';

/*
 * Crisis first, as a person in crisis meets it on a phone: the crisis bar with tap-to-call
 * numbers on every public page, the crisis panel on a crisis search and on zero results, the
 * quick exit (which leaves nothing in the tab), nothing in localStorage after a visit, and an
 * editor changing a line that every page then shows.
 */

const PHONE = { width: 375, height: 800 };
const NEUTRAL = 'https://www.yr.no/';

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

/** A phone-sized page whose quick exit lands on a stand-in for the neutral site (no internet here). */
async function phonePage(browser: Browser): Promise<TestPage> {
  const tp = await newPage(browser, { viewport: PHONE });
  await tp.context.route(`${NEUTRAL}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Yr</title><h1>Været</h1>' }),
  );
  return tp;
}

const bar = (page: Page) => page.getByRole('complementary', { name: 'Hjelp nå' });
const panel = (page: Page) => page.getByRole('region', { name: 'Trenger du hjelp nå?' });

async function open(page: Page, path: string) {
  await page.goto(path);
  await pageReady(page);
}

/** What has focus: tag, href or text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', href: el?.getAttribute('href') ?? '', text: el?.textContent?.trim() ?? '' };
  });

describe('crisis first', () => {
  let browser: Browser;
  let pages: [string, string][];
  beforeAll(async () => {
    browser = await launchBrowser();
    pages = await publicPages();
  });
  afterAll(async () => browser?.close());

  it('shows the crisis bar with working tel: links and 44 px targets at the top of every public page at 375 px', async () => {
    const { page, problems } = await phonePage(browser);
    for (const [name, path] of pages) {
      await open(page, path);
      const crisisBar = bar(page);
      const box = (await crisisBar.boundingBox())!;
      expect(box.y, name).toBe(0);
      expect(box.height, `${name}: one row`).toBeLessThan(64);
      const calls = crisisBar.locator('a[href^="tel:"]');
      expect(await calls.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), name).toEqual(['tel:113', 'tel:116117']);
      expect(await calls.first().getAttribute('aria-label')).toBe('Ring 113, Medisinsk nødtelefon, døgnåpen');
      for (const target of await crisisBar.locator('a, button').all()) {
        const t = (await target.boundingBox())!;
        expect(Math.min(t.width, t.height), `${name}: ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
        expect(t.x + t.width, `${name}: inside the phone`).toBeLessThanOrEqual(PHONE.width);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);

      // Every line, with its number, in the footer; the bar stays on screen when the page scrolls.
      const footerCalls = page.locator('footer a[href^="tel:"]');
      expect(await footerCalls.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), name).toEqual([
        'tel:113',
        'tel:116117',
        'tel:116123',
        'tel:+4722400040',
        'tel:116111',
        'tel:08588',
      ]);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect.poll(async () => (await crisisBar.boundingBox())!.y, { message: name }).toBe(0);
      // It takes its own room: the page's first content starts below it, not under it.
      await page.evaluate(() => window.scrollTo(0, 0));
      const header = (await page.locator('header').boundingBox())!;
      expect(header.y, name).toBeGreaterThanOrEqual(box.height);
    }
    await expectNoAxeViolations(page, 'page with the crisis bar (375 px)');
    expect(problems).toEqual([]);
  });

  it('lists every line with who runs it and when it is open on /hjelpetelefoner, reached from the bar', async () => {
    const { page, problems } = await phonePage(browser);
    await open(page, '/');
    await bar(page)
      .getByRole('link', { name: /^Alle numre\s?: hjelpetelefoner/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hjelpetelefoner' }).waitFor();
    const items = page.locator('main .vv-crisis-line');
    expect(await items.count()).toBe(6);
    const kirkensSos = items.filter({ hasText: 'Kirkens SOS' }).first();
    expect(await kirkensSos.locator('a').getAttribute('href')).toBe('tel:+4722400040');
    expect(await kirkensSos.textContent()).toMatch(/Drives av Kirkens SOS.*Åpent: Døgnåpen/);
    const rus = items.filter({ hasText: '08588' });
    expect(await rus.textContent()).toMatch(/Velferdsetaten.*Hverdager 11–18/);
    await expectNoAxeViolations(page, '/hjelpetelefoner (375 px)');
    await open(page, '/hjelpetelefoner?lang=en');
    expect(await page.locator('main .vv-crisis-line').first().textContent()).toMatch(/Medical emergency.*Run by .*Open: Open 24\/7/);
    expect(
      await page
        .getByRole('complementary', { name: 'Help now' })
        .getByRole('button', { name: /Quick exit/ })
        .count(),
    ).toBe(1);
    await expectNoAxeViolations(page, '/hjelpetelefoner (en, 375 px)');
    expect(problems).toEqual([]);
  });

  it('puts the crisis panel first for a search that looks like a crisis, and on a search without results', async () => {
    const { page, problems } = await phonePage(browser);
    for (const q of ['selvmord', 'jeg vil ta livet av meg', 'han slår meg', 'I want to kill myself']) {
      await open(page, `/?q=${encodeURIComponent(q)}`);
      const crisis = panel(page);
      await crisis.waitFor();
      expect(await crisis.getAttribute('class'), q).toContain('vv-crisis-panel--crisis');
      expect(await crisis.locator('a[href^="tel:"]').count(), q).toBe(6);
      expect(await crisis.textContent()).toMatch(/Står det om liv, ring 113/);
      // On the first screen of a phone, above the filters and the results.
      expect((await crisis.boundingBox())!.y, q).toBeLessThan(PHONE.height);
      // Not a dialog: nothing traps focus, and the results (if any) follow below it.
      expect(await page.locator('[role="dialog"], [aria-modal="true"]').count()).toBe(0);
    }
    await expectNoAxeViolations(page, 'crisis panel for a crisis search (375 px)');

    await open(page, '/?q=qqxyzzyqq');
    expect(await page.locator('.vv-result').count()).toBe(0);
    expect(await panel(page).getAttribute('class')).toContain('vv-crisis-panel--zero');
    expect(await panel(page).locator('a[href^="tel:"]').count()).toBe(6);
    await expectNoAxeViolations(page, 'crisis panel on zero results (375 px)');

    await open(page, '/?q=kanyle');
    expect(await page.locator('.vv-result').count()).toBeGreaterThan(0);
    expect(await panel(page).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('leaves nothing in localStorage after a search, a print selection and a language switch', async () => {
    const { page, problems } = await phonePage(browser);
    await open(page, '/?q=kanyle');
    await page.getByLabel('Velg for utskrift').first().check();
    await page.getByRole('link', { name: 'Skriv ut valgte (1)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Valgte tilbud' }).waitFor();
    await page.getByRole('link', { name: 'Change language to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Selected services' }).waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage).sort())).toEqual(['veiviser.lang', 'veiviser.printList']);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // What an earlier version left behind is removed on the next visit.
    await page.evaluate(() => localStorage.setItem('veiviser.printList', '["x"]'));
    await open(page, '/');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(problems).toEqual([]);
  });

  it('quick exit replaces the page with a neutral site, empties sessionStorage, and Back does not return to Veiviser', async () => {
    const { page, problems } = await phonePage(browser);
    await page.goto('about:blank#before');
    await open(page, '/?q=kanyle');
    await page.getByLabel('Velg for utskrift').first().check();
    expect(await page.evaluate(() => sessionStorage.length)).toBeGreaterThan(0);
    // Two pages further inside Veiviser: the quick exit steps back over them too.
    await page.locator('.vv-result a').first().click();
    await pageReady(page);
    await bar(page)
      .getByRole('link', { name: /^Alle numre/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hjelpetelefoner' }).waitFor();
    const historyLength = await page.evaluate(() => history.length);
    await bar(page)
      .getByRole('button', { name: /Gå ut raskt/ })
      .click();
    await page.waitForURL(`${NEUTRAL}**`);
    expect(await page.evaluate(() => history.length)).toBe(historyLength); // replaced, nothing pushed
    await page.goBack();
    expect(page.url()).toBe('about:blank#before');
    // The tab's storage for this site is empty (a fresh visit without ?lang stores nothing).
    await open(page, `${baseUrl()}/hjelpetelefoner`);
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0]);
    expect(problems).toEqual([]);
  });

  it('reaches the first tel: link and the quick exit by keyboard, and leaves on Escape pressed twice', async () => {
    const { page, problems } = await phonePage(browser);
    await open(page, '/');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Hopp til hovedinnhold');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', href: 'tel:113' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', href: 'tel:116117' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', href: '/hjelpetelefoner' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Gå ut raskt' });
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(NEUTRAL + '**');

    await open(page, `${baseUrl()}/?q=kanyle`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(NEUTRAL + '**');
    expect(problems).toEqual([]);
  });

  it('lets an editor change a line on the staff page, and every public page shows the change', async () => {
    const editor = await createUser(['catalog_editor']);
    const tp = await newPage(browser);
    await signInPage(tp, editor);
    const { page } = tp;
    await page.goto('/hjelpetelefoner/rediger');
    await page.getByRole('heading', { level: 1, name: 'Hjelpetelefoner' }).waitFor();
    await page.locator('summary', { hasText: '22 40 00 40' }).click();
    const form = page.getByRole('form', { name: 'Kirkens SOS' });
    await form.getByLabel('Åpningstid (bokmål)').fill('Åpen hele døgnet, hele året');
    await expectNoAxeViolations(page, 'staff page for the crisis lines');
    await form.getByRole('button', { name: 'Lagre telefonen' }).click();
    await form.getByText(/Lagret som versjon 2/).waitFor();

    // A stale tab: the form still at version 1 is refused, and says so.
    const stale = await newPage(browser);
    await signInPage(stale, editor);
    await stale.page.goto('/hjelpetelefoner/rediger');
    await stale.page.locator('summary', { hasText: '116 111' }).click();
    const staleForm = stale.page.getByRole('form', { name: 'Alarmtelefonen for barn og unge' });
    await staleForm.getByLabel('Hvem driver telefonen').waitFor();
    await page.locator('summary', { hasText: '116 111' }).click();
    const fresh = page.getByRole('form', { name: 'Alarmtelefonen for barn og unge' });
    await fresh.getByLabel('Rekkefølge').fill('55');
    await fresh.getByRole('button', { name: 'Lagre telefonen' }).click();
    await fresh.getByText(/Lagret som versjon 2/).waitFor();
    await staleForm.getByLabel('Rekkefølge').fill('56');
    await staleForm.getByRole('button', { name: 'Lagre telefonen' }).click();
    await staleForm.getByText(/Noen andre har endret denne telefonen/).waitFor();

    const citizen = await phonePage(browser);
    await open(citizen.page, '/hjelpetelefoner');
    expect(await citizen.page.locator('main .vv-crisis-line', { hasText: 'Kirkens SOS' }).textContent()).toMatch(
      /Åpent: Åpen hele døgnet, hele året/,
    );
    expect(unexpectedProblems([...tp.problems, ...stale.problems])).toEqual([]);
    expect(citizen.problems).toEqual([]);
  });
});
