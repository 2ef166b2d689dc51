import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Service } from './catalog.model.ts';
import type { serviceInputSchema } from './catalog.schemas.ts';
import { seedCatalog } from './seed.ts';

/**
 * Catalog editing through the API: validation with per-field errors and nothing half-saved,
 * versioning, optimistic concurrency, closing, verifying, stale entries and the public error
 * reports that put an entry under review.
 */

type ServiceBody = z.input<typeof serviceInputSchema>;
type Headers = Record<string, string>;
type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

let counter = 0;
/** A valid service; every test names only what it cares about. */
function serviceBody(overrides: Partial<ServiceBody> = {}): ServiceBody {
  counter += 1;
  return {
    name: `Redigeringstest ${counter}`,
    description: 'Et tilbud som testene lager gjennom redigerings-APIet.',
    kind: 'other',
    districts: ['alna'],
    ...overrides,
  };
}

describe.each(testDatabaseKinds())('catalog editing on %s', (kind) => {
  let t: TestApp;
  let editor: Headers;
  beforeAll(async () => {
    t = await createTestApp(kind);
    editor = (await signIn(t, ['catalog_editor'])).headers;
  });
  afterAll(async () => t?.close());

  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, headers: Headers = editor) =>
    t.app.inject({ method, url, payload: payload as object, headers });
  const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });

  async function create(overrides: Partial<ServiceBody> = {}): Promise<Service> {
    const response = await send('POST', '/api/services', serviceBody(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Service>();
  }

  async function countByName(name: string): Promise<number> {
    const row = await t.db
      .selectFrom('service')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  describe('creating', () => {
    it('creates a service as version 1, findable in the public search at once', async () => {
      const service = await create({
        name: 'Kveldsåpent samtaletilbud Alna',
        openingHours: {
          rules: [{ byday: 'TU', opensAt: '18:00', closesAt: '22:00' }],
          exceptions: [{ date: '2026-12-24', closed: true, description: 'Julaften' }],
        },
      });
      expect(service).toMatchObject({ version: 1, status: 'active', districts: ['alna'], cityWide: false });
      expect(service.openingHours.rules).toEqual([
        expect.objectContaining({ byday: 'TU', opensAt: '18:00', closesAt: '22:00', closedOnPublicHolidays: true }),
      ]);
      expect(service.openingHours.exceptions).toEqual([
        { id: expect.any(String), date: '2026-12-24', closed: true, opensAt: null, closesAt: null, description: 'Julaften' },
      ]);
      const found = await get('/api/services?q=samtaletilbud&district=alna');
      expect(found.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(service.id);
    });

    it('shows an edit at once in a search the cache answered before, and a new word to typo tolerance', async () => {
      const service = await create({ name: 'Hurtigbuffertest', description: 'Et tilbud om strikking og prat for alle som vil.' });
      const before = await get('/api/services?q=strikking');
      expect(before.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(service.id);
      await send('PUT', `/api/services/${service.id}`, {
        version: 1,
        service: serviceBody({ name: 'Hurtigbuffertest', description: 'Et tilbud om vevstol og kaffe for alle som vil.' }),
      });
      const after = await get('/api/services?q=strikking');
      expect(after.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(service.id);
      // "vevstol" entered the catalog's words with the edit, so a misspelling now finds it.
      const typo = await get('/api/services?q=vevstoll');
      expect(
        typo.json<{ items: { id: string; reasons: { via: string }[] }[] }>().items.find((i) => i.id === service.id)?.reasons[0]?.via,
      ).toBe('typo');
    });

    it('names every bad field at once and saves nothing', async () => {
      const name = 'Halvferdig tilbud';
      const response = await send('POST', '/api/services', {
        ...serviceBody({ name }),
        description: 'kort',
        url: 'ikke en adresse',
        minAge: 30,
        maxAge: 18,
        openingHours: { rules: [{ byday: 'XX', opensAt: '25:00', closesAt: '10:00' }] },
        contacts: [{ email: 'nei' }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const fields = response.json<Problem>().errors!.map((e) => e.field);
      // Rules across fields are reported in the same round as the fields' own errors.
      expect(fields).toEqual(
        expect.arrayContaining([
          'description',
          'url',
          'maxAge',
          'openingHours.rules.0.byday',
          'openingHours.rules.0.opensAt',
          'contacts.0.email',
        ]),
      );
      expect(await countByName(name)).toBe(0);
    });

    it('refuses cross-field contradictions, naming the field to fix', async () => {
      const ages = await send('POST', '/api/services', serviceBody({ minAge: 30, maxAge: 18 }));
      expect(ages.json<Problem>().errors).toEqual([{ field: 'maxAge', message: 'must be at least the minimum age' }]);
      const area = await send('POST', '/api/services', serviceBody({ districts: [], cityWide: false }));
      expect(area.json<Problem>().errors?.[0]?.field).toBe('districts');
      const closed = await send('POST', '/api/services', serviceBody({ status: 'closed' }));
      expect(closed.json<Problem>().errors?.[0]?.field).toBe('statusDate');
    });

    it('rolls the whole write back when a related record does not exist', async () => {
      const name = 'Tilbud med ukjent organisasjon';
      const response = await send('POST', '/api/services', serviceBody({ name, organizationId: '00000000-0000-4000-8000-000000000000' }));
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors).toEqual([{ field: 'organizationId', message: 'no such organization' }]);
      expect(await countByName(name)).toBe(0);
    });

    it('answers a body that is not a service at all with 400, naming the missing parts', async () => {
      const response = await send('PUT', '/api/services/00000000-0000-4000-8000-000000000000', {});
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors?.map((e) => e.field)).toEqual(['version', 'service']);
    });

    it('refuses an overlong name and an unknown field, naming each', async () => {
      const long = await send('POST', '/api/services', serviceBody({ name: 'x'.repeat(201) }));
      expect(long.json<Problem>().errors).toEqual([{ field: 'name', message: 'must be at most 200 characters' }]);
      const unknown = await send('POST', '/api/services', { ...serviceBody(), colour: 'blue' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<Problem>().errors).toEqual([{ field: 'colour', message: 'is not a known field' }]);
    });
  });

  describe('who may write', () => {
    it('refuses writes without a session (401) and from roles without the permission (403)', async () => {
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/services', payload: serviceBody() });
      expect(anonymous.statusCode).toBe(401);
      const analyst = (await signIn(t, ['analyst'])).headers;
      const refused = await send('POST', '/api/services', serviceBody(), analyst);
      expect(refused.statusCode).toBe(403);
    });

    it('lets institution staff set intake status but not edit the entry', async () => {
      const service = await create();
      const staff = (await signIn(t, ['institution_staff'], { units: ['valle'] })).headers;
      const intake = await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: 'full' }, staff);
      expect(intake.statusCode, intake.body).toBe(200);
      // Intake status is not a content change: the version stays.
      expect(intake.json<Service>()).toMatchObject({ intakeStatus: 'full', version: 1 });
      expect(intake.json<Service>().intakeStatusAt).not.toBeNull();
      const edit = await send('PUT', `/api/services/${service.id}`, { version: 1, service: serviceBody() }, staff);
      expect(edit.statusCode).toBe(403);
    });
  });

  describe('changing', () => {
    it('versions every change with who, when and what changed', async () => {
      const service = await create({ name: 'Versjonert tilbud' });
      const body = serviceBody({ name: 'Versjonert tilbud', description: 'En ny og bedre beskrivelse av tilbudet.' });
      const updated = await send('PUT', `/api/services/${service.id}`, { version: 1, service: body });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json<Service>().version).toBe(2);
      const history = await get(`/api/services/${service.id}/history`, editor);
      const versions = history.json<
        {
          version: number;
          action: string;
          changedBy: string;
          changedAt: string;
          changes: Record<string, { from: unknown; to: unknown }>;
        }[]
      >();
      expect(versions.map((v) => [v.version, v.action])).toEqual([
        [2, 'update'],
        [1, 'create'],
      ]);
      expect(versions[0]!.changedBy).toMatch(/^Test catalog_editor/);
      expect(versions[0]!.changes).toEqual({
        description: { from: 'Et tilbud som testene lager gjennom redigerings-APIet.', to: 'En ny og bedre beskrivelse av tilbudet.' },
      });
      expect(Date.parse(versions[0]!.changedAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('refuses a save based on an old version (409), keeping the other editor’s change', async () => {
      const service = await create();
      const first = await send('PUT', `/api/services/${service.id}`, {
        version: 1,
        service: serviceBody({ description: 'Den første redaktøren lagret dette.' }),
      });
      expect(first.statusCode).toBe(200);
      const second = await send('PUT', `/api/services/${service.id}`, {
        version: 1,
        service: serviceBody({ description: 'Den andre redaktøren kom for sent.' }),
      });
      expect(second.statusCode).toBe(409);
      expect(second.json<Problem>().errors?.[0]?.field).toBe('version');
      expect((await get(`/api/services/${service.id}`)).json<Service>().description).toBe('Den første redaktøren lagret dette.');
    });

    it('closes a service from a date, keeps it out of the default search and in its history', async () => {
      const service = await create({ name: 'Tilbud som legges ned' });
      const closed = await send('POST', `/api/services/${service.id}/close`, {
        version: 1,
        closedOn: '2026-12-31',
        note: 'Flyttet inn i nytt tilbud.',
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json<Service>()).toMatchObject({
        status: 'closed',
        statusDate: '2026-12-31',
        statusNote: 'Flyttet inn i nytt tilbud.',
        version: 2,
      });
      const search = await get('/api/services?q=legges%20ned');
      expect(search.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(service.id);
      const history = (await get(`/api/services/${service.id}/history`, editor)).json<{ version: number; action: string }[]>();
      expect(history.map((v) => [v.version, v.action])).toEqual([
        [2, 'close'],
        [1, 'create'],
      ]);
      const again = await send('POST', `/api/services/${service.id}/close`, { version: 2, closedOn: '2026-12-31' });
      expect(again.statusCode).toBe(409);
    });

    it('refuses a close without a valid date, naming the field', async () => {
      const service = await create();
      const response = await send('POST', `/api/services/${service.id}/close`, { version: 1, closedOn: '31.12.2026' });
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors?.[0]?.field).toBe('closedOn');
    });

    it('answers 404 for a service that does not exist', async () => {
      const response = await send('PUT', '/api/services/00000000-0000-4000-8000-000000000000', { version: 1, service: serviceBody() });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('verifying and stale entries', () => {
    it('lists never-verified entries as stale, and drops an entry once verified today', async () => {
      const service = await create({ name: 'Aldri verifisert' });
      const before = (await get('/api/editor/stale', editor)).json<{ id: string }[]>();
      expect(before.map((s) => s.id)).toContain(service.id);
      const verified = await send('POST', `/api/services/${service.id}/verify`, { version: 1 });
      expect(verified.statusCode, verified.body).toBe(200);
      const body = verified.json<Service>();
      expect(body.provenance.lastVerifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.provenance.verifiedBy).toMatch(/^Test catalog_editor/);
      const after = (await get('/api/editor/stale', editor)).json<{ id: string }[]>();
      expect(after.map((s) => s.id)).not.toContain(service.id);
    });

    it('refuses to verify a version the editor did not see', async () => {
      const service = await create();
      await send('PUT', `/api/services/${service.id}`, {
        version: 1,
        service: serviceBody({ description: 'Endret av en annen redaktør i mellomtiden.' }),
      });
      const stale = await send('POST', `/api/services/${service.id}/verify`, { version: 1 });
      expect(stale.statusCode).toBe(409);
      expect((await get(`/api/services/${service.id}`)).json<Service>().provenance.lastVerifiedAt).toBeNull();
    });

    it('counts an entry verified seven months ago as stale', async () => {
      const service = await create();
      const old = new Date(Date.now() - 213 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await t.db.updateTable('service').set({ last_verified_at: old }).where('id', '=', service.id).execute();
      const stale = (await get('/api/editor/stale', editor)).json<{ id: string; lastVerifiedAt: string }[]>();
      expect(stale.find((s) => s.id === service.id)?.lastVerifiedAt).toBe(old);
    });
  });

  describe('error reports from the public', () => {
    it('queues a report without sign-in; an editor confirms it (under review) and handling it clears the review', async () => {
      const service = await create({ name: 'Tilbud med feil telefonnummer' });
      const report = await t.app.inject({
        method: 'POST',
        url: `/api/services/${service.id}/error-reports`,
        payload: { message: 'Telefonnummeret på siden er feil, det går til en privatperson.', contact: null },
      });
      expect(report.statusCode, report.body).toBe(201);
      // Triaged privately: the public page changes only when an editor confirms the report.
      expect((await get(`/api/services/${service.id}`)).json<Service>().underReview).toBe(false);
      const queue = (await get('/api/editor/error-reports', editor)).json<{ id: string; serviceId: string; message: string }[]>();
      const queued = queue.find((r) => r.serviceId === service.id);
      expect(queued?.message).toMatch(/Telefonnummeret/);
      expect((await send('POST', `/api/editor/error-reports/${queued!.id}/confirm`, {})).statusCode).toBe(200);
      expect((await get(`/api/services/${service.id}`)).json<Service>().underReview).toBe(true);
      const handled = await send('POST', `/api/editor/error-reports/${queued!.id}/handle`, { status: 'resolved', note: 'Rettet.' });
      expect(handled.statusCode).toBe(200);
      expect((await get(`/api/services/${service.id}`)).json<Service>().underReview).toBe(false);
      const twice = await send('POST', `/api/editor/error-reports/${queued!.id}/handle`, { status: 'dismissed' });
      expect(twice.statusCode).toBe(409);
    });

    it('refuses a too-short report and a report on an unknown entry', async () => {
      const service = await create();
      const short = await t.app.inject({ method: 'POST', url: `/api/services/${service.id}/error-reports`, payload: { message: 'feil' } });
      expect(short.statusCode).toBe(400);
      expect(short.json<Problem>().errors?.[0]?.field).toBe('message');
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/services/00000000-0000-4000-8000-000000000000/error-reports',
        payload: { message: 'Denne oppføringen finnes ikke i det hele tatt.' },
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('keeps the queue for editors only', async () => {
      expect((await get('/api/editor/error-reports')).statusCode).toBe(401);
      expect((await get('/api/editor/error-reports', (await signIn(t, ['analyst'])).headers)).statusCode).toBe(403);
    });
  });

  describe('the seed', () => {
    it('seeds only once: a second run adds nothing', async () => {
      const before = await get('/api/services?includeClosed=true&perPage=1');
      expect(await seedCatalog(t.db)).toEqual({ seeded: false, services: 0 });
      const after = await get('/api/services?includeClosed=true&perPage=1');
      expect(after.json<{ total: number }>().total).toBe(before.json<{ total: number }>().total);
    });

    it('never invents an address, a phone number or opening hours', async () => {
      const rows = await t.db.selectFrom('service').select(['id', 'phone']).where('seed_key', 'is not', null).execute();
      expect(rows).toHaveLength(181);
      expect(rows.every((r) => r.phone === null)).toBe(true);
      const schedules = await t.db
        .selectFrom('schedule as r')
        .innerJoin('service as s', 's.id', 'r.service_id')
        .select('r.id')
        .where('s.seed_key', 'is not', null)
        .execute();
      expect(schedules).toHaveLength(0);
      const locations = await t.db
        .selectFrom('location as l')
        .innerJoin('service_at_location as sal', 'sal.location_id', 'l.id')
        .innerJoin('service as s', 's.id', 'sal.service_id')
        .select(['l.address_1', 'l.address_note', 'l.postal_code', 's.name'])
        .where('s.seed_key', 'is not', null)
        .execute();
      // The only full address the sources give is Akersveien 17; every other is a street without a number.
      expect(locations.filter((l) => l.address_1 !== null).map((l) => l.address_1)).toEqual(['Akersveien 17']);
      expect(locations.every((l) => l.postal_code === null)).toBe(true);
      expect(locations.filter((l) => l.address_1 === null).every((l) => /ikke oppgitt/.test(l.address_note ?? ''))).toBe(true);
    });
  });
});
