import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import { DISTRICTS } from '../platform/districts.ts';
import { toOsloMoment, addDays } from './opening-hours.ts';
import { searchQuerySchema } from './catalog.schemas.ts';
import { listErrorReports } from './error-reports.service.ts';
import { getGapMatrix } from './gap-matrix.service.ts';
import { openStatusView } from './open-status.ts';
import { listOrganizations } from './organizations.service.ts';
import { countUnknownHours, searchFilters, searchServices } from './search.service.ts';
import { withCurrentIntakeStatus } from './intake-status.service.ts';
import { getPublicService, getService, listServiceHistory, listStaleServices } from './services.service.ts';
import { ACCESS_KINDS, ARRANGEMENT_KINDS, HOVEDFORLOP, LADDER_STEPS, SERVICE_KINDS, TARGET_GROUPS } from './vocabulary.ts';

/**
 * The catalog's response schemas are closed: a field they do not name is stripped from the answer.
 * So that no field a use-case returns silently vanishes, each answer here must equal (as JSON)
 * what its use-case returns, for entries with every part filled in (hours with exceptions,
 * a location, contacts, an organisation, an agreement in the staff catalog).
 */

type Headers = Record<string, string>;
/** What a value looks like once serialised: the answer must be exactly this. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe.each(testDatabaseKinds())('catalog answers carry every field of their use-case on %s', (kind) => {
  let t: TestApp;
  let editor: Headers;
  let full: { id: string };
  let agreement: { id: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    editor = (await signIn(t, ['catalog_editor'])).headers;
    const [organization] = await listOrganizations(t.db);
    const body = {
      name: 'Kontraktstest med alt utfylt',
      description: 'Et tilbud der hvert felt har en verdi, så svaret viser alle felter.',
      descriptionEn: 'An offer with every field filled in.',
      alternateNames: ['Kontraktstesten'],
      url: 'https://example.org/kontrakt',
      email: 'kontrakt@example.org',
      phone: '+47 22 00 00 00',
      kind: 'drop_in_meeting_place',
      ladderStep: 2,
      targetGroups: ['rus'],
      hovedforlop: [1],
      minAge: 18,
      maxAge: 99,
      eligibilityDescription: 'Voksne.',
      access: 'drop_in',
      requiresDrugFree: false,
      anonymous: true,
      districts: ['alna'],
      openingHours: {
        rules: [{ byday: 'MO', opensAt: '09:00', closesAt: '15:00', validFrom: '2026-01-01', validTo: null }],
        exceptions: [{ date: '2026-12-24', closed: true, description: 'Julaften' }],
      },
      costDescription: 'Gratis.',
      freeOfCharge: true,
      languages: ['nb', 'en'],
      accessibility: 'Trinnfri inngang.',
      places: 12,
      organizationId: organization?.id ?? null,
      location: { name: 'Huset', address1: 'Gata 1', postalCode: '0150', city: 'Oslo', district: 'alna', transportation: 'Buss' },
      contacts: [{ name: 'Resepsjonen', title: 'Vakt', phone: '22 00 00 01', email: 'vakt@example.org' }],
      source: 'kontraktstest',
    };
    const created = await t.app.inject({ method: 'POST', url: '/api/services', payload: body, headers: editor });
    expect(created.statusCode, created.body).toBe(201);
    full = created.json();
    const contract = { name: 'Kontraktstest avtale', description: 'En rammeavtale, ikke et tilbud.', kind: 'other', cityWide: true };
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      payload: { ...contract, arrangement: 'framework_agreement' },
      headers: editor,
    });
    agreement = made.json();
    const report = { message: 'Telefonnummeret ser ut til å være feil.', contact: 'leser@example.org' };
    await t.app.inject({ method: 'POST', url: `/api/services/${full.id}/error-reports`, payload: report });
  });
  afterAll(async () => t?.close());

  const get = async (url: string, headers: Headers = {}) => {
    const response = await t.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<unknown>();
  };

  it('GET /api/services/:id: the public entry, with open status and how to get it', async () => {
    const answer = (await get(`/api/services/${full.id}`)) as Record<string, unknown>;
    const expected = asJson(await getPublicService(t.db, { id: full.id, now: new Date() })) as Record<string, unknown>;
    // Open status turns with the minute: compare its fields, and everything else exactly.
    expect(Object.keys(answer.openStatus as object).sort()).toEqual(Object.keys(expected.openStatus as object).sort());
    expect({ ...answer, openStatus: null }).toEqual({ ...expected, openStatus: null });
    expect((answer.openingHours as { exceptions: unknown[] }).exceptions).toHaveLength(1);
  });

  it('GET /api/editor/services/:id: the whole entry, an agreement too', async () => {
    for (const id of [full.id, agreement.id]) {
      expect(await get(`/api/editor/services/${id}`, editor)).toEqual(asJson(await getService(t.db, { id })));
    }
  });

  it('GET /api/services and /api/editor/services: every card and field of the search', async () => {
    const at = '2026-01-12T09:00:00Z';
    for (const query of [`q=kontraktstest&at=${at}`, `perPage=50&at=${at}`, `q=kontraktstest&evenings=true&at=${at}`]) {
      const q = searchQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
      const now = new Date(at);
      const filters = searchFilters(q, now);
      // The use-case lays the current intake status (derived for entries linked to intake units) over the page.
      const page = await withCurrentIntakeStatus(t.db, await searchServices(t.db, { q: q.q, filters, page: q.page, perPage: q.perPage }));
      const expected = {
        ...page,
        unknownHours: await countUnknownHours(t.db, { q: q.q, filters }),
        items: page.items.map((i) => ({ ...i, openStatus: openStatusView(i.openingHours, now) })),
        crisis: false,
      };
      expect(await get(`/api/services?${query}`), query).toEqual(asJson(expected));
      const staff = await withCurrentIntakeStatus(
        t.db,
        await searchServices(t.db, { q: q.q, filters: { ...filters, offersOnly: false }, page: q.page, perPage: q.perPage }),
      );
      expect(await get(`/api/editor/services?${query}`, editor), query).toEqual(asJson(staff));
    }
    const found = (await get(`/api/services?q=kontraktstest&at=${at}`)) as { items: { id: string; reasons: unknown[] }[] };
    expect(found.items.find((i) => i.id === full.id)?.reasons.length).toBeGreaterThan(0);
  });

  it('GET /api/vocabulary: every code list and the districts with their tiles', async () => {
    const expected = {
      kinds: SERVICE_KINDS,
      ladderSteps: LADDER_STEPS,
      targetGroups: TARGET_GROUPS,
      hovedforlop: HOVEDFORLOP,
      access: ACCESS_KINDS,
      arrangements: ARRANGEMENT_KINDS,
      districts: DISTRICTS,
    };
    expect(await get('/api/vocabulary')).toEqual(asJson(expected));
  });

  it('GET /api/gap-matrix: every cell with its own coverage', async () => {
    expect(await get('/api/gap-matrix')).toEqual(asJson(await getGapMatrix(t.db)));
  });

  it('GET /api/organizations and the editor lists: history, stale entries, error reports', async () => {
    expect(await get('/api/organizations')).toEqual(asJson(await listOrganizations(t.db)));
    expect(await get(`/api/services/${full.id}/history`, editor)).toEqual(asJson(await listServiceHistory(t.db, { id: full.id })));
    const cutoff = addDays(toOsloMoment(new Date()).date, -Math.round(6 * 30.44));
    expect(await get('/api/editor/stale', editor)).toEqual(asJson(await listStaleServices(t.db, { cutoff, limit: 500 })));
    const reports = await listErrorReports(t.db, { status: 'open' });
    expect(reports.some((r) => r.serviceId === full.id)).toBe(true);
    expect(await get('/api/editor/error-reports', editor)).toEqual(asJson(reports));
  });
});
