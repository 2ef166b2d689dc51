import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, startFileServer, type TestPage } from './harness.ts';

/*
 * The public search as a citizen uses it, on this file's own copy of the seeded Oslo catalog.
 * Assertions name real seeded services; lists are checked for what they must and must not contain
 * rather than for their exact length (so a few more seeded services do not break them), except
 * where a query is narrow enough to be exact.
 */

/** Runs an action that changes the search and waits until the page shows its new results. */
async function settle(page: Page, action: () => Promise<unknown>): Promise<void> {
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/services');
  await action();
  await response;
  await page.locator('section.vv-results:not([aria-busy])').waitFor();
}

async function names(page: Page): Promise<string[]> {
  return (await page.locator('.vv-result__title').allTextContents()).map((n) => n.trim());
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Hva leter du etter?').fill(query);
  await settle(page, () => page.getByRole('button', { name: 'Søk', exact: true }).click());
}

async function openSearch(tp: TestPage, path = '/'): Promise<void> {
  await settle(tp.page, () => tp.page.goto(path));
}

/** The result card of a service, by its exact name. */
function card(page: Page, name: string) {
  return page.locator('.vv-result').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
}

/** What has keyboard focus: its id or its text, and whether a focus ring is drawn around it. */
async function focused(page: Page): Promise<{ tag: string; key: string; ring: boolean }> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e) return { tag: '', key: '', ring: false };
    // Punkt draws a text field's ring on the field's container.
    const style = getComputedStyle(e.closest('.pkt-input__container') ?? e);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return { tag: e.tagName.toLowerCase(), key: e.id || (e.innerText || e.getAttribute('aria-label') || '').trim(), ring };
  });
}

/** Presses Tab until focus reaches what `done` looks for; returns every stop on the way. */
async function tabUntil(
  page: Page,
  done: (f: { tag: string; key: string }) => boolean,
  max = 40,
): Promise<{ tag: string; key: string; ring: boolean }[]> {
  const path = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    path.push(f);
    if (done(f)) return path;
  }
  throw new Error(`Tab never reached the target; went through ${path.map((f) => f.key).join(' → ')}`);
}

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('the public search', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('finds "kanyle" services through the synonym list and says why each one matched', async () => {
    const tp = await newPage(browser);
    await openSearch(tp);
    await search(tp.page, 'kanyle');

    expect((await names(tp.page)).sort()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
    expect(await tp.page.locator('.vv-results__count').textContent()).toBe('2 tilbud funnet for «kanyle»');
    await expect
      .poll(() => card(tp.page, 'Smittevernluken').locator('.vv-result__reasons').textContent())
      .toContain('(synonym for «kanyle»)');
    expect(await card(tp.page, 'Utdeling av brukerutstyr i bydel').locator('.vv-result__reasons').textContent()).toContain(
      'synonym for «kanyle»',
    );
    expect(new URL(tp.page.url()).searchParams.get('q')).toBe('kanyle');
    expect(await tp.page.title()).toBe('Søk: kanyle – Veiviser – Oslo kommune');
    expect(tp.problems).toEqual([]);
  });

  it('tolerates typos and splits compound words, and says so in the reasons', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=smitevern');
    expect((await names(tp.page))[0]).toBe('Smittevernluken');
    expect(await card(tp.page, 'Smittevernluken').locator('.vv-result__reasons').textContent()).toContain('rettet fra «smitevern»');

    await search(tp.page, 'brukerutstyrsutdeling');
    expect((await names(tp.page))[0]).toBe('Utdeling av brukerutstyr i bydel');
    expect(await card(tp.page, 'Utdeling av brukerutstyr i bydel').locator('.vv-result__reasons').textContent()).toContain(
      'del av «brukerutstyrsutdeling»',
    );
    expect(tp.problems).toEqual([]);
  });

  it('narrows by district, and "my district" always includes city-wide services', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=kanyle');
    const district = tp.page.getByLabel('Bydel', { exact: true });

    await settle(tp.page, () => district.selectOption({ label: 'Frogner' }));
    expect(await names(tp.page)).toEqual(['Smittevernluken']);
    expect(await card(tp.page, 'Smittevernluken').locator('.vv-result__facts').textContent()).toContain('Hele Oslo');

    await settle(tp.page, () => district.selectOption({ label: 'Alna' }));
    expect((await names(tp.page)).sort()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
    expect(new URL(tp.page.url()).searchParams.get('district')).toBe('alna');
    expect(tp.problems).toEqual([]);
  });

  it('narrows by kind of service and by step on the intervention ladder', async () => {
    const tp = await newPage(browser);
    await openSearch(tp);
    expect(await names(tp.page)).toContain('Adamstuen');

    await tp.page.locator('summary', { hasText: 'Type tilbud' }).click();
    await settle(tp.page, () => tp.page.getByLabel('Skadereduksjon').check());
    expect(await names(tp.page)).toEqual(expect.arrayContaining(['Smittevernluken', 'Brukerrommet', 'Utdeling av brukerutstyr i bydel']));
    const kinds = await tp.page.locator('.vv-result__meta > span:first-child').allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['Skadereduksjon']));
    await settle(tp.page, () => tp.page.getByLabel('Skadereduksjon').uncheck());

    await tp.page.locator('summary', { hasText: 'Trinn i innsatstrappen' }).click();
    await settle(tp.page, () => tp.page.getByLabel('1. Informasjon og selvhjelp').check());
    const stepOne = await names(tp.page);
    expect(stepOne).toEqual(expect.arrayContaining(['Ung rettshjelp', 'Gatejuristen']));
    expect(stepOne).not.toContain('Adamstuen');
    expect(new URL(tp.page.url()).searchParams.get('step')).toBe('1');
    expect(tp.problems).toEqual([]);
  });

  it('narrows by age and by target group', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=ungdom');
    expect(await names(tp.page)).toContain('Ungdom og rus – Oslo kommunale legevakt');

    await tp.page.getByLabel('Alder', { exact: true }).fill('30');
    await settle(tp.page, () => tp.page.getByRole('button', { name: 'Bruk alder' }).click());
    const adults = await names(tp.page);
    expect(adults).not.toContain('Ungdom og rus – Oslo kommunale legevakt'); // up to age 23
    expect(adults).toContain('Barnevernvakten'); // no age limit stated
    expect(new URL(tp.page.url()).searchParams.get('age')).toBe('30');

    await openSearch(tp, '/?q=legevakt');
    expect(await names(tp.page)).toContain('Ungdom og rus – Oslo kommunale legevakt');
    await settle(tp.page, () => tp.page.getByLabel('Psykisk helse', { exact: true }).check());
    const mentalHealth = await names(tp.page);
    expect(mentalHealth).toEqual(expect.arrayContaining(['Psykiatrisk legevakt', 'Psykososial akuttjeneste på Legevakten']));
    expect(mentalHealth).not.toContain('Ungdom og rus – Oslo kommunale legevakt'); // substance use only
    expect(tp.problems).toEqual([]);
  });

  it('narrows to drop-in services and to services without a drug-free requirement', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=ungdom');
    expect(await names(tp.page)).toContain('Ungbo');
    await settle(tp.page, () => tp.page.getByLabel('Uten henvisning (drop-in)').check());
    const dropIn = await names(tp.page);
    expect(dropIn).toEqual(expect.arrayContaining(['Ung rettshjelp', 'Barnevernvakten']));
    expect(dropIn).not.toContain('Ungbo');

    await openSearch(tp, '/?q=omsorgssenter');
    expect(await names(tp.page)).toContain('Kommunalt omsorgssenter rusfri');
    await settle(tp.page, () => tp.page.getByLabel('Krever ikke rusfrihet').check());
    const activeUse = await names(tp.page);
    expect(activeUse).toEqual(expect.arrayContaining(['Kommunale omsorgssentre (aktiv rus)', 'Adamstuen']));
    expect(activeUse).not.toContain('Kommunalt omsorgssenter rusfri');
    expect(activeUse).not.toContain('Enga omsorgssenter'); // requirement not stated: not promised
    expect(tp.problems).toEqual([]);
  });

  it('narrows to services open now, in the evening, at weekends and day and night', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=ungdom');
    expect((await names(tp.page)).length).toBeGreaterThan(5);
    // Of the youth services only these two publish opening hours (both are open 24/7).
    for (const label of ['Åpent nå', 'Åpent kveld', 'Åpent i helgen', 'Døgnåpent (24/7)']) {
      await settle(tp.page, () => tp.page.getByLabel(label, { exact: true }).check());
      expect((await names(tp.page)).sort(), label).toEqual(['Barnevernvakten', 'Ungdom og rus – Oslo kommunale legevakt']);
      await settle(tp.page, () => tp.page.getByLabel(label, { exact: true }).uncheck());
    }
    expect(tp.problems).toEqual([]);
  });

  it('keeps the search in the URL: a reload and a shared link show the same list, and Back undoes a filter', async () => {
    const tp = await newPage(browser);
    await openSearch(tp);
    await search(tp.page, 'kanyle');
    await settle(tp.page, () => tp.page.getByLabel('Bydel', { exact: true }).selectOption({ label: 'Frogner' }));
    const shared = tp.page.url();
    expect(await names(tp.page)).toEqual(['Smittevernluken']);

    await settle(tp.page, () => tp.page.reload());
    expect(await tp.page.getByLabel('Hva leter du etter?').inputValue()).toBe('kanyle');
    expect(await tp.page.getByLabel('Bydel', { exact: true }).inputValue()).toBe('frogner');
    expect(await names(tp.page)).toEqual(['Smittevernluken']);

    const friend = await newPage(browser);
    await openSearch(friend, shared.replace(/^https?:\/\/[^/]+/, ''));
    expect(await names(friend.page)).toEqual(['Smittevernluken']);
    expect(await friend.page.getByLabel('Bydel', { exact: true }).inputValue()).toBe('frogner');

    await settle(tp.page, () => tp.page.getByLabel('Åpent nå').check());
    expect(new URL(tp.page.url()).searchParams.get('openNow')).toBe('true');
    await settle(tp.page, () => tp.page.goBack());
    expect(await tp.page.getByLabel('Åpent nå').isChecked()).toBe(false);
    expect(await names(tp.page)).toEqual(['Smittevernluken']);
    expect([...tp.problems, ...friend.problems]).toEqual([]);
  });

  it('takes a keyboard-only reader from the skip link through a search, a filter and a result, and back to it', async () => {
    const { page, problems } = await newPage(browser);
    await settle(page, () => page.goto('/'));

    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'a', key: 'Hopp til hovedinnhold', ring: true });
    expect((await page.locator('.vv-skip-link').boundingBox())!.y).toBeGreaterThanOrEqual(0); // shown while focused
    await page.keyboard.press('Enter');
    expect((await focused(page)).key).toBe('main');

    await page.keyboard.press('Tab');
    expect((await focused(page)).key).toBe('search-q');
    await page.keyboard.type('kanyle');
    await settle(page, () => page.keyboard.press('Enter'));
    expect(await page.locator('.vv-result').count()).toBe(2);
    expect((await focused(page)).key).toBe('search-q');

    const toFilter = await tabUntil(page, (f) => f.key === 'filter-dropIn');
    expect(toFilter.map((f) => f.key)).toEqual([
      'Søk',
      'Hopp til resultatene',
      'filter-district',
      'filter-target-all',
      'filter-age',
      'Bruk alder',
      'filter-dropIn',
    ]);
    expect(toFilter.filter((f) => !f.ring)).toEqual([]);
    await settle(page, () => page.keyboard.press('Space'));
    expect(await page.getByLabel('Uten henvisning (drop-in)').isChecked()).toBe(true);
    expect(new URL(page.url()).searchParams.get('dropIn')).toBe('true');
    expect((await focused(page)).key).toBe('filter-dropIn');

    const toResult = await tabUntil(page, (f) => f.key === 'Utdeling av brukerutstyr i bydel');
    expect(toResult.filter((f) => !f.ring)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Utdeling av brukerutstyr i bydel' }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', key: 'service-title' });

    // Back with the page's own link: the same list, focus on the result that was opened.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', key: 'Tilbake til søket', ring: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'a', key: 'Utdeling av brukerutstyr i bydel' });
    const url = new URL(page.url());
    expect([url.pathname, url.searchParams.get('q'), url.searchParams.get('dropIn')]).toEqual(['/', 'kanyle', 'true']);

    // And with the browser's Back.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Utdeling av brukerutstyr i bydel' }).waitFor();
    await page.goBack();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'a', key: 'Utdeling av brukerutstyr i bydel' });
    expect(problems).toEqual([]);
  });

  it('switches to English and back, keeping the search and the language across pages', async () => {
    const tp = await newPage(browser);
    await openSearch(tp, '/?q=kanyle');
    // Only the language changes, not the query: no new search, the page re-renders in English.
    await tp.page.getByRole('link', { name: 'Change language to English' }).click();
    await tp.page.getByRole('heading', { level: 1, name: 'Find help for mental health and substance use' }).waitFor();
    expect(await tp.page.locator('html').getAttribute('lang')).toBe('en');
    expect(new URL(tp.page.url()).searchParams.get('q')).toBe('kanyle');
    expect(await tp.page.locator('.vv-results__count').textContent()).toBe('2 services found for «kanyle»');
    expect(await card(tp.page, 'Smittevernluken').locator('.vv-result__reasons').textContent()).toContain(
      'Matched «brukerutstyr» (synonym for «kanyle»)',
    );

    await tp.page.getByLabel('What are you looking for?').fill('needle');
    await settle(tp.page, () => tp.page.getByRole('button', { name: 'Search', exact: true }).click());
    expect(await names(tp.page)).toContain('Smittevernluken');

    await tp.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Districts' }).click();
    await tp.page.getByRole('heading', { level: 1, name: 'Services in the districts' }).waitFor();
    expect(new URL(tp.page.url()).searchParams.get('lang')).toBe('en');

    await tp.page.getByRole('link', { name: 'Bytt språk til norsk' }).click();
    await tp.page.getByRole('heading', { level: 1, name: 'Tilbud i bydelene' }).waitFor();
    expect(await tp.page.locator('html').getAttribute('lang')).toBe('nb');
    expect(tp.problems).toEqual([]);
  });
});
