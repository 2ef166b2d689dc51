import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNationalId } from '../test/national-ids.ts';
import {
  activeId,
  ADMIN,
  adminApi,
  apiCall,
  apiSignIn,
  baseUrl,
  clientAddress,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  signInPage,
  startFileServer,
  unexpectedProblems,
  type Session,
  type TestPage,
} from './harness.ts';

/*
 * Administration in a real browser: users, the audit log (filters, CSV, hash chain), the
 * resident's access report, the background jobs, and the first-administrator setup page.
 */

const unexpected = unexpectedProblems;
const heading = (page: Page) => page.locator('h1').first().textContent();

type UserSummary = {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  districts: string[];
  units: string[];
  disabled: boolean;
  identity: { issuer: string; subject: string } | null;
};

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('the administration', () => {
  let browser: Browser;
  let admin: Session;
  let adminPage: TestPage;
  let newUserId = '';
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const newUser = {
    email: `ny-bruker-${suffix}@e2e.oslo.kommune.no`,
    displayName: `Ny Saksbehandler ${suffix}`,
    password: 'ny-bruker-passord-123',
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await adminApi();
    adminPage = await newPage(browser);
    await signInPage(adminPage, ADMIN);
  });
  afterAll(async () => browser?.close());

  it('creates a user through the form after showing what is wrong, then changes the roles', async () => {
    const { page } = adminPage;
    await page.goto('/admin');
    await expect.poll(() => heading(page)).toBe('Brukere');
    await page.getByRole('table').waitFor();
    await expectNoAxeViolations(page, 'users page');

    const form = page.locator('#create-user-heading').locator('xpath=..');
    await form.getByLabel('E-postadresse').fill('ikke-en-epost');
    await form.getByLabel('Navn').first().fill(newUser.displayName);
    await form.getByLabel('Passord').fill('kort');
    await form.getByLabel('Saksbehandler i bydel').check();
    await form.getByRole('group', { name: 'Bydeler' }).getByLabel('Alna').check();
    await page.getByRole('button', { name: 'Opprett bruker' }).click();
    await expect.poll(() => activeId(page)).toBe('error-summary');
    await expect(page.locator('#error-summary').getByRole('link').allTextContents()).resolves.toEqual([
      'E-postadresse: Må være en e-postadresse',
      'Passord: Må ha minst 12 tegn',
    ]);
    expect(await page.locator('#f-new-password').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'users page with form errors');
    const before = await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users');
    expect(before.some((u) => u.displayName === newUser.displayName)).toBe(false);

    await form.getByLabel('E-postadresse').fill(newUser.email);
    await form.getByLabel('Passord').fill(newUser.password);
    await page.getByRole('button', { name: 'Opprett bruker' }).click();
    await expect.poll(() => page.locator('#create-user-result').textContent()).toBe(`Brukeren ${newUser.email} er opprettet.`);
    await expect.poll(() => activeId(page)).toBe('create-user-result');
    const row = page.getByRole('row', { name: new RegExp(newUser.displayName) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Saksbehandler i bydel');
    await expect(row.textContent()).resolves.toContain('Alna');
    const created = (await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users')).find((u) => u.email === newUser.email);
    expect(created).toMatchObject({ roles: ['district_caseworker'], districts: ['alna'], disabled: false });
    newUserId = created?.id ?? '';
    // The new account works.
    await apiSignIn(newUser, clientAddress());

    await row.getByRole('link', { name: `Endre ${newUser.displayName}` }).click();
    await expect.poll(() => heading(page)).toBe(`Endre bruker ${newUser.displayName}`);
    await page.getByLabel('Felles inntak').check();
    await page.getByLabel('Deaktivert (kan ikke logge inn)').check();
    await page.getByRole('button', { name: 'Lagre endringene' }).click();
    await expect.poll(() => page.locator('#user-result').textContent()).toContain('Endringene er lagret');
    await expectNoAxeViolations(page, 'edit user page');
    const changed = (await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users')).find((u) => u.email === newUser.email);
    expect(changed).toMatchObject({ roles: ['district_caseworker', 'common_intake'], disabled: true });
    // A disabled account cannot sign in.
    const refused = await fetch(`${baseUrl()}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() },
      body: JSON.stringify({ email: newUser.email, password: newUser.password }),
    });
    expect(refused.status).toBe(401);
    expect(unexpected(adminPage.problems)).toEqual([]);
  });

  it('links the user to an ID-porten identity (issuer and subject), shows it, and removes it again', async () => {
    const { page } = adminPage;
    const identity = page.getByRole('region', { name: 'Innlogging med ID-porten eller Entra ID' });
    await identity.getByRole('button', { name: 'Koble til' }).click();
    await expect.poll(() => identity.locator('#f-identity-issuer-error').textContent()).toContain('Må være en https-adresse');
    await identity.getByLabel('Utsteder (issuer)').fill('https://idporten.no');
    await identity.getByLabel('Subjekt (sub)').fill('Xa1b2c3-pairwise');
    await identity.getByRole('button', { name: 'Koble til' }).click();
    await expect.poll(() => identity.locator('#identity-result').textContent()).toContain('Koblingen er lagret.');
    await expect(identity.textContent()).resolves.toContain('Koblet til subjekt Xa1b2c3-pairwise hos https://idporten.no.');
    await expectNoAxeViolations(page, 'edit user page with a linked identity');
    const linked = (await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users')).find((u) => u.id === newUserId);
    expect(linked?.identity).toEqual({ issuer: 'https://idporten.no', subject: 'Xa1b2c3-pairwise' });

    await identity.getByRole('button', { name: 'Fjern koblingen' }).click();
    await expect.poll(() => identity.locator('#identity-result').textContent()).toContain('Koblingen er fjernet.');
    const unlinked = (await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users')).find((u) => u.id === newUserId);
    expect(unlinked?.identity).toBeNull();
    expect(unexpected(adminPage.problems)).toEqual([]);
  });

  it('filters the audit log, downloads the same selection as CSV, and verifies the hash chain', async () => {
    const { page } = adminPage;
    await page.getByRole('link', { name: 'Tilgangslogg' }).click();
    await expect.poll(() => heading(page)).toBe('Tilgangslogg');
    await page.locator('#audit-table').waitFor();
    await expectNoAxeViolations(page, 'audit log');

    await page.getByLabel('Handling', { exact: true }).fill('create_user');
    await page.getByLabel('Utfall').selectOption('allowed');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.waitForURL(/action=create_user/);
    await expect
      .poll(async () => {
        const actions = await page.locator('#audit-table tbody tr td:nth-child(3) code').allTextContents();
        return actions.length > 0 && actions.every((a) => a === 'create_user');
      })
      .toBe(true);
    await expect(page.locator('#audit-caption').textContent()).resolves.toMatch(/hendelser?, nyeste først/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Last ned som CSV' }).click()]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const [header = '', ...lines] = csv.trim().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['occurred_at', 'actor_name', 'action', 'outcome', 'resource_id']));
    for (const line of lines) {
      expect(line).toContain('"create_user"');
      expect(line).toContain('"allowed"');
    }
    // The user created through the form above is in it (as the resource of its create_user row).
    expect(lines.some((line) => line.includes(`"${newUserId}"`))).toBe(true);
    // The same selection as the table: the database is this file's own, so nothing was added in between.
    expect(lines.length).toBe(await page.locator('#audit-table tbody tr').count());

    await page.getByRole('button', { name: 'Kontroller hash-kjeden' }).click();
    await expect
      .poll(() => page.locator('#chain-result').textContent())
      .toMatch(/^Loggen er hel: \d+ rader kontrollert, ingen er endret eller fjernet\.$/);
    await expect.poll(() => activeId(page)).toBe('chain-result');

    await page.getByRole('button', { name: 'Nullstill filtrene' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe(null);
    expect(unexpected(adminPage.problems)).toEqual([]);
  });

  it('shows a resident who has looked at their data: when, who, role, what and purpose', async () => {
    const caseworker = {
      email: `saksbehandler-alna-${suffix}@e2e.oslo.kommune.no`,
      password: 'saksbehandler-passord-123',
      displayName: `Saksbehandler Alna ${suffix}`,
    };
    await apiCall(admin, 'POST', '/api/admin/users', { ...caseworker, roles: ['district_caseworker'], districts: ['alna'] });
    const session = await apiSignIn(caseworker, clientAddress());
    const nationalId = syntheticNationalId();
    const person = await apiCall<{ id: string }>(session, 'POST', '/api/persons', {
      nationalId,
      givenName: 'Test',
      familyName: 'Person',
      district: 'alna',
    });
    await apiCall(session, 'GET', `/api/persons/${person.id}?purpose=case_handling`);

    const { page } = adminPage;
    await page.getByRole('link', { name: 'Innsyn for innbyggere' }).click();
    await expect.poll(() => heading(page)).toBe('Hvem har sett opplysningene mine?');
    await expectNoAxeViolations(page, 'access report page');

    const field = page.getByLabel('Fødselsnummer eller D-nummer');
    await field.fill('1234');
    await page.getByRole('button', { name: 'Lag innsynsrapport' }).click();
    await expect.poll(() => activeId(page)).toBe('error-summary');
    await expect(page.locator('#f-access-nationalId-error').textContent()).resolves.toBe('Må være 11 siffer');

    await field.fill(nationalId);
    await page.getByRole('button', { name: 'Lag innsynsrapport' }).click();
    const table = page.locator('#access-result table');
    await table.waitFor();
    await expect.poll(() => activeId(page)).toBe('access-result');
    const rows = table.locator('tbody tr');
    const texts = await rows.allTextContents();
    expect(
      texts.some(
        (t) =>
          t.includes(caseworker.displayName) &&
          t.includes('Saksbehandler i bydel') &&
          t.includes('Registrerte personen') &&
          t.includes('Registrering'),
      ),
    ).toBe(true);
    expect(texts.some((t) => t.includes(caseworker.displayName) && t.includes('Så på opplysningene') && t.includes('Saksbehandling'))).toBe(
      true,
    );
    await expect(table.locator('thead').textContent()).resolves.toBe('TidspunktHvemRolleHvaFormålUtfall');
    // When: every entry is from today (this file's database is new), in Oslo time.
    const dateFormat = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' });
    const today = dateFormat.format(new Date());
    const whens = await rows.locator('td:first-child').allTextContents();
    expect(whens.length).toBeGreaterThanOrEqual(2);
    for (const when of whens) expect(when).toContain(today);
    await expectNoAxeViolations(page, 'access report with entries');
    // The national ID never went into the address bar.
    expect(page.url()).not.toContain(nationalId);
    expect(unexpected(adminPage.problems)).toEqual([]);
  });

  it('shows the background jobs: the recurring prune job in a table with headers, and a filter by state', async () => {
    const { page } = adminPage;
    await page.getByRole('link', { name: 'Bakgrunnsjobber' }).click();
    await expect.poll(() => heading(page)).toBe('Bakgrunnsjobber');
    const schedules = page.getByRole('table', { name: 'Jobber som kjører etter en fast plan (cron-uttrykk)' });
    await schedules.waitFor();
    await expect(schedules.getByRole('row', { name: /prune/ }).textContent()).resolves.toContain('*/15 * * * *');
    await expect(page.getByLabel('Tilstand').inputValue()).resolves.toBe('');
    await page.getByLabel('Tilstand').selectOption('failed');
    await page.getByRole('button', { name: 'Vis jobber' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('failed');
    await expectNoAxeViolations(page, 'background jobs page');
    expect(unexpected(adminPage.problems)).toEqual([]);
  });

  it('offers the first-administrator form from the setup link, and refuses a link that is not valid', async () => {
    const tp = await newPage(browser);
    await tp.context.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
    await tp.page.goto('/oppsett');
    await expect.poll(() => heading(tp.page)).toBe('Opprett den første administratoren');
    await expect(tp.page.getByText(/Lenken mangler koden fra serveren/).isVisible()).resolves.toBe(true);

    await tp.page.goto('/oppsett?token=ikke-en-gyldig-kode');
    await expect.poll(() => heading(tp.page)).toBe('Opprett den første administratoren');
    await expectNoAxeViolations(tp.page, 'setup page');
    await tp.page.getByLabel('E-postadresse').fill(`forste-admin-${suffix}@e2e.oslo.kommune.no`);
    await tp.page.getByLabel('Navn').fill('Første Administrator');
    await tp.page.getByLabel('Passord').fill('et-langt-passord-123');
    await tp.page.getByRole('button', { name: 'Opprett administrator' }).click();
    // Users exist already, so no setup token is valid any more.
    await expect.poll(() => tp.page.locator('#setup-failure').textContent()).toContain('Oppsettlenken er ugyldig');
    await expect.poll(() => activeId(tp.page)).toBe('setup-failure');
    const users = await apiCall<UserSummary[]>(admin, 'GET', '/api/admin/users');
    expect(users.some((u) => u.displayName === 'Første Administrator')).toBe(false);
    expect(unexpected(tp.problems)).toEqual([]);
    await tp.context.close();
  });

  it('keeps administration closed to an editor', async () => {
    const editor = {
      email: `bare-redaktor-${suffix}@e2e.oslo.kommune.no`,
      password: 'bare-redaktor-passord-123',
      displayName: `Bare Redaktør ${suffix}`,
    };
    await apiCall(admin, 'POST', '/api/admin/users', { ...editor, roles: ['catalog_editor'] });
    const tp = await newPage(browser);
    await tp.context.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
    await signInPage(tp, { email: editor.email, password: editor.password });
    await tp.page.goto('/admin/logg');
    await expect.poll(() => heading(tp.page)).toBe('Ingen tilgang');
    await expect(tp.page.getByText('Brukeren din har ikke tilgang til administrasjonen.').isVisible()).resolves.toBe(true);
    await expect(tp.page.locator('#audit-table').count()).resolves.toBe(0);
    expect(unexpected(tp.problems)).toEqual([]);
    await tp.context.close();
  });
});
