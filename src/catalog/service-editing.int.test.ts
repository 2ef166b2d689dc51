import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { Service } from './catalog.model.ts';
import type { serviceInputSchema } from './catalog.schemas.ts';
import { serviceToInput } from './catalog.write.ts';
import type { GapRow } from './gap-matrix.ts';

/**
 * The editor's workflow rules through the API: undoing a close (once), saves that change nothing,
 * child rows that keep their ids (also in HSDS), intake status as its own small change, the
 * prioritised stale list, plain words for negative numbers, and a gap matrix that only offers fill.
 */

type ServiceBody = z.input<typeof serviceInputSchema>;
type Headers = Record<string, string>;
type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };
type Saved = Service & { unchanged: boolean };

let counter = 0;
function serviceBody(overrides: Partial<ServiceBody> = {}): ServiceBody {
  counter += 1;
  return {
    name: `Arbeidsflyttest ${counter}`,
    description: 'Et tilbud som testene av redaktørens arbeidsflyt lager.',
    kind: 'other',
    districts: ['alna'],
    openingHours: {
      rules: [
        { byday: 'MO', opensAt: '08:00', closesAt: '16:00' },
        { byday: 'WE', opensAt: '10:00', closesAt: '20:00' },
      ],
      exceptions: [{ date: '2026-12-24', closed: true, description: 'Julaften' }],
    },
    contacts: [
      { name: 'Kari Nordmann', title: 'Leder', phone: '22 00 00 00', email: 'kari@example.no' },
      { name: 'Ola Nordmann', title: 'Miljøterapeut', phone: null, email: null },
    ],
    ...overrides,
  };
}

/** The body a client sends to save a service unchanged: its stored content as input (the editor's own conversion). */
const inputOf = (s: Service): ServiceBody => serviceToInput(s);

const childIds = (s: Service) => ({
  rules: s.openingHours.rules.map((r) => r.id).sort(),
  exceptions: s.openingHours.exceptions.map((e) => e.id).sort(),
  contacts: s.contacts.map((c) => c.id).sort(),
});

describe.each(testDatabaseKinds())('the editor’s workflow on %s', (kind) => {
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
  async function save(s: Service, body: ServiceBody, version = s.version): Promise<Saved> {
    const response = await send('PUT', `/api/services/${s.id}`, { version, service: body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Saved>();
  }
  async function close(s: Service): Promise<Service> {
    const response = await send('POST', `/api/services/${s.id}/close`, { version: s.version, closedOn: '2026-11-30', note: 'Flyttet.' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Service>();
  }
  const history = async (id: string) =>
    (await get(`/api/services/${id}/history`, editor)).json<{ version: number; action: string; changedBy: string }[]>();
  const revision = async () =>
    (await t.db.selectFrom('catalog_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow()).revision;

  describe('undoing a close', () => {
    it('restores the status from before the close as a new version, recorded in the history', async () => {
      const service = await create({ status: 'planned', statusDate: '2027-01-01', statusNote: 'Åpner i januar.' });
      const closed = await close(service);
      expect(closed).toMatchObject({ status: 'closed', statusDate: '2026-11-30', statusNote: 'Flyttet.', version: 2 });
      const response = await send('POST', `/api/services/${service.id}/undo-close`, { version: closed.version });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Service>()).toMatchObject({
        status: 'planned',
        statusDate: '2027-01-01',
        statusNote: 'Åpner i januar.',
        version: 3,
      });
      const versions = await history(service.id);
      expect(versions.map((v) => [v.version, v.action])).toEqual([
        [3, 'undo_close'],
        [2, 'close'],
        [1, 'create'],
      ]);
      expect(versions[0]!.changedBy).toMatch(/^Test catalog_editor/);
    });

    it('answers a second undo of the same close with 409 problem+json that says it was already undone', async () => {
      const closed = await close(await create());
      const first = await send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version });
      expect(first.statusCode, first.body).toBe(200);
      const second = await send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version });
      expect(second.statusCode).toBe(409);
      expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = second.json<Problem>();
      expect(problem).toMatchObject({ status: 409, title: 'Conflict' });
      expect(problem.detail).toMatch(/already undone by Test catalog_editor.* \(version 3\)/);
      // Nothing was written by the refused undo.
      expect((await history(closed.id)).map((v) => v.version)).toEqual([3, 2, 1]);
    });

    it('lets only one of two simultaneous undos win', async () => {
      const closed = await close(await create());
      const [a, b] = await Promise.all([
        send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version }),
        send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect((await history(closed.id)).filter((v) => v.action === 'undo_close')).toHaveLength(1);
    });

    it('keeps one undo per close in the database itself', async () => {
      const closed = await close(await create());
      const row = { service_id: closed.id, close_version: closed.version, undo_version: 99, undone_by: 'Direkte i databasen' };
      await t.db.insertInto('service_close_undo').values(row).execute();
      await expect(
        t.db
          .insertInto('service_close_undo')
          .values({ ...row, undo_version: 100 })
          .execute(),
      ).rejects.toThrow(/duplicate key|unique/i);
    });

    it('refuses to undo when the service was never closed, or was reopened by an edit', async () => {
      const service = await create();
      const never = await send('POST', `/api/services/${service.id}/undo-close`, { version: service.version });
      expect(never.statusCode).toBe(409);
      expect(never.json<Problem>().detail).toMatch(/never been closed/);
      const closed = await close(await create());
      const reopened = await save(closed, { ...inputOf(closed), status: 'active', statusDate: null });
      const late = await send('POST', `/api/services/${closed.id}/undo-close`, { version: reopened.version });
      expect(late.statusCode).toBe(409);
      expect(late.json<Problem>().detail).toMatch(/no longer closed/);
    });

    it('refuses an undo based on a version the editor did not see (409), and an unknown service (404)', async () => {
      const closed = await close(await create());
      const verified = await send('POST', `/api/services/${closed.id}/verify`, { version: closed.version });
      expect(verified.statusCode, verified.body).toBe(200);
      const stale = await send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<Problem>().errors).toEqual([{ field: 'version', message: 'is 2, but the service is at version 3' }]);
      const missing = await send('POST', `/api/services/${crypto.randomUUID()}/undo-close`, { version: 1 });
      expect(missing.statusCode).toBe(404);
    });

    it('is for editors only', async () => {
      const closed = await close(await create());
      const staff = (await signIn(t, ['institution_staff'], { units: ['valle'] })).headers;
      expect((await send('POST', `/api/services/${closed.id}/undo-close`, { version: closed.version }, staff)).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/services/${closed.id}/undo-close`, payload: { version: 2 } })).statusCode,
      ).toBe(401);
    });
  });

  describe('a save that changes nothing', () => {
    it('writes no version and no revision, and says unchanged', async () => {
      const service = await create({ districts: ['sagene', 'alna'], targetGroups: ['rus', 'rop'], hovedforlop: [3, 1] });
      const before = await revision();
      // The same content with lists in another order is the same entry.
      const body = inputOf(service);
      body.districts = ['alna', 'sagene'];
      body.openingHours!.rules = [...body.openingHours!.rules!].reverse();
      body.contacts = [...body.contacts!].reverse();
      const saved = await save(service, body);
      expect(saved).toMatchObject({ unchanged: true, version: 1, updatedAt: service.updatedAt });
      expect(await history(service.id)).toHaveLength(1);
      expect(await revision()).toBe(before);
    });

    it('still refuses a no-op save based on an old version', async () => {
      const service = await create();
      const changed = await save(service, { ...inputOf(service), description: 'En endret beskrivelse av tilbudet.' });
      expect(changed).toMatchObject({ unchanged: false, version: 2 });
      const old = await send('PUT', `/api/services/${service.id}`, { version: 1, service: inputOf(changed) });
      expect(old.statusCode).toBe(409);
    });

    it('documents unchanged in the answer schema of the save route', async () => {
      const doc = (await get('/api/openapi.json')).json<{
        paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
      }>();
      const schema = JSON.stringify(doc.paths['/api/services/{id}']!.put!.responses['200']);
      expect(schema).toContain('"unchanged"');
    });
  });

  describe('child rows across saves', () => {
    it('keeps the ids of schedules, exceptions and contacts when they are edited in place', async () => {
      const service = await create();
      const ids = childIds(service);
      const body = inputOf(service);
      body.openingHours!.rules = body.openingHours!.rules!.map((r) => (r.byday === 'WE' ? { ...r, closesAt: '21:00' } : r));
      body.openingHours!.exceptions = [{ date: '2026-12-24', closed: false, opensAt: '10:00', closesAt: '14:00', description: 'Julaften' }];
      body.contacts = body.contacts!.map((c) => (c.name === 'Ola Nordmann' ? { ...c, title: 'Sykepleier' } : c));
      const saved = await save(service, body);
      expect(saved.unchanged).toBe(false);
      expect(saved.openingHours.rules.find((r) => r.byday === 'WE')!.closesAt).toBe('21:00');
      expect(childIds(saved)).toEqual(ids);
    });

    it('adds and removes rows without touching the ids of the others', async () => {
      const service = await create();
      const monday = service.openingHours.rules.find((r) => r.byday === 'MO')!.id;
      const kari = service.contacts.find((c) => c.name === 'Kari Nordmann')!.id;
      const body = inputOf(service);
      body.openingHours!.rules = [
        ...body.openingHours!.rules!.filter((r) => r.byday !== 'WE'),
        { byday: 'SA', opensAt: '12:00', closesAt: '16:00' },
      ];
      body.contacts = body.contacts!.filter((c) => c.name === 'Kari Nordmann');
      const saved = await save(service, body);
      expect(saved.openingHours.rules.find((r) => r.byday === 'MO')!.id).toBe(monday);
      expect(saved.contacts.map((c) => c.id)).toEqual([kari]);
      expect(saved.openingHours.rules).toHaveLength(2);
    });

    it('publishes the same HSDS ids for schedules, contacts, phones and the address after a save', async () => {
      const service = await create({
        phone: '23 00 00 00',
        location: { name: 'Huset', address1: 'Gata 1', postalCode: '0150', city: 'Oslo', district: 'alna' },
      });
      const hsdsIds = async () => {
        const response = await get(`/hsds/services/${service.id}`);
        expect(response.statusCode, response.body).toBe(200);
        const s = response.json<{
          schedules: { id: string }[];
          contacts: { id: string; phones: { id: string }[] }[];
          phones: { id: string }[];
          service_at_locations: { id: string; location: { id: string; addresses: { id: string }[] } }[];
        }>();
        return {
          schedules: s.schedules.map((x) => x.id).sort(),
          contacts: s.contacts.map((c) => c.id).sort(),
          contactPhones: s.contacts.flatMap((c) => c.phones.map((p) => p.id)).sort(),
          phones: s.phones.map((p) => p.id),
          addresses: s.service_at_locations.flatMap((l) => l.location.addresses.map((a) => a.id)),
        };
      };
      const before = await hsdsIds();
      expect(before.schedules).toHaveLength(3); // two weekly rules and one exception
      const stored = (await get(`/api/services/${service.id}`)).json<Service>();
      const body = {
        ...inputOf(stored),
        location: { name: 'Huset', address1: 'Gata 2', postalCode: '0150', city: 'Oslo', district: 'alna' as const },
      };
      body.openingHours!.rules = body.openingHours!.rules!.map((r) => ({ ...r, opensAt: '09:00' }));
      body.contacts = body.contacts!.map((c) => ({ ...c, phone: c.phone ? '22 11 11 11' : null }));
      const saved = await save(stored, body);
      expect(saved.unchanged).toBe(false);
      expect(await hsdsIds()).toEqual(before);
    });
  });

  describe('intake status', () => {
    it('changes without a content version, without rewriting child rows and without a catalog revision', async () => {
      const service = await create();
      const before = await revision();
      const staff = (await signIn(t, ['common_intake'])).headers;
      const response = await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: 'waiting_list' }, staff);
      expect(response.statusCode, response.body).toBe(200);
      const after = response.json<Service>();
      expect(after).toMatchObject({ intakeStatus: 'waiting_list', version: 1, updatedAt: service.updatedAt });
      expect(childIds(after)).toEqual(childIds(service));
      expect(await history(service.id)).toHaveLength(1);
      expect(await revision()).toBe(before);
    });

    it('shows the new status in a search answer the cache already held', async () => {
      const name = `Inntakstest ${Date.now()}`;
      const service = await create({ name });
      const search = async () => {
        const response = await get(`/api/services?q=${encodeURIComponent(name)}`);
        return response.json<{ items: { id: string; intakeStatus: string | null }[] }>().items.find((i) => i.id === service.id);
      };
      expect(await search()).toMatchObject({ intakeStatus: null });
      await search(); // now certainly cached
      const set = await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: 'full' });
      expect(set.statusCode, set.body).toBe(200);
      expect(await search()).toMatchObject({ intakeStatus: 'full' });
      await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: null });
      expect(await search()).toMatchObject({ intakeStatus: null });
    });

    it('keeps a history of intake-status changes for editors, newest first', async () => {
      const service = await create();
      for (const status of ['accepting', 'full', null]) {
        const r = await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: status });
        expect(r.statusCode, r.body).toBe(200);
      }
      const response = await get(`/api/services/${service.id}/intake-status/history`, editor);
      expect(response.statusCode, response.body).toBe(200);
      const rows = response.json<{ intakeStatus: string | null; changedBy: string; changedAt: string }[]>();
      expect(rows.map((r) => r.intakeStatus)).toEqual([null, 'full', 'accepting']);
      expect(rows[0]!.changedBy).toMatch(/^Test catalog_editor/);
      expect((await get(`/api/services/${service.id}/intake-status/history`)).statusCode).toBe(401);
      expect((await get(`/api/services/${crypto.randomUUID()}/intake-status/history`, editor)).statusCode).toBe(404);
    });

    it('keeps the history small: the newest 20 changes', async () => {
      const service = await create();
      const statuses = ['accepting', 'waiting_list', 'full'] as const;
      for (let i = 0; i < 23; i += 1) {
        const r = await send('PUT', `/api/services/${service.id}/intake-status`, { intakeStatus: statuses[i % 3] });
        expect(r.statusCode, r.body).toBe(200);
      }
      const stored = await t.db
        .selectFrom('service_intake_status')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('service_id', '=', service.id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(20);
      const rows = (await get(`/api/services/${service.id}/intake-status/history`, editor)).json<{ intakeStatus: string }[]>();
      expect(rows).toHaveLength(20);
      expect(rows[0]!.intakeStatus).toBe(statuses[22 % 3]);
    });

    it('answers 404 for an unknown service', async () => {
      const response = await send('PUT', `/api/services/${crypto.randomUUID()}/intake-status`, { intakeStatus: 'full' });
      expect(response.statusCode).toBe(404);
    });
  });

  describe('plain words for bad numbers', () => {
    it('says a negative age or number of places must be 0 or more', async () => {
      const response = await send('POST', '/api/services', serviceBody({ minAge: -1, maxAge: -5, places: -3 }));
      expect(response.statusCode).toBe(400);
      expect(response.json<Problem>().errors).toEqual([
        { field: 'minAge', message: 'must be 0 or more' },
        { field: 'maxAge', message: 'must be 0 or more' },
        { field: 'places', message: 'must be 0 or more' },
      ]);
    });
  });

  describe('the stale list', () => {
    it('lists crisis services first, then drop-in services, then the rest, by name in Norwegian order', async () => {
      await create({ name: 'Åsen aktivitetshus' });
      await create({ name: 'Zulu-huset' });
      await create({ name: 'Akuttmottak for test', kind: 'institution_acute' });
      await create({ name: 'Ærlig talt værested', access: 'drop_in' });
      const response = await get('/api/editor/stale?months=6', editor);
      expect(response.statusCode, response.body).toBe(200);
      const items = response.json<{ name: string; priority: string | null }[]>();
      const rank = { crisis: 0, drop_in: 1 } as Record<string, number>;
      const ranks = items.map((i) => rank[i.priority ?? ''] ?? 2);
      expect(ranks).toEqual([...ranks].sort());
      const names = items.map((i) => i.name);
      expect(names.indexOf('Akuttmottak for test')).toBeLessThan(names.indexOf('Ærlig talt værested'));
      expect(names.indexOf('Ærlig talt værested')).toBeLessThan(names.indexOf('Zulu-huset'));
      expect(names.indexOf('Zulu-huset')).toBeLessThan(names.indexOf('Åsen aktivitetshus'));
    });
  });

  describe('the gap matrix', () => {
    it('never counts an agreement or a contract, and keeps a district’s own offers apart', async () => {
      const cellOf = async (district: string, step: number) => {
        const rows = (await get('/api/gap-matrix')).json<GapRow[]>();
        return rows.find((r) => r.district === district)!.cells.find((c) => c.step === step)!;
      };
      const before = await cellOf('frogner', 3);
      await create({ name: 'Rammeavtale aktivitet', districts: ['frogner'], ladderStep: 3, arrangement: 'framework_agreement' });
      await create({ name: 'Kontrakt aktivitet', cityWide: true, districts: [], ladderStep: 3, arrangement: 'procurement_contract' });
      expect(await cellOf('frogner', 3)).toEqual(before);
      await create({ name: 'Frogners eget aktivitetstilbud', districts: ['frogner'], ladderStep: 3 });
      const after = await cellOf('frogner', 3);
      expect(after).toMatchObject({ local: before.local + 1, cityWide: before.cityWide });
      expect(after.own.status).not.toBe('missing');
    });
  });
});
