import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectNoAxeViolations, launchBrowser, newPage } from './harness.ts';

/*
 * Every public page through axe (WCAG 2.1 A/AA) in both languages, with no browser errors. The
 * phone width is in public-mobile, the keyboard-only path in public-search and the strict
 * style-src check in public-service: spread over files so the two test workers share the load.
 */

type Summary = { items: { id: string; name: string }[] };

/** Every public page, with a detail page and a print list of real seeded services. */
function publicPages(serviceId: string, printIds: string): [string, string][] {
  return [
    ['front page', '/'],
    ['search results', '/?q=kanyle'],
    ['service', `/tjenester/${serviceId}`],
    ['district map', '/bydeler'],
    ['coverage', '/dekning'],
    ['print list', `/utskrift?ids=${printIds}`],
    ['page not found', '/finnes-ikke'],
  ];
}

/** Waits until the page has its heading and nothing is loading any more. */
async function ready(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(
    () => !document.querySelector('.vv-loading, [aria-busy="true"]') && ![...document.querySelectorAll('.vv-tile__count')].some((e) => e.textContent === '…'),
  );
}

describe('accessibility of the public pages', () => {
  let browser: Browser;
  let pages: [string, string][];
  beforeAll(async () => {
    browser = await launchBrowser();
    const kanyle = (await (await fetch(`${BASE_URL}/api/services?q=kanyle`)).json()) as Summary;
    const smittevern = kanyle.items.find((i) => i.name === 'Smittevernluken')!;
    pages = publicPages(smittevern.id, kanyle.items.map((i) => i.id).join(','));
  });
  afterAll(async () => browser?.close());

  for (const lang of ['nb', 'en'] as const) {
    it(`has no axe violations and no browser errors on any public page (${lang}, 1280 px)`, async () => {
      const { page, problems } = await newPage(browser);
      for (const [name, path] of pages) {
        await page.goto(lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);
        await ready(page);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await expectNoAxeViolations(page, `${name} (${lang})`);
      }
      expect(problems).toEqual([]);
    });
  }
});
