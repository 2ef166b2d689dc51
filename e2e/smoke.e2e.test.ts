import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, newPage } from './harness.ts';

describe('the public front page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('loads with a heading, no browser errors and no axe violations', async () => {
    const tp = await newPage(browser);
    await tp.page.goto('/');
    await expect.poll(() => tp.page.locator('h1').first().textContent()).toBeTruthy();
    await expectNoAxeViolations(tp.page);
    expect(tp.problems).toEqual([]);
  });
});
