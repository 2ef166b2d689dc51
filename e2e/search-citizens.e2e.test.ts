import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectNoAxeViolations, launchBrowser, newPage, startFileServer } from './harness.ts';

/*
 * What the search page says when it corrected a typo, when few services match every word, and what
 * it offers when nothing is found: the words as typed one click away, all districts, and searches
 * that find something.
 */

async function settled(page: Page, action: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/services', { timeout: 60_000 });
  await action();
  await response;
  await page.locator('section.vv-results:not([aria-busy])').waitFor();
}

const names = async (page: Page) => (await page.locator('.vv-result__title').allTextContents()).map((n) => n.trim());

beforeAll(startFileServer);

describe('search corrections and zero results', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    // The server loads its dictionaries on the first word it does not know; do it before the clock runs.
    await fetch(`${baseUrl()}/api/services?q=${encodeURIComponent('blåbærsyltetøy')}`);
  }, 120_000);
  afterAll(async () => browser?.close());

  it('says what it searched for instead of a typo, and searches the words as typed on request', async () => {
    const tp = await newPage(browser);
    await settled(tp.page, () => tp.page.goto('/?q=depresjoon'));
    await expect.poll(() => tp.page.locator('.vv-note').first().textContent()).toContain('Viser treff for depresjon');
    expect(await names(tp.page)).toContain('Distriktspsykiatriske sentre (DPS)');
    await expectNoAxeViolations(tp.page);

    await settled(tp.page, () => tp.page.getByRole('link', { name: 'Søk etter «depresjoon» i stedet' }).click());
    expect(new URL(tp.page.url()).searchParams.get('noCorrection')).toBe('true');
    expect(await tp.page.locator('.vv-results__count').textContent()).toBe('Ingen tilbud funnet for «depresjoon»');
    // Zero results are not a dead end: each suggestion is a link to a search.
    const suggestion = tp.page.locator('.vv-zero-results__suggestions a').first();
    const text = (await suggestion.textContent())!.trim();
    await expectNoAxeViolations(tp.page);
    await settled(tp.page, () => suggestion.click());
    expect(new URL(tp.page.url()).searchParams.get('q')).toBe(text);
    expect(new URL(tp.page.url()).searchParams.get('noCorrection')).toBeNull();
    expect((await names(tp.page)).length).toBeGreaterThan(0);
    expect(tp.problems).toEqual([]);
  });

  it('lists a thin all-words answer first and says the rest match some of the words', async () => {
    const tp = await newPage(browser);
    await settled(tp.page, () => tp.page.goto('/?q=kanyle%20prindsen'));
    await tp.page.getByText('Bare 1 tilbud passet alle ordene du søkte på, og det står først.', { exact: false }).waitFor();
    const found = await names(tp.page);
    expect(found[0]).toBe('Smittevernluken');
    expect(found.length).toBeGreaterThan(1);
    await expectNoAxeViolations(tp.page);
    expect(tp.problems).toEqual([]);
  });

  it('offers all districts when the chosen district has nothing', async () => {
    const tp = await newPage(browser);
    await settled(tp.page, () => tp.page.goto('/?q=Verdensrommet&district=bjerke'));
    const button = tp.page.getByRole('button', { name: 'Søk i alle bydeler (1 treff)' });
    await button.waitFor();
    await expectNoAxeViolations(tp.page);
    await settled(tp.page, () => button.click());
    expect(await names(tp.page)).toEqual(['Verdensrommet']);
    expect(new URL(tp.page.url()).searchParams.get('district')).toBeNull();
    expect(tp.problems).toEqual([]);
  });
});
