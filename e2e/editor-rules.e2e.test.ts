import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeId,
  adminApi,
  apiCall,
  baseUrl,
  createUser,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  signInPage,
  startFileServer,
  unexpectedProblems,
  type Session,
  type TestPage,
  type TestUser,
} from './harness.ts';

/*
 * The editor's workflow rules in a real browser: closing asks in a modal dialog (keyboard only:
 * focus kept inside, Escape cancels, focus comes back) and can be undone once; a save without
 * changes says so; the save button is reachable without scrolling, on a phone too; plain words for
 * a negative number; the prioritised stale list; the intake-status history.
 */

type ApiService = { id: string; name: string; version: number; status: string; statusDate: string | null; intakeStatus: string | null };

const token = `vvregel${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const PHONE = { width: 375, height: 700 };

async function getService(id: string): Promise<ApiService> {
  return (await (await fetch(`${baseUrl()}/api/services/${id}`)).json()) as ApiService;
}

const heading = (page: Page) => page.locator('h1').first().textContent();

beforeAll(startFileServer);

describe('the editor’s workflow rules', () => {
  let browser: Browser;
  let admin: Session;
  let editor: TestUser;
  const pages: TestPage[] = [];

  const createViaApi = (name: string) =>
    apiCall<ApiService>(admin, 'POST', '/api/services', {
      name,
      description: 'Et tilbud laget av nettlesertestene for redaktørens arbeidsflyt.',
      kind: 'drop_in_meeting_place',
      districts: ['gamle-oslo'],
      openingHours: { rules: [{ byday: 'MO', opensAt: '08:00', closesAt: '16:00' }] },
      contacts: [{ name: 'Kari Nordmann', title: 'Leder', phone: '22 00 00 00', email: null }],
    });

  async function editorPageFor(id: string, viewport?: { width: number; height: number }): Promise<TestPage> {
    const tp = await newPage(browser, viewport ? { viewport } : {});
    pages.push(tp);
    await signInPage(tp, editor);
    await tp.page.goto(`/redaktor/tjenester/${id}`);
    await tp.page.locator('#service-save').waitFor();
    return tp;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await adminApi();
    editor = await createUser(['catalog_editor']);
  });
  afterAll(async () => {
    for (const tp of pages) expect(unexpectedProblems(tp.problems)).toEqual([]);
    await browser?.close();
  });

  it('asks before closing, with the keyboard only: focus stays in the dialog, Escape cancels and focus returns', async () => {
    const service = await createViaApi(`Stengetest ${token}`);
    const { page } = await editorPageFor(service.id);
    await page.locator('#close-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Legge ned «Stengetest ${token}»?` });
    await dialog.waitFor();
    // The safe choice has focus first.
    await expect.poll(() => activeId(page)).toBe('close-confirm-cancel');
    await expectNoAxeViolations(page, 'close confirmation dialog');
    // Tab and Shift+Tab go round inside the dialog.
    const seen: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      seen.push(await activeId(page));
    }
    expect(seen).toEqual(['close-confirm-confirm', 'close-confirm-cancel', 'close-confirm-confirm', 'close-confirm-cancel']);
    await page.keyboard.press('Shift+Tab');
    expect(await activeId(page)).toBe('close-confirm-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await activeId(page)).toBe('close-open');
    expect(await getService(service.id)).toMatchObject({ status: 'active', version: 1 });

    // Asked again and confirmed with the keyboard, the service closes.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await activeId(page)).toBe('close-confirm-confirm');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#close-result').textContent()).toMatch(/Tilbudet er lagt ned fra /);
    await expect.poll(() => activeId(page)).toBe('close-result');
    expect(await getService(service.id)).toMatchObject({ status: 'closed', version: 2 });
  });

  it('undoes a close once; a second undo of the same close says it cannot', async () => {
    const service = await createViaApi(`Angretest ${token}`);
    await apiCall(admin, 'POST', `/api/services/${service.id}/close`, { version: 1, closedOn: '2026-11-30', note: null });
    const first = await editorPageFor(service.id);
    const second = await editorPageFor(service.id);
    await first.page.getByRole('button', { name: 'Angre nedleggelsen' }).click();
    await expect.poll(() => first.page.locator('#close-result').textContent()).toContain('Nedleggelsen er angret');
    await expect.poll(() => activeId(first.page)).toBe('close-result');
    expect(await getService(service.id)).toMatchObject({ status: 'active', statusDate: null, version: 3 });
    // The form starts again from the restored service, and the close form is back.
    await expect(first.page.locator('#f-status').inputValue()).resolves.toBe('active');
    await first.page.locator('#close-open').waitFor();
    await expectNoAxeViolations(first.page, 'edit page after undo');

    // The other editor's page still shows the close: their undo is refused with a clear message.
    await second.page.getByRole('button', { name: 'Angre nedleggelsen' }).click();
    await expect.poll(() => second.page.locator('#close-result').textContent()).toContain('kan ikke angres');
    expect(await getService(service.id)).toMatchObject({ status: 'active', version: 3 });
    const history = await apiCall<{ action: string }[]>(admin, 'GET', `/api/services/${service.id}/history`);
    expect(history.map((h) => h.action)).toEqual(['undo_close', 'close', 'create']);
  });

  it('says so when a save changes nothing, and writes no version', async () => {
    const service = await createViaApi(`Uendret ${token}`);
    const { page } = await editorPageFor(service.id);
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => page.locator('#edit-flash').textContent())
      .toContain('Ingen endringer å lagre. Tilbudet er fortsatt versjon 1.');
    await expect.poll(() => activeId(page)).toBe('edit-flash');
    expect((await getService(service.id)).version).toBe(1);
    expect(await apiCall<unknown[]>(admin, 'GET', `/api/services/${service.id}/history`)).toHaveLength(1);
  });

  it('keeps the save button in view on a phone, without covering the field being edited, with a skip link to it', async () => {
    const service = await createViaApi(`Lagreknapp ${token}`);
    const { page } = await editorPageFor(service.id, PHONE);
    const save = page.locator('#service-save');
    const inView = async () => {
      const box = (await save.boundingBox())!;
      return box.y >= 0 && box.y + box.height <= PHONE.height;
    };
    expect(await inView()).toBe(true);
    // Focus a field in the middle of the long form: the button is still in view, and not on top of the field.
    await page.locator('#f-eligibilityDescription').focus();
    await expect.poll(inView).toBe(true);
    const field = (await page.locator('#f-eligibilityDescription').boundingBox())!;
    const bar = (await page.locator('.vv-staff-savebar').boundingBox())!;
    expect(field.y + field.height).toBeLessThanOrEqual(bar.y);
    // Tabbing on from a field near the bottom of the screen scrolls it clear of the bar.
    await page.locator('#f-places').focus();
    const places = (await page.locator('#f-places').boundingBox())!;
    expect(places.y + places.height).toBeLessThanOrEqual((await page.locator('.vv-staff-savebar').boundingBox())!.y);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('link', { name: 'Hopp til lagreknappen' }).click();
    await expect.poll(() => activeId(page)).toBe('service-save');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, 'edit page at 375 px');
  });

  it('says a negative number must be 0 or more, at the field and in the summary', async () => {
    const service = await createViaApi(`Negativt ${token}`);
    const { page } = await editorPageFor(service.id);
    await page.getByLabel('Minstealder').fill('-3');
    await page.getByLabel('Antall plasser').fill('-1');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.textContent()).toContain('Må være 0 eller mer');
    await expect(page.locator('#f-minAge-error').textContent()).resolves.toContain('Må være 0 eller mer');
    await expect(page.locator('#f-places-error').textContent()).resolves.toContain('Må være 0 eller mer');
    expect((await getService(service.id)).version).toBe(1);
    await expectNoAxeViolations(page, 'edit page with negative numbers');
  });

  it('shows the stale list with crisis and drop-in services first, each group in Norwegian order', async () => {
    const tp = await newPage(browser);
    pages.push(tp);
    await signInPage(tp, editor);
    const { page } = tp;
    await page.goto('/redaktor');
    await expect.poll(() => heading(page)).toBe('Redaktør');
    await page.getByRole('button', { name: /^Vis alle/ }).click();
    const rows = page.locator('#stale-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('td:nth-child(1)')!.textContent.trim(), tr.querySelector('td:nth-child(2)')!.textContent.trim()]),
    );
    const rank = (p: string) => (p === 'Krisetilbud' ? 0 : p === 'Drop-in' ? 1 : 2);
    expect(cells[0]![1]).toBe('Krisetilbud');
    const ranks = cells.map(([, p]) => rank(p!));
    expect(ranks).toEqual([...ranks].sort());
    const collator = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });
    for (const group of [0, 1, 2]) {
      const names = cells.filter(([, p]) => rank(p!) === group).map(([n]) => n!);
      expect(names).toEqual([...names].sort(collator.compare));
    }
    await expectNoAxeViolations(page, 'editor overview with the prioritised stale list');
  });

  it('sets intake status without a new version and shows it in the intake-status history', async () => {
    const service = await createViaApi(`Inntak ${token}`);
    const { page } = await editorPageFor(service.id);
    await page.getByLabel('Tar tilbudet imot nye nå?').selectOption('full');
    await page.getByRole('button', { name: 'Lagre inntaksstatus' }).click();
    await expect.poll(() => page.locator('#intake-result').textContent()).toBe('Inntaksstatusen er lagret.');
    expect(await getService(service.id)).toMatchObject({ intakeStatus: 'full', version: 1 });
    await page.getByText('Tidligere inntaksstatus').click();
    await expect
      .poll(() => page.locator('.vv-staff-intake-history li').first().textContent())
      .toContain(`Fullt, satt av ${editor.displayName}`);
    // The page's own version did not move: saving the form is no conflict.
    await page.getByLabel('Om pris').fill('Gratis.');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect.poll(() => page.locator('#edit-flash').textContent()).toContain('Endringene er lagret som versjon 2.');
    await expectNoAxeViolations(page, 'edit page with intake history open');
  });
});
