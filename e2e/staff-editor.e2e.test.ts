import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeId,
  adminApi,
  apiCall,
  apiSignIn,
  baseUrl,
  clientAddress,
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
 * The catalog editor in a real browser: sign-in, the service form and its per-field errors,
 * versions and history, verify, close, the public's error reports, version conflicts and access.
 */

type User = TestUser;

const makeUser = (roles: string[], scope: { districts?: string[] } = {}) => createUser(roles, scope);

/** A page in a context of its own, coming from its own client address. */
async function pageFrom(browser: Browser): Promise<TestPage> {
  const tp = await newPage(browser);
  await tp.context.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
  return tp;
}

async function signedInPage(browser: Browser, user: User): Promise<TestPage> {
  const tp = await newPage(browser);
  await signInPage(tp, user);
  return tp;
}

const unexpected = unexpectedProblems;
const heading = (page: Page) => page.locator('h1').first().textContent();

/** A name no seeded service has, so searches find exactly what this file made. */
const token = `vvtest${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const osloToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

type ApiService = {
  id: string;
  name: string;
  description: string;
  version: number;
  status: string;
  statusDate: string | null;
  intakeStatus: string | null;
  underReview: boolean;
  minAge: number | null;
  maxAge: number | null;
  districts: string[];
  languages: string[];
  openingHours: { rules: { byday: string; opensAt: string; closesAt: string }[]; exceptions: { date: string; closed: boolean }[] };
  contacts: { email: string | null }[];
  provenance: { lastVerifiedAt: string | null; verifiedBy: string | null };
};

async function searchTotal(q: string): Promise<number> {
  const response = await fetch(`${baseUrl()}/api/services?q=${encodeURIComponent(q)}&includeClosed=true`);
  return ((await response.json()) as { total: number }).total;
}

async function getService(id: string): Promise<ApiService> {
  return (await (await fetch(`${baseUrl()}/api/services/${id}`)).json()) as ApiService;
}

// A server of its own, on a database of its own (stopped and removed after the file).
beforeAll(startFileServer);

describe('the catalog editor', () => {
  let browser: Browser;
  let admin: Session;
  let editor: User;
  let otherEditor: User;
  let analyst: User;
  let editorPage: TestPage;
  let createdId = '';

  const createViaApi = (name: string) =>
    apiCall<ApiService>(admin, 'POST', '/api/services', {
      name,
      description: 'Et tilbud laget av nettlesertestene for redaktørsidene.',
      kind: 'drop_in_meeting_place',
      cityWide: true,
    });

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await adminApi();
    editor = await makeUser(['catalog_editor']);
    otherEditor = await makeUser(['catalog_editor']);
    analyst = await makeUser(['analyst']);
  });
  afterAll(async () => browser?.close());

  it('signs in through the form with the keyboard only, then goes where the editor was going', async () => {
    editorPage = await pageFrom(browser);
    const { page } = editorPage;
    await page.goto('/redaktor/ny');
    await page.waitForURL(/\/logg-inn\?returnTo=%2Fredaktor%2Fny/);
    await expect.poll(() => heading(page)).toBe('Logg inn');
    // No OpenID Connect provider is configured on the test server: no provider buttons.
    await expect(page.getByRole('link', { name: /^Logg inn med/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'sign-in page');
    // Tab alone reaches the form from wherever the page put focus.

    for (let i = 0; i < 30 && (await activeId(page)) !== 'f-signin-email'; i += 1) await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('f-signin-email');
    await page.keyboard.type(editor.email);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('f-signin-password');
    await page.keyboard.type(editor.password);
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/redaktor\/ny$/);
    await expect.poll(() => heading(page)).toBe('Nytt tilbud');
    await expect(page.getByText(`Logget inn som ${editor.displayName}`).isVisible()).resolves.toBe(true);
    expect(unexpected(editorPage.problems)).toEqual([]);
  });

  it('shows every bad field at the field and in a focused summary, saves nothing, then saves the corrected service', async () => {
    const { page } = editorPage;
    await page.getByLabel('Navn (må fylles ut)').fill('X');
    await page.getByLabel('Beskrivelse (bokmål) (må fylles ut)').fill('Kort');
    await page.getByLabel('Hvem tilbudet er for').fill(`Voksne. Søkeord ${token}.`);
    await page.getByLabel('Nettside').fill('ikke en adresse');
    await page.locator('#f-email').fill('post@');
    await page.getByLabel('Minstealder').fill('atten');
    await page.getByRole('button', { name: 'Legg til dag' }).click();
    // The new row takes focus, so keyboard users continue in it.
    await expect.poll(() => activeId(page)).toBe('f-openingHours-rules-0-byday');
    await page.locator('#f-openingHours-rules-0-opensAt').fill('25:00');
    await page.locator('#f-openingHours-rules-0-closesAt').fill('02:00');
    await page.getByLabel('Postnummer').fill('12');
    await page.getByRole('button', { name: 'Legg til kontaktperson' }).click();
    await page.locator('#f-contacts-0-email').fill('ikke-epost');
    await page.getByLabel('Språk').fill('norsk');
    await page.getByRole('button', { name: 'Opprett tilbudet' }).click();

    const summary = page.locator('#error-summary');
    await summary.waitFor();
    await expect.poll(() => activeId(page)).toBe('error-summary');
    const expected: [string, RegExp][] = [
      ['f-name', /minst 2 tegn/],
      ['f-description', /minst 10 tegn/],
      ['f-url', /nettadresse/],
      ['f-email', /e-postadresse/],
      ['f-minAge', /helt tall/],
      ['f-kind', /et av valgene/],
      ['f-openingHours-rules-0-opensAt', /klokkeslett/],
      ['f-location-postalCode', /firesifret postnummer/],
      ['f-contacts-0-email', /e-postadresse/],
      ['f-languages', /språkkode/],
    ];
    for (const [id, message] of expected) {
      const field = page.locator(`#${id}`);
      expect(await field.getAttribute('aria-invalid'), id).toBe('true');
      expect(await field.getAttribute('aria-describedby'), id).toContain(`${id}-error`);
      expect(await page.locator(`#${id}-error`).textContent(), id).toMatch(message);
    }
    // The rule across fields (a district or city-wide) is reported in the same round.
    await expect(summary.getByRole('link').count()).resolves.toBe(expected.length + 1);
    await expect(
      summary.getByRole('link', { name: 'Bydeler: Velg minst én bydel, eller at tilbudet gjelder hele Oslo' }).count(),
    ).resolves.toBe(1);
    await expectNoAxeViolations(page, 'service form with errors');

    // A summary link takes the keyboard to its field.
    await summary.getByRole('link', { name: /Åpner, rad 1/ }).click();
    await expect.poll(() => activeId(page)).toBe('f-openingHours-rules-0-opensAt');

    // Nothing was stored.
    expect(await searchTotal(token)).toBe(0);

    // Fix the field errors but make the age range contradict itself: the rules across fields remain.
    const name = `Nattkafé ${token}`;
    await page.getByLabel('Navn (må fylles ut)').fill(name);
    await page
      .getByLabel('Beskrivelse (bokmål) (må fylles ut)')
      .fill('Et lavterskel nattåpent tilbud med mat og samtale, laget av nettlesertestene.');
    await page.getByLabel('Nettside').fill('https://example.oslo.kommune.no/nattkafe');
    await page.locator('#f-email').fill('nattkafe@example.no');
    await page.getByLabel('Minstealder').fill('70');
    await page.getByLabel('Høyeste alder').fill('18');
    await page.getByLabel('Type tilbud (må fylles ut)').selectOption('drop_in_meeting_place');
    await page.locator('#f-openingHours-rules-0-byday').selectOption('FR');
    await page.locator('#f-openingHours-rules-0-opensAt').fill('20:00');
    await expect(page.locator('#f-openingHours-rules-0-closesAt-hint').textContent()).resolves.toBe('Stenger neste dag');
    await page.getByRole('button', { name: 'Legg til avvik' }).click();
    await page.locator('#f-openingHours-exceptions-0-date').fill('2026-12-24');
    await page.locator('#f-openingHours-exceptions-0-description').fill('Julaften');
    await page.getByLabel('Postnummer').fill('0182');
    await page.locator('#f-contacts-0-email').fill('leder@example.no');
    await page.locator('#f-contacts-0-name').fill('Kari Nordmann');
    await page.getByLabel('Språk').fill('nb, en');
    await page.getByRole('button', { name: 'Opprett tilbudet' }).click();

    await expect
      .poll(() => page.locator('#error-summary').getByRole('link').allTextContents())
      .toEqual([
        'Høyeste alder: Kan ikke være lavere enn minstealderen',
        'Bydeler: Velg minst én bydel, eller at tilbudet gjelder hele Oslo',
      ]);
    await expect.poll(() => activeId(page)).toBe('error-summary');
    expect(await searchTotal(token)).toBe(0);

    await page.getByLabel('Minstealder').fill('18');
    await page.getByLabel('Høyeste alder').fill('67');
    await page.getByRole('group', { name: 'Bydeler' }).getByLabel('Alna').check();
    await page.getByRole('button', { name: 'Opprett tilbudet' }).click();

    await page.waitForURL(/\/redaktor\/tjenester\/[0-9a-f-]{36}$/);
    createdId = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.locator('#edit-flash').textContent()).toContain('Tilbudet er opprettet.');
    await expect.poll(() => activeId(page)).toBe('edit-flash');

    const stored = await getService(createdId);
    expect(stored).toMatchObject({ name, minAge: 18, maxAge: 67, districts: ['alna'], languages: ['nb', 'en'], version: 1 });
    expect(stored.openingHours.rules).toEqual([expect.objectContaining({ byday: 'FR', opensAt: '20:00', closesAt: '02:00' })]);
    expect(stored.openingHours.exceptions).toEqual([expect.objectContaining({ date: '2026-12-24', closed: true })]);
    expect(stored.contacts).toEqual([expect.objectContaining({ email: 'leder@example.no' })]);

    // The public search finds it.
    const visitor = await newPage(browser);
    await visitor.page.goto(`/?q=${token}`);
    await visitor.page.getByRole('link', { name }).first().waitFor();
    await visitor.context.close();
    expect(unexpected(editorPage.problems)).toEqual([]);
  });

  it('saves an edit as a new version and shows who changed what in the history', async () => {
    const { page } = editorPage;
    const newName = `Nattkafé Alna ${token}`;
    await page.getByLabel('Navn (må fylles ut)').fill(newName);
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect.poll(() => page.locator('#edit-flash').textContent()).toContain('Endringene er lagret som versjon 2.');
    await expect.poll(() => activeId(page)).toBe('edit-flash');
    expect(await heading(page)).toBe(`Rediger «${newName}»`);

    await page.getByRole('link', { name: 'Se endringshistorikken' }).click();
    await page.waitForURL(/\/historikk$/);
    const newest = page.locator('.vv-staff-history__entry').first();
    await expect.poll(() => newest.locator('h2').textContent()).toMatch(new RegExp(`^Versjon 2: endret av ${editor.displayName}, `));
    const row = newest.getByRole('row', { name: /Navn/ });
    await expect(row.textContent()).resolves.toContain(`Nattkafé ${token}`);
    await expect(row.textContent()).resolves.toContain(newName);
    await expect(page.locator('.vv-staff-history__entry').nth(1).locator('h2').textContent()).resolves.toMatch(/^Versjon 1: opprettet av /);
    await expectNoAxeViolations(page, 'history page');
    await page.getByRole('link', { name: 'Tilbake til redigering' }).click();
    await expect.poll(() => heading(page)).toBe(`Rediger «${newName}»`);
  });

  it('verifies an entry today, which takes it off the stale list', async () => {
    const { page } = editorPage;
    const stale = () => apiCall<{ id: string }[]>(admin, 'GET', '/api/editor/stale');
    expect((await stale()).some((s) => s.id === createdId)).toBe(true);
    await page.getByRole('button', { name: 'Verifiser i dag' }).click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toMatch(/Oppføringen er verifisert \d+\. \w+ \d{4}\./);
    await expect.poll(() => activeId(page)).toBe('verify-result');
    await expect(page.locator('.vv-staff-meta').textContent()).resolves.toContain(`av ${editor.displayName}`);
    const stored = await getService(createdId);
    expect(stored.provenance).toMatchObject({ lastVerifiedAt: osloToday(), verifiedBy: editor.displayName });
    expect((await stale()).some((s) => s.id === createdId)).toBe(false);

    await page.getByLabel('Tar tilbudet imot nye nå?').selectOption('waiting_list');
    await page.getByRole('button', { name: 'Lagre inntaksstatus' }).click();
    await expect.poll(() => page.locator('#intake-result').textContent()).toBe('Inntaksstatusen er lagret.');
    // Intake status is its own small change: no content version.
    expect(await getService(createdId)).toMatchObject({ intakeStatus: 'waiting_list', version: 3 });

    // The form moved on past our own verify and intake changes: saving it is no conflict.
    await page.getByLabel('Om pris').fill('Gratis, men gaver til kaffekassa tas imot.');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect.poll(() => page.locator('#edit-flash').textContent()).toContain('versjon 4');
    await expectNoAxeViolations(page, 'service edit page');
  });

  it('closes a service from a date; the public search then leaves it out', async () => {
    const { page } = editorPage;
    await page.locator('#f-close-note').fill('Lagt ned etter at testene var ferdige.');
    await page.getByRole('button', { name: 'Legg ned tilbudet' }).click();
    // Closing asks first.
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, legg ned tilbudet' }).click();
    await expect.poll(() => page.locator('#close-result').textContent()).toMatch(/Tilbudet er lagt ned fra /);
    const stored = await getService(createdId);
    expect(stored).toMatchObject({ status: 'closed', statusDate: osloToday() });
    // The form started again from the closed service.
    await expect(page.locator('#f-status').inputValue()).resolves.toBe('closed');
    const open = (await (await fetch(`${baseUrl()}/api/services?q=${token}`)).json()) as { total: number };
    expect(open.total).toBe(0);
    expect(await searchTotal(token)).toBe(1);
    expect(unexpected(editorPage.problems)).toEqual([]);
  });

  it('puts a public error report in the editor queue; resolving it ends "under review"', async () => {
    const service = await createViaApi(`Feilmeldt tilbud ${token}`);
    const visitor = await pageFrom(browser);
    await visitor.page.goto(`/tjenester/${service.id}`);
    const message = `Telefonnummeret er feil, og det er stengt på mandager (${token}).`;
    await visitor.page.getByLabel('Hva er feil?').fill(message);
    await visitor.page.getByRole('button', { name: 'Send melding' }).click();
    await visitor.page.getByText(/Meldingen er sendt til redaksjonen/).waitFor();
    await visitor.context.close();
    expect((await getService(service.id)).underReview).toBe(true);

    const { page } = editorPage;
    await page.goto('/redaktor');
    const card = page.getByRole('article', { name: `Om Feilmeldt tilbud ${token}` });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(message);
    await expectNoAxeViolations(page, 'editor overview with the report queue');
    await card.getByLabel('Notat (valgfritt)').fill('Rettet telefonnummer og åpningstider.');
    await card.getByRole('button', { name: 'Merk som rettet' }).click();
    await expect
      .poll(() => page.locator('#reports-result').textContent())
      .toBe(`Meldingen om Feilmeldt tilbud ${token} er merket som rettet.`);
    await expect.poll(() => activeId(page)).toBe('reports-result');
    expect(await card.count()).toBe(0);
    expect((await getService(service.id)).underReview).toBe(false);
    const resolved = await apiCall<{ serviceId: string; handledNote: string }[]>(admin, 'GET', '/api/editor/error-reports?status=resolved');
    expect(resolved).toContainEqual(
      expect.objectContaining({ serviceId: service.id, handledNote: 'Rettet telefonnummer og åpningstider.' }),
    );
  });

  it('finds services by name on the overview, closed ones included', async () => {
    const { page } = editorPage;
    await page.getByLabel('Navn eller stikkord').fill(token);
    await page.getByRole('button', { name: 'Finn' }).click();
    await page.getByRole('link', { name: `Nattkafé Alna ${token}` }).waitFor();
    await expect(page.getByRole('link', { name: `Feilmeldt tilbud ${token}` }).isVisible()).resolves.toBe(true);
    expect(new URL(page.url()).searchParams.get('q')).toBe(token);
  });

  it('refuses the second of two editors who saved the same version, and reloads the latest for them', async () => {
    const service = await createViaApi(`Konflikttilbud ${token}`);
    const first = editorPage.page;
    const second = await signedInPage(browser, otherEditor);
    for (const page of [first, second.page]) {
      await page.goto(`/redaktor/tjenester/${service.id}`);
      await expect.poll(() => heading(page)).toBe(`Rediger «Konflikttilbud ${token}»`);
    }
    await first.getByLabel('Navn (må fylles ut)').fill(`Konflikttilbud A ${token}`);
    await first.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect.poll(() => first.locator('#edit-flash').textContent()).toContain('versjon 2');

    await second.page.getByLabel('Beskrivelse (bokmål) (må fylles ut)').fill('Denne endringen kommer for sent og skal ikke lagres.');
    await second.page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await expect
      .poll(() => second.page.locator('#edit-conflict').textContent())
      .toContain('Noen andre har lagret endringer i dette tilbudet');
    await expect.poll(() => activeId(second.page)).toBe('edit-conflict');
    const stored = await getService(service.id);
    expect(stored).toMatchObject({ name: `Konflikttilbud A ${token}`, version: 2 });
    expect(stored.description).not.toContain('for sent');

    await second.page.getByRole('button', { name: 'Last inn nyeste versjon' }).click();
    await expect.poll(() => heading(second.page)).toBe(`Rediger «Konflikttilbud A ${token}»`);
    await expect(second.page.locator('#edit-flash').textContent()).resolves.toContain('Versjon 2 er lastet inn.');
    await expect(second.page.getByLabel('Navn (må fylles ut)').inputValue()).resolves.toBe(`Konflikttilbud A ${token}`);
    expect(unexpected(second.problems)).toEqual([]);
    await second.context.close();
  });

  it('sends a user whose session ended back to sign in, and back to the page afterwards', async () => {
    const service = await createViaApi(`Øktutløp ${token}`);
    const tp = await signedInPage(browser, otherEditor);
    await tp.page.goto(`/redaktor/tjenester/${service.id}`);
    await expect.poll(() => heading(tp.page)).toBe(`Rediger «Øktutløp ${token}»`);
    // The same user signs out everywhere from another device.
    await apiCall(await apiSignIn(otherEditor), 'POST', '/api/auth/logout-everywhere');

    await tp.page.getByRole('button', { name: 'Verifiser i dag' }).click();
    await tp.page.waitForURL(/\/logg-inn\?returnTo=/);
    await expect.poll(() => tp.page.getByRole('status').allTextContents()).toContain('Økten er utløpt. Logg inn på nytt.');
    await tp.page.getByLabel('E-postadresse').fill(otherEditor.email);
    await tp.page.getByLabel('Passord').fill(otherEditor.password);
    await tp.page.getByRole('button', { name: 'Logg inn' }).click();
    await tp.page.waitForURL(new RegExp(`/redaktor/tjenester/${service.id}$`));
    await expect.poll(() => heading(tp.page)).toBe(`Rediger «Øktutløp ${token}»`);

    // Signing out ends the session on the server too.
    await tp.page.getByRole('button', { name: 'Logg ut', exact: true }).click();
    await tp.page.waitForURL(/\/logg-inn/);
    await expect.poll(() => tp.page.getByRole('status').allTextContents()).toContain('Du er logget ut.');
    expect((await tp.context.request.get('/api/auth/me')).status()).toBe(401);
    expect(unexpected(tp.problems)).toEqual([]);
    await tp.context.close();
  });

  it('explains a failed sign-in with ID-porten or Entra ID on the sign-in page', async () => {
    const tp = await newPage(browser);
    await tp.page.goto('/logg-inn?error=no_account');
    await expect.poll(() => heading(tp.page)).toBe('Logg inn');
    await expect(tp.page.getByRole('alert').textContent()).resolves.toContain('har ingen bruker i Veiviser');
    expect(unexpected(tp.problems)).toEqual([]);
    await tp.context.close();
  });

  it('tells an analyst who opens the editor that they have no access, in both languages', async () => {
    const tp = await signedInPage(browser, analyst);
    await tp.page.goto('/redaktor');
    await expect.poll(() => heading(tp.page)).toBe('Ingen tilgang');
    await expect(tp.page.getByText('Brukeren din har ikke tilgang til å redigere katalogen.').isVisible()).resolves.toBe(true);
    await expect(tp.page.getByRole('heading', { name: 'Finn tilbud å redigere' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(tp.page, 'no access page');
    await tp.page.goto('/redaktor?lang=en');
    await expect.poll(() => heading(tp.page)).toBe('No access');
    await expect(tp.page.getByText('Your user may not edit the catalog.').isVisible()).resolves.toBe(true);
    expect(unexpected(tp.problems)).toEqual([]);
    await tp.context.close();
  });

  it('has no axe violations on the English editor overview and empty form', async () => {
    const { page } = editorPage;
    await page.goto('/redaktor?lang=en');
    await expect.poll(() => heading(page)).toBe('Editor');
    await page.getByRole('table').first().waitFor();
    await expectNoAxeViolations(page, 'editor overview (en)');
    await page.goto('/redaktor/ny');
    await expect.poll(() => heading(page)).toBe('New service');
    await page.getByLabel('Name (required)').waitFor();
    await expectNoAxeViolations(page, 'new service form (en)');
    expect(unexpected(editorPage.problems)).toEqual([]);
  });
});
