import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, newPage, pageReady, publicPages, startFileServer } from './harness.ts';

/*
 * Every public page through axe (WCAG 2.1 A/AA) in both languages, with no browser errors. The
 * phone width is in public-mobile, the keyboard-only path in public-search and the strict
 * style-src check in public-service: spread over files so the two test workers share the load.
 */

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('accessibility of the public pages', () => {
  let browser: Browser;
  let pages: [string, string][];
  beforeAll(async () => {
    browser = await launchBrowser();
    pages = await publicPages();
  });
  afterAll(async () => browser?.close());

  for (const lang of ['nb', 'en'] as const) {
    it(`has no axe violations and no browser errors on any public page (${lang}, 1280 px)`, async () => {
      const { page, problems } = await newPage(browser);
      for (const [name, path] of pages) {
        await page.goto(lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);
        await pageReady(page);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await expectNoAxeViolations(page, `${name} (${lang})`);
      }
      expect(problems).toEqual([]);
    });
  }
});
