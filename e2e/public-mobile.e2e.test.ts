import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, newPage, pageReady, publicPages, startFileServer } from './harness.ts';

/* The public pages on a phone (375 px): axe, no sideways scrolling, and the folded filters. */

const PHONE = { width: 375, height: 800 };

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('the public pages on a phone', () => {
  let browser: Browser;
  let pages: [string, string][];
  beforeAll(async () => {
    browser = await launchBrowser();
    pages = await publicPages();
  });
  afterAll(async () => browser?.close());

  it('folds the filters behind a button that says whether they are open and how many are in use', async () => {
    const { page, problems } = await newPage(browser, { viewport: PHONE });
    await page.goto('/?q=ungdom&dropIn=true');
    await pageReady(page);
    const toggle = page.getByRole('button', { name: 'Vis filtre (1 filter i bruk)' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Uten henvisning (drop-in)').isVisible()).toBe(false);
    // The results come right after the folded filters, not below them.
    expect((await page.locator('#results-heading').boundingBox())!.y).toBeLessThan(PHONE.height * 1.5);

    await toggle.click();
    expect(await page.getByRole('button', { name: 'Skjul filtre (1 filter i bruk)' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('Uten henvisning (drop-in)').isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Hopp til resultatene' }).last().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results-heading');
    expect(problems).toEqual([]);
  });

  it('has no axe violations, no browser errors and no sideways scrolling on any public page', async () => {
    const { page, problems } = await newPage(browser, { viewport: PHONE });
    for (const [name, path] of pages) {
      await page.goto(path);
      await pageReady(page);
      if (path.startsWith('/?') || path === '/') {
        await page.getByRole('button', { name: 'Vis filtre' }).click();
        await page.getByLabel('Uten henvisning (drop-in)').waitFor();
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} is wider than the phone`).toBeLessThanOrEqual(
        PHONE.width,
      );
      await expectNoAxeViolations(page, `${name} (375 px)`);
    }
    expect(problems).toEqual([]);
  });
});
