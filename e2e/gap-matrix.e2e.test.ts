import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, apiCall, baseUrl, expectNoAxeViolations, launchBrowser, newPage, pageReady, startFileServer } from './harness.ts';

/*
 * The gap matrix as a planner or a caseworker uses it: a district's own offers apart from
 * city-wide ones (a toggle, both counts in every cell), agreements and contracts never filling a
 * step, statuses in words, and on a phone one district at a time with the header in view.
 */

type Coverage = { status: string };
type GapRow = { district: string; name: string; cells: ({ step: number; local: number; cityWide: number; own: Coverage } & Coverage)[] };

const PHONE = { width: 375, height: 700 };
const STATUS_TEXT: Record<string, string> = {
  missing: 'Mangler',
  office_hours_only: 'Kun kontortid',
  covered: 'Åpent utenom kontortid',
  hours_unknown: 'Åpningstid ukjent',
};

const matrix = async () => (await (await fetch(`${baseUrl()}/api/gap-matrix`)).json()) as GapRow[];

beforeAll(startFileServer);

describe('the gap matrix', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('shows both counts in every cell and switches to the district’s own offers with the keyboard', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/dekning');
    await pageReady(page);
    const rows = await matrix();
    const table = page.locator('#gap-table');
    const sagene = rows.find((r) => r.district === 'sagene')!;
    const sageneRow = table.getByRole('row', { name: new RegExp(`^${sagene.name}`) });
    const cellText = async (step: number) =>
      (await sageneRow
        .locator('td')
        .nth(step - 1)
        .textContent())!;
    for (const cell of sagene.cells) {
      const text = await cellText(cell.step);
      expect(text).toContain(`${cell.local} egne · ${cell.cityWide} byomfattende`);
      expect(text).toContain(STATUS_TEXT[cell.status]);
    }
    // "Missing" and "office hours only" are words in the cells, not colours only.
    const body = (await table.textContent())!;
    expect(body).toContain('Mangler');
    await expectNoAxeViolations(page, 'gap matrix');

    const toggle = page.getByLabel('Bare bydelens egne tilbud');
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.get('visning')).toBe('egne');
    await expect.poll(() => table.locator('caption').textContent()).toContain('uten tilbud for hele Oslo');
    for (const cell of sagene.cells) {
      const text = await cellText(cell.step);
      expect(text).toContain(STATUS_TEXT[cell.own.status]);
      // Both counts stay in the cell.
      expect(text).toContain(`${cell.local} egne · ${cell.cityWide} byomfattende`);
    }
    // A step Sagene has only through city-wide services is missing in its own chain.
    const onlyCityWide = sagene.cells.find((c) => c.local === 0 && c.cityWide > 0);
    if (onlyCityWide) expect(await cellText(onlyCityWide.step)).toContain('Mangler');
    await expectNoAxeViolations(page, 'gap matrix, own offers only');
    expect(problems).toEqual([]);
  });

  it('never lets an agreement or a contract fill a step', async () => {
    const admin = await adminApi();
    const before = await matrix();
    const target = before.flatMap((r) => r.cells.map((c) => ({ r, c }))).find(({ c }) => c.local === 0)!;
    await apiCall(admin, 'POST', '/api/services', {
      name: 'Rammeavtale for e2e-testen',
      description: 'En rammeavtale, ikke et tilbud innbyggere kan bruke.',
      kind: 'other',
      ladderStep: target.c.step,
      districts: [target.r.district],
      arrangement: 'framework_agreement',
    });
    const { page, problems } = await newPage(browser);
    await page.goto('/dekning?visning=egne');
    await pageReady(page);
    const row = page.locator('#gap-table').getByRole('row', { name: new RegExp(`^${target.r.name}`) });
    const text = (await row
      .locator('td')
      .nth(target.c.step - 1)
      .textContent())!;
    expect(text).toContain(`0 egne · ${target.c.cityWide} byomfattende`);
    expect(text).toContain('Mangler');
    expect(problems).toEqual([]);
  });

  it('shows one district at a time on a phone, chosen in a select, with the header kept in view', async () => {
    const { page, problems } = await newPage(browser, { viewport: PHONE });
    await page.goto('/dekning');
    await pageReady(page);
    expect(await page.locator('#gap-table').isVisible()).toBe(false);
    const select = page.getByLabel('Velg bydel');
    expect(await select.isVisible()).toBe(true);
    await select.selectOption({ label: 'Grünerløkka' });
    await expect.poll(() => page.locator('#gap-table-one caption').textContent()).toContain('Grünerløkka');
    expect(new URL(page.url()).searchParams.get('bydel')).toBe('grunerlokka');
    const rows = await matrix();
    const district = rows.find((r) => r.district === 'grunerlokka')!;
    const bodyRows = page.locator('#gap-table-one tbody tr');
    expect(await bodyRows.count()).toBe(7);
    for (const [i, cell] of district.cells.entries()) {
      expect(await bodyRows.nth(i).textContent()).toContain(STATUS_TEXT[cell.status]);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Scrolled down the table, its header row is still at the top of the screen.
    await bodyRows.nth(6).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 200));
    const header = (await page.locator('#gap-table-one thead th').first().boundingBox())!;
    const table = (await page.locator('#gap-table-one').boundingBox())!;
    if (table.y < 0) expect(Math.abs(header.y)).toBeLessThan(2);
    await expectNoAxeViolations(page, 'gap matrix at 375 px');
    expect(problems).toEqual([]);
  });

  it('keeps the step headers in view while the wide table scrolls', async () => {
    const { page, problems } = await newPage(browser, { viewport: { width: 1280, height: 700 } });
    await page.goto('/dekning');
    await pageReady(page);
    const box = page.locator('.vv-gap-wide');
    const top = (await box.boundingBox())!.y;
    await box.evaluate((el) => el.scrollBy(0, 400));
    await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const header = (await page.locator('#gap-table thead th').nth(1).boundingBox())!;
    expect(Math.abs(header.y - top)).toBeLessThan(3);
    expect(problems).toEqual([]);
  });
});
