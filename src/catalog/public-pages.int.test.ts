import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { serviceInputSchema } from './catalog.schemas.ts';

/**
 * The public pages' honesty through the API: open status and unknown hours in the search answer,
 * how to get a service, agreements and contracts kept out of every public route (and HSDS), error
 * reports triaged privately until an editor confirms, and the editors' contact worklist.
 */

type ServiceBody = z.input<typeof serviceInputSchema>;
type Headers = Record<string, string>;
type Item = { id: string; openStatus: { state: string; text: { nb: string; en: string } } };
type Search = { items: Item[]; total: number; unknownHours: number | null };

const weekdays = (opensAt: string, closesAt: string) =>
  (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((byday) => ({ byday, opensAt, closesAt }));

describe.each(testDatabaseKinds())('public pages on %s', (kind) => {
  let t: TestApp;
  let editor: Headers;
  beforeAll(async () => {
    t = await createTestApp(kind);
    editor = (await signIn(t, ['catalog_editor'])).headers;
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers: Headers = editor) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  let counter = 0;
  async function create(overrides: Partial<ServiceBody> = {}): Promise<{ id: string; name: string }> {
    counter += 1;
    const body: ServiceBody = {
      name: `Sidetest ${counter}`,
      description: 'Et tilbud som testene av de offentlige sidene lager.',
      kind: 'other',
      districts: ['alna'],
      ...overrides,
    };
    const response = await post('/api/services', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  describe('open status and unknown hours', () => {
    it('gives every search card its open status at the time asked about', async () => {
      const office = await create({ name: 'Kontortid tannbørste', openingHours: { rules: weekdays('08:00', '16:00') } });
      const unknown = await create({ name: 'Ukjent tid tannbørste' });
      const always = await create({ name: 'Døgnet tannbørste', openingHours: { is24_7: true } });
      // Monday 12 January 2026, 10:00 in Oslo.
      const monday = (await get('/api/services?q=tannbørste&at=2026-01-12T09:00:00Z')).json<Search>();
      const status = (id: string, answer: Search) => answer.items.find((i) => i.id === id)?.openStatus.text;
      expect(status(office.id, monday)).toEqual({ nb: 'Åpent nå · stenger 16:00', en: 'Open now · closes 16:00' });
      expect(status(unknown.id, monday)?.nb).toBe('Åpningstider ikke oppgitt');
      expect(status(always.id, monday)?.nb).toBe('Døgnåpent');
      // Friday 16 January, 20:00: the answer for the same query is cached, the status is not.
      const friday = (await get('/api/services?q=tannbørste&at=2026-01-16T19:00:00Z')).json<Search>();
      expect(status(office.id, friday)?.nb).toBe('Stengt · åpner mandag 08:00');
      expect(friday.unknownHours).toBeNull();
    });

    it('says how many entries a time filter leaves out because their hours are not given', async () => {
      await create({ name: 'Kveld sjiraff', openingHours: { rules: [{ byday: 'TU', opensAt: '17:00', closesAt: '21:00' }] } });
      await create({ name: 'Uten tider sjiraff' });
      await create({ name: 'Også uten tider sjiraff' });
      await create({ name: 'Avtale sjiraff', arrangement: 'procurement_contract' });
      for (const filter of ['evenings', 'openNow', 'weekends']) {
        const answer = (await get(`/api/services?q=sjiraff&${filter}=true&at=2026-01-13T18:00:00Z`)).json<Search>();
        expect(answer.unknownHours, filter).toBe(2);
      }
      const evenings = (await get('/api/services?q=sjiraff&evenings=true')).json<Search>();
      expect(evenings.total).toBe(1);
    });

    it('gives the detail page its open status and how to get the service', async () => {
      const dropIn = await create({
        name: 'Møtested med åpen dør',
        access: 'drop_in',
        openingHours: { rules: weekdays('10:00', '14:00') },
      });
      const body = (await get(`/api/services/${dropIn.id}`)).json<{
        openStatus: { state: string };
        howToGet: { nb: string[]; en: string[] };
      }>();
      expect(['open', 'closed']).toContain(body.openStatus.state);
      expect(body.howToGet.nb[0]).toBe('Du trenger ikke henvisning eller avtale. Du kan møte opp i åpningstiden.');
      expect(body.howToGet.en[0]).toMatch(/^You do not need a referral/);
    });
  });

  describe('agreements, contracts and projects', () => {
    it('are not offers: out of public search, detail, error reports and HSDS; in the staff catalog', async () => {
      const contract = await create({ name: 'Rammeavtale om kolibri', arrangement: 'framework_agreement' });
      const offer = await create({ name: 'Tilbud om kolibri' });
      const ids = (answer: { items: { id: string }[] }) => answer.items.map((i) => i.id);

      const found = (await get('/api/services?q=kolibri')).json<Search>();
      expect(ids(found)).toEqual([offer.id]);
      expect(ids((await get(`/api/services?ids=${contract.id},${offer.id}`)).json<Search>())).toEqual([offer.id]);
      const detail = await get(`/api/services/${contract.id}`);
      expect(detail.statusCode).toBe(404);
      expect(detail.headers['content-type']).toMatch(/^application\/problem\+json/);
      const report = await t.app.inject({
        method: 'POST',
        url: `/api/services/${contract.id}/error-reports`,
        payload: { message: 'Denne avtalen er utløpt for lenge siden.' },
      });
      expect(report.statusCode).toBe(404);

      const hsds = (await get('/hsds/services?search=kolibri')).json<{ contents: { id: string }[] }>();
      expect(hsds.contents.map((s) => s.id)).toEqual([offer.id]);
      expect((await get(`/hsds/services/${contract.id}`)).statusCode).toBe(404);

      const staff = (await get('/api/editor/services?q=kolibri', editor)).json<{ items: { id: string; arrangement: string | null }[] }>();
      expect(staff.items.map((i) => [i.id, i.arrangement])).toEqual(
        expect.arrayContaining([
          [contract.id, 'framework_agreement'],
          [offer.id, null],
        ]),
      );
      const staffDetail = await get(`/api/editor/services/${contract.id}`, editor);
      expect(staffDetail.statusCode).toBe(200);
      expect(staffDetail.json<{ arrangement: string }>().arrangement).toBe('framework_agreement');
      expect((await get(`/api/editor/services/${contract.id}`)).statusCode).toBe(401);
      expect((await get('/api/editor/services?q=kolibri')).statusCode).toBe(401);
    });
  });

  describe('error reports', () => {
    it('change nothing on the public page until an editor confirms one', async () => {
      const service = await create({ name: 'Legevakt-test' });
      const underReview = async () => (await get(`/api/services/${service.id}`)).json<{ underReview: boolean }>().underReview;
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/services/${service.id}/error-reports`,
        payload: { message: 'Dette stedet er nedlagt, det står tomt.', contact: null },
      });
      expect(sent.statusCode, sent.body).toBe(201);
      expect(await underReview()).toBe(false);
      const search = (await get('/api/services?q=Legevakt-test')).json<{ items: { id: string; underReview: boolean }[] }>();
      expect(search.items.find((i) => i.id === service.id)?.underReview).toBe(false);

      const queue = (await get('/api/editor/error-reports', editor)).json<
        { id: string; serviceId: string; confirmedAt: string | null }[]
      >();
      const report = queue.find((r) => r.serviceId === service.id)!;
      expect(report.confirmedAt).toBeNull();
      expect((await post(`/api/editor/error-reports/${report.id}/confirm`, {}, {})).statusCode).toBe(401);

      const confirmed = await post(`/api/editor/error-reports/${report.id}/confirm`, {});
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(await underReview()).toBe(true);
      const again = await post(`/api/editor/error-reports/${report.id}/confirm`, {});
      expect(again.statusCode).toBe(409);
      const after = (await get('/api/editor/error-reports', editor)).json<{ id: string; confirmedBy: string | null }[]>();
      expect(after.find((r) => r.id === report.id)?.confirmedBy).toMatch(/^Test catalog_editor/);

      expect((await post(`/api/editor/error-reports/${report.id}/handle`, { status: 'resolved', note: 'Rettet.' })).statusCode).toBe(200);
      expect(await underReview()).toBe(false);
      expect((await post(`/api/editor/error-reports/${report.id}/confirm`, {})).statusCode).toBe(409);
    });

    it('handling an unconfirmed report leaves the public page as it was', async () => {
      const service = await create({ name: 'Uberørt tilbud' });
      await t.app.inject({
        method: 'POST',
        url: `/api/services/${service.id}/error-reports`,
        payload: { message: 'Feil adresse på siden, tror jeg.' },
      });
      const queue = (await get('/api/editor/error-reports', editor)).json<{ id: string; serviceId: string }[]>();
      const report = queue.find((r) => r.serviceId === service.id)!;
      expect((await post(`/api/editor/error-reports/${report.id}/handle`, { status: 'dismissed' })).statusCode).toBe(200);
      expect((await get(`/api/services/${service.id}`)).json<{ underReview: boolean }>().underReview).toBe(false);
    });
  });

  describe('the contact worklist', () => {
    it('lists offers missing contact or hours, crisis and drop-in first, and leaves out complete ones and contracts', async () => {
      const ordinary = await create({ name: 'AAA vanlig tilbud', kind: 'housing_staffed', access: 'decision' });
      const dropIn = await create({ name: 'AAA åpent møtested', kind: 'drop_in_meeting_place', access: 'drop_in' });
      const crisis = await create({ name: 'AAA akuttmottak', kind: 'institution_acute' });
      const complete = await create({
        name: 'AAA komplett',
        phone: '22 00 00 00',
        url: 'https://example.org/komplett',
        location: { address1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
        openingHours: { rules: weekdays('08:00', '16:00') },
      });
      const contract = await create({ name: 'AAA kontrakt', arrangement: 'procurement_contract' });
      expect((await get('/api/editor/worklist/contact')).statusCode).toBe(401);
      const response = await get('/api/editor/worklist/contact', editor);
      expect(response.statusCode).toBe(200);
      const list = response.json<{ id: string; tier: string; missing: string[] }[]>();
      const ids = list.map((i) => i.id);
      expect(ids).not.toContain(complete.id);
      expect(ids).not.toContain(contract.id);
      const at = (id: string) => ids.indexOf(id);
      expect(at(crisis.id)).toBeGreaterThanOrEqual(0);
      expect(at(crisis.id)).toBeLessThan(at(dropIn.id));
      expect(at(dropIn.id)).toBeLessThan(at(ordinary.id));
      expect(list.find((i) => i.id === crisis.id)).toMatchObject({ tier: 'crisis', missing: ['phone', 'address', 'web', 'hours'] });
      expect(list.find((i) => i.id === dropIn.id)?.tier).toBe('drop_in');
    });
  });
});
