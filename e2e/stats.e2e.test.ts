import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  pageReady,
  signInPage,
  unexpectedProblems,
  startFileServer,
} from './harness.ts';

/*
 * The public statistics as a reader uses them: from the list to an indicator, the tile map with
 * its numbers in text, a number activated by keyboard showing its numerator, denominator and
 * source, the report's inconsistencies beside the numbers, the trend chart drawn under the strict
 * CSP, a district profile, English, 375 px; and an analyst importing a table (refused, then stored).
 */

beforeAll(startFileServer);

const HEADER = 'district,row_type,rus_2020,rop_2020,total_2020,rus_2022,rop_2022,total_2022,rus_2024,rop_2024,total_2024';

describe('statistics', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('leads from the list to an indicator whose numbers open their source, numerator and denominator', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/statistikk');
    await pageReady(page);
    await expectNoAxeViolations(page, 'statistics list');
    await page.getByRole('link', { name: 'Fastlegepasienter med rusdiagnose per 1 000 voksne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fastlegepasienter med rusdiagnose per 1 000 voksne' }).waitFor();
    await pageReady(page);
    const alna = page.locator('.vv-stat-map [data-cell="alna|2024"]');
    expect(await alna.textContent()).toBe('9,4');
    await alna.focus();
    await page.keyboard.press('Enter');
    const details = page.getByTestId('cell-details');
    await expect.poll(() => details.textContent()).toMatch(/378/);
    expect(await details.textContent()).toMatch(/40\s126/);
    expect(await details.textContent()).toContain('RS2025 (PDF report), extracted to CSV');
    // Every number names the release it is read from (the first, made at seed).
    expect(await page.getByTestId('cell-release').textContent()).toMatch(/^Publisering \d+, /);
    // Oslo carries the finding that the boxes do not add up to the stated total.
    await page.locator('.vv-stat-table [data-cell="oslo|2024"]').click();
    await expect.poll(() => details.textContent()).toMatch(/5\s?389/);
    await expectNoAxeViolations(page, 'indicator page');
    expect(unexpectedProblems(problems)).toEqual([]);
  });

  it('draws the trend with Observable Plot under the strict CSP, with the table as its alternative', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto('/statistikk/staff_years_adults_per_10000');
    await pageReady(page);
    await page.locator('.vv-stat-chart svg.vv-plot').waitFor();
    expect(await page.locator('.vv-stat-chart svg.vv-plot path').count()).toBeGreaterThan(0);
    await page.getByLabel('Bydel i grafen').selectOption('stovner');
    expect(await page.getByTestId('findings').textContent()).toContain('per 1 000');
    await expectNoAxeViolations(page, 'indicator with trend');
    expect(unexpectedProblems(problems)).toEqual([]);
  });

  it('shows a district profile, reads in English, and fits a phone', async () => {
    const tp = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await tp.page.goto('/statistikk/bydel/grorud');
    await tp.page.getByRole('heading', { level: 1, name: 'Bydel Grorud' }).waitFor();
    await pageReady(tp.page);
    await tp.page.locator('[data-cell="grorud|2024"]').first().waitFor();
    expect(await tp.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(tp.page, 'district profile at 375 px');
    await tp.page.goto('/statistikk/housing_need_households?lang=en');
    await tp.page.getByRole('heading', { level: 2, name: /Map of the districts/ }).waitFor();
    await pageReady(tp.page);
    expect(await tp.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoAxeViolations(tp.page, 'indicator in English at 375 px');
  });

  it('lets an analyst import a table: a bad file is refused with every problem, a good one is stored', async () => {
    const user = await createUser(['analyst']);
    const tp = await newPage(browser);
    await signInPage(tp, user);
    const { page } = tp;
    await page.goto('/analyse/import');
    await page.getByRole('heading', { level: 1, name: 'Importer en tabell til statistikken' }).waitFor();
    await pageReady(page);
    await page.getByLabel('Kildesystem').fill('Boligbehovskartlegging');
    await page.getByLabel('Kilde (henvisning)').fill('E2E-test');
    const file = page.getByLabel('Fil (CSV eller XLSX)');
    await file.setInputFiles({
      name: 'feil.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${HEADER}\nNordre Akker,district,1,1,2,1,1,2,1,1,-2\n`),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('rows[2].district');
    expect(await problems.textContent()).toContain('rows[2].total_2024');
    await expectNoAxeViolations(page, 'import refused');
    await file.setInputFiles({
      name: 'riktig.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${HEADER}\nAlna,district,22,11,33,20,25,45,19,41,60\n`),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByText('Importert: 1 rader, 9 tall, perioder 2020–2024.').waitFor();
    await page.getByRole('cell', { name: 'riktig.csv' }).waitFor();
    // The import is not public until a release: publish, then the list page says what changed.
    await page.getByRole('button', { name: 'Publiser tallene på nytt' }).click();
    await page.getByText(/^Publisering \d+ er laget: \d+ tall, \d+ prikket\./).waitFor();
    await expectNoAxeViolations(page, 'release made');
    await page.goto('/statistikk');
    await pageReady(page);
    const changes = page.getByTestId('release-changes');
    await expect.poll(() => changes.textContent()).toMatch(/sammenlignet med publisering \d+/);
    // Alna's 2024 count of households with substance problems went from 18 to 19.
    expect(await changes.textContent()).toMatch(/Alna, 2024: 18 → 19 \(ny verdi\)/);
    await expectNoAxeViolations(page, 'statistics list with changes');
  });

  it('lets an analyst build the report from the release, following its progress, and readers download it', async () => {
    const user = await createUser(['analyst']);
    const tp = await newPage(browser);
    await signInPage(tp, user);
    const { page } = tp;
    await page.goto('/analyse');
    await page.getByRole('link', { name: 'Lag rapporten «Helhetlig russtatistikk»' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapporten «Helhetlig russtatistikk»' }).waitFor();
    await pageReady(page);
    await expectNoAxeViolations(page, 'report page');
    await page.getByRole('button', { name: 'Lag rapport' }).focus();
    await page.keyboard.press('Enter');
    // The progress bar stands while it builds (the job queue polls; printing takes seconds).
    await page.locator('progress#report-progress').waitFor();
    await expectNoAxeViolations(page, 'report building');
    await page.getByText(/Rapporten er ferdig/).waitFor({ timeout: 60_000 });
    const pdfHref = await page.getByRole('status').getByRole('link', { name: 'PDF' }).getAttribute('href');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const reader = await newPage(browser);
    await reader.page.goto('/statistikk');
    await pageReady(reader.page);
    const link = reader.page.getByRole('region', { name: 'Rapporten' }).getByRole('link', { name: 'PDF' });
    expect(await link.getAttribute('href')).toBe(pdfHref);
    await expectNoAxeViolations(reader.page, 'statistics list with the report');
    expect(unexpectedProblems(reader.problems)).toEqual([]);
  });
});
