import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { serviceInputSchema } from './catalog.schemas.ts';
import { isOpenAt, type OpeningHours } from './opening-hours.ts';
import type { MatchReason, SearchResponse, ServiceSummary } from './search.service.ts';
import { loadSpelling } from './spelling.ts';

/**
 * The public search (/api/services) on the seeded catalog: Norwegian stemming, synonyms, typo
 * tolerance, compounds, ranking, filters, pagination and "open now". Facts checked here come from
 * the seed (181 entries, 4 of them agreements and projects the public catalog leaves out, 6 closed);
 * the services "open now" needs are created through the
 * editor API at the end of the file, so the seeded facts hold for every test before them.
 */

type ServiceBody = z.input<typeof serviceInputSchema>;

/** The seeded offers: 181 entries less the 4 agreements and projects (service.arrangement) that are not offers. */
const SEEDED = 177;
const SEEDED_CLOSED = [
  'Bakhagen ved Prindsen mottakssenter',
  'Fredensborg bosenter',
  'Gjennomgangsboligene med booppfølging',
  'Haugenstua ressurssenter',
  'Leilighetene i Dyretråkket',
  'Stensløkka ressurssenter',
];

function url(params: Record<string, string | number | boolean>): string {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `/api/services?${qs.toString()}`;
}

async function search(
  t: TestApp,
  params: Record<string, string | number | boolean>,
): Promise<SearchResponse & { items: ServiceSummary[] }> {
  const response = await t.app.inject({ method: 'GET', url: url(params) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Every page of a search, perPage 100. */
async function searchAll(t: TestApp, params: Record<string, string | number | boolean> = {}): Promise<ServiceSummary[]> {
  const items: ServiceSummary[] = [];
  for (let page = 1; ; page++) {
    const result = await search(t, { ...params, perPage: 100, page });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) return items;
  }
}

const names = (items: { name: string }[]) => items.map((i) => i.name);
const byName = (items: ServiceSummary[], name: string) => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`${name} is not among ${names(items).join(' | ')}`);
  return found;
};
const reasonFor = (item: ServiceSummary, term: string): MatchReason | undefined => item.reasons.find((r) => r.term === term);

/** A valid service for the editor API; every test names what it cares about. */
function serviceBody(overrides: Partial<ServiceBody> = {}): ServiceBody {
  return {
    name: 'Prøvetilbud',
    description: 'Et tilbud som testene oppretter gjennom redigerings-APIet.',
    kind: 'other',
    cityWide: true,
    ...overrides,
  };
}

const nb = new Intl.Collator('nb', { sensitivity: 'variant' });

describe.each(testDatabaseKinds())('catalog search on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  describe('Norwegian language', () => {
    it('finds plural and definite forms of a word through Norwegian stemming', async () => {
      // "boligene" (the dwellings) is longer than "boliger": only stemming, not prefix matching, connects them.
      const housing = await search(t, { q: 'boligene', perPage: 100 });
      expect(names(housing.items)).toEqual(
        expect.arrayContaining(['Boliger i Håkonsgate (Bydel Gamle Oslo)', 'Samlokaliserte boliger i kommunal blokk (Bydel Bjerke)']),
      );
      const centres = await search(t, { q: 'ressurssentrene', perPage: 100 });
      expect(names(centres.items)).toEqual(expect.arrayContaining(['Kommunale ressurssentre', 'Ideelle ressurssentre']));
      expect(reasonFor(byName(centres.items, 'Kommunale ressurssentre'), 'ressurssentrene')).toMatchObject({ via: 'exact', inName: true });
      const houses = await search(t, { q: 'aktivitetshusene', perPage: 100 });
      expect(names(houses.items)).toEqual(expect.arrayContaining(['Bjerke aktivitetshus', 'Aktivitetshus 31B', 'Kastanjen aktivitetshus']));
    });

    it.each(['kanyle', 'kanyler', 'sprøyte', 'needle', 'syringe'])(
      'finds the needle-exchange services for "%s" through the synonym brukerutstyr',
      async (word) => {
        const result = await search(t, { q: word, perPage: 100 });
        // Both hand out brukerutstyr; neither mentions the query word itself.
        expect(names(result.items).slice(0, 2).sort()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
        expect(reasonFor(byName(result.items, 'Smittevernluken'), word)).toEqual({
          term: word,
          matched: 'brukerutstyr',
          via: 'synonym',
          inName: false,
        });
        expect(reasonFor(byName(result.items, 'Utdeling av brukerutstyr i bydel'), word)).toEqual({
          term: word,
          matched: 'brukerutstyr',
          via: 'synonym',
          inName: true,
        });
      },
    );

    it('finds the needle-exchange services by their own word, brukerutstyr, as an exact match', async () => {
      const result = await search(t, { q: 'brukerutstyr', perPage: 100 });
      expect(names(result.items)).toEqual(expect.arrayContaining(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']));
      expect(reasonFor(byName(result.items, 'Smittevernluken'), 'brukerutstyr')?.via).toBe('exact');
    });

    it.each(['advokat', 'jurist', 'lawyer', 'rettshjelp', 'legal'])(
      'finds Gatejuristen and Ung rettshjelp for "%s" (legal aid synonyms both ways)',
      async (word) => {
        const result = await search(t, { q: word, perPage: 100 });
        expect(names(result.items).slice(0, 2).sort()).toEqual(['Gatejuristen', 'Ung rettshjelp']);
        expect(reasonFor(byName(result.items, 'Ung rettshjelp'), word)).toMatchObject({
          matched: 'rettshjelp',
          inName: true,
          via: word === 'rettshjelp' ? 'exact' : 'synonym',
        });
        expect(reasonFor(byName(result.items, 'Gatejuristen'), word)).toBeDefined();
      },
    );

    it('answers an English word with the Norwegian service and says which Norwegian word matched', async () => {
      const result = await search(t, { q: 'lawyer' });
      const ung = byName(result.items, 'Ung rettshjelp');
      expect(reasonFor(ung, 'lawyer')).toEqual({ term: 'lawyer', matched: 'rettshjelp', via: 'synonym', inName: true });
      expect(result.terms[0]?.variants).toEqual(
        expect.arrayContaining([
          { text: 'advokat', via: 'synonym' },
          { text: 'rettshjelp', via: 'synonym' },
        ]),
      );
    });

    it('does not typo-correct a word the synonym dictionary knows ("needle" returns only needle services)', async () => {
      const result = await search(t, { q: 'needle', perPage: 100 });
      expect(names(result.items).sort()).toEqual(['Smittevernluken', 'Utdeling av brukerutstyr i bydel']);
    });

    it.each([
      ['rusbehandlng', 'rusbehandling', ['Tverrfaglig spesialisert rusbehandling (TSB)', 'Arbeidsrettet rusbehandling']],
      ['gatejurst', 'gatejuristen', ['Gatejuristen']],
      ['gatjuristen', 'gatejuristen', ['Gatejuristen']],
    ] as const)('tolerates the typo "%s" by matching "%s"', async (typo, fixed, expected) => {
      const result = await search(t, { q: typo, perPage: 100 });
      expect(result.items[0]?.name).toBe(expected[0]);
      for (const name of expected) {
        expect(reasonFor(byName(result.items, name), typo)).toEqual({ term: typo, matched: fixed, via: 'typo', inName: true });
      }
      expect(result.terms[0]?.variants).toContainEqual({ text: fixed, via: 'typo' });
    });

    it('finds compounds by one of their parts: "behandling" finds the rusbehandling entries', async () => {
      const result = await search(t, { q: 'behandling', perPage: 100 });
      expect(names(result.items)).toEqual(
        expect.arrayContaining(['Tverrfaglig spesialisert rusbehandling (TSB)', 'Arbeidsrettet rusbehandling']),
      );
      // "rushjelp" has "hjelp" as its last part; the Gamle Oslo service is only called "Rask rushjelp".
      const help = await searchAll(t, { q: 'hjelp' });
      expect(names(help)).toContain('Rask rushjelp (Gamle Oslo)');
    });

    it('puts a youth service below others for a search that says nothing of young people, and not for one that does', async () => {
      // The same word, without and with a young age: of the services both find, youth services come later without it.
      const plain = await search(t, { q: 'rusproblemer', perPage: 100 });
      const young = await search(t, { q: 'rusproblemer', age: 16, perPage: 100 });
      const both = new Set(names(plain.items).filter((n) => names(young.items).includes(n)));
      const youthPlaces = (r: typeof plain) =>
        r.items.filter((i) => both.has(i.name)).flatMap((i, place) => (i.kind === 'youth' ? [place] : []));
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(youthPlaces(plain).length).toBeGreaterThan(0);
      expect(sum(youthPlaces(plain))).toBeGreaterThan(sum(youthPlaces(young)));
      // Reordered, never left out: every youth service the young search finds, the plain one finds too.
      expect(plain.total).toBe((await search(t, { q: 'rusproblemer', perPage: 1 })).total);
      const youthFound = young.items.filter((i) => i.kind === 'youth').map((i) => i.name);
      expect(youthFound.length).toBeGreaterThan(0);
      expect(names(await searchAll(t, { q: 'rusproblemer' }))).toEqual(expect.arrayContaining(youthFound));
    });

    it('splits a compound query into parts the catalog uses: "ungdomsrus" finds "Ungdom og rus"', async () => {
      const result = await search(t, { q: 'ungdomsrus', perPage: 100 });
      expect(result.items[0]?.name).toBe('Ungdom og rus – Oslo kommunale legevakt');
      expect(reasonFor(result.items[0]!, 'ungdomsrus')).toEqual({
        term: 'ungdomsrus',
        matched: 'ungdom + rus',
        via: 'compound',
        inName: true,
      });
      const housing = await search(t, { q: 'boligoppfølging', perPage: 100 });
      // (The one entry with both words in its name is a framework agreement, not in the public search.)
      expect(housing.items.map((i) => reasonFor(i, 'boligoppfølging'))).toContainEqual({
        term: 'boligoppfølging',
        matched: 'bolig + oppfølging',
        via: 'compound',
        inName: false,
      });
    });
  });

  describe('ranking and reasons', () => {
    it('ranks a name match above a description match', async () => {
      const result = await search(t, { q: 'gatejuristen' });
      expect(names(result.items)).toEqual(['Gatejuristen', 'Ung rettshjelp']);
      expect(result.items.map((i) => reasonFor(i, 'gatejuristen'))).toEqual([
        { term: 'gatejuristen', matched: 'gatejuristen', via: 'exact', inName: true },
        { term: 'gatejuristen', matched: 'gatejuristen', via: 'exact', inName: false },
      ]);
    });

    it('puts every result that matched in its name before every result that matched only in its text', async () => {
      const result = await search(t, { q: 'rusbehandling', perPage: 100 });
      const inName = result.items.map((i) => reasonFor(i, 'rusbehandling')?.inName);
      expect(inName.filter(Boolean).length).toBeGreaterThanOrEqual(2);
      expect(inName.filter((v) => v === false).length).toBeGreaterThanOrEqual(2);
      expect(inName).toEqual([...inName].sort((a, b) => Number(b) - Number(a)));
    });

    it('gives every result of an all-terms search a reason for each term', async () => {
      const result = await search(t, { q: 'kanyle prindsen' });
      expect(result.allTermsTotal).toBe(1);
      expect(names(result.items)[0]).toBe('Smittevernluken');
      expect(result.items[0]!.reasons).toEqual([
        { term: 'kanyle', matched: 'brukerutstyr', via: 'synonym', inName: false },
        { term: 'prindsen', matched: 'prindsen', via: 'exact', inName: false },
      ]);
    });

    it('lists a thin all-terms answer first, then the services that match some terms, and pages agree', async () => {
      const result = await search(t, { q: 'kanyle prindsen', perPage: 3 });
      expect(result.matchMode).toBe('all_then_any');
      expect(result.allTermsTotal).toBe(1);
      expect(result.total).toBeGreaterThan(3);
      expect(result.items[0]!.reasons).toHaveLength(2);
      for (const item of result.items.slice(1)) expect(item.reasons).toHaveLength(1);
      // Every page of the list together: the all-terms match once, first, and no service twice.
      const all = await searchAll(t, { q: 'kanyle prindsen' });
      expect(all).toHaveLength(result.total);
      expect(all[0]!.name).toBe('Smittevernluken');
      expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
      const page2 = await search(t, { q: 'kanyle prindsen', perPage: 3, page: 2 });
      expect(page2.items.map((i) => i.id)).toEqual(all.slice(3, 6).map((i) => i.id));
      // Enough all-terms matches: only they are listed.
      const broad = await search(t, { q: 'rus oslo', perPage: 100 });
      expect(broad.matchMode).toBe('all');
      expect(broad.allTermsTotal).toBeNull();
      expect(broad.total).toBeGreaterThanOrEqual(5);
    });

    it('falls back to any term when no service matches all of them, and says so', async () => {
      const result = await search(t, { q: 'gatejuristen kanyle' });
      expect(result.matchMode).toBe('any');
      expect(names(result.items).sort()).toEqual(['Gatejuristen', 'Smittevernluken', 'Ung rettshjelp', 'Utdeling av brukerutstyr i bydel']);
      expect(result.total).toBe(4);
      for (const item of result.items) expect(item.reasons).toHaveLength(1);
      expect(byName(result.items, 'Smittevernluken').reasons[0]?.term).toBe('kanyle');
      expect(byName(result.items, 'Gatejuristen').reasons[0]?.term).toBe('gatejuristen');
    });

    it('finds nothing for a word no service uses, without a fallback for a single term', async () => {
      const result = await search(t, { q: 'xyzzyq' });
      expect(result).toMatchObject({ total: 0, items: [], matchMode: 'all' });
    });

    it('keeps the any-term fallback on later pages', async () => {
      const first = await search(t, { q: 'gatejuristen kanyle', perPage: 2, page: 1 });
      const second = await search(t, { q: 'gatejuristen kanyle', perPage: 2, page: 2 });
      expect(first).toMatchObject({ total: 4, matchMode: 'any' });
      expect(second).toMatchObject({ total: 4, matchMode: 'any' });
      expect(second.items).toHaveLength(2);
    });
  });

  describe('listing without a query', () => {
    it('lists every open service once, with no reasons, when the query is empty', async () => {
      const first = await search(t, { perPage: 100 });
      expect(first).toMatchObject({ total: SEEDED - SEEDED_CLOSED.length, matchMode: 'none', terms: [], page: 1, perPage: 100 });
      const all = await searchAll(t);
      expect(all).toHaveLength(SEEDED - SEEDED_CLOSED.length);
      expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
      expect(all.every((i) => i.reasons.length === 0 && i.status !== 'closed')).toBe(true);
      // Among names of plain ASCII words with only the first letter capital, byte order and
      // Norwegian order agree, so this holds whichever collation the database uses.
      const plain = names(all).filter((n) => /^[A-Z][a-z0-9 ]*$/.test(n));
      expect(plain.length).toBeGreaterThan(40);
      expect(plain).toEqual([...plain].sort(nb.compare));
    });

    it('sorts the empty-query listing in Norwegian alphabetical order', async () => {
      const all = names(await searchAll(t));
      expect(all).toEqual([...all].sort(nb.compare));
    });

    it('pages through the listing with page and perPage, each service on exactly one page', async () => {
      const total = SEEDED - SEEDED_CLOSED.length;
      const seen: string[] = [];
      for (let page = 1; page <= 5; page++) {
        const result = await search(t, { perPage: 40, page });
        expect(result).toMatchObject({ page, perPage: 40, total });
        expect(result.items).toHaveLength(page < 5 ? 40 : total - 160);
        seen.push(...result.items.map((i) => i.id));
      }
      expect(new Set(seen).size).toBe(total);
      const firstTwo = await search(t, { perPage: 2, page: 1 });
      expect(firstTwo.items.map((i) => i.id)).toEqual(seen.slice(0, 2));
    });

    it('reports the true total on a page after the last one', async () => {
      const result = await search(t, { perPage: 100, page: 3 });
      expect(result.items).toEqual([]);
      expect(result.total).toBe(SEEDED - SEEDED_CLOSED.length);
    });
  });

  describe('filters', () => {
    let everything: ServiceSummary[];
    beforeAll(async () => {
      everything = await searchAll(t, { includeClosed: true });
    });

    /** The filter returns exactly the open services the predicate picks from the whole catalog. */
    async function expectFilter(params: Record<string, string | boolean | number>, predicate: (s: ServiceSummary) => boolean) {
      const found = await searchAll(t, params);
      const expected = everything.filter((s) => s.status !== 'closed' && predicate(s));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(everything.length - SEEDED_CLOSED.length);
      expect(names(found).sort()).toEqual(names(expected).sort());
      return found;
    }

    it('holds every seeded service when closed ones are included', () => {
      expect(everything).toHaveLength(SEEDED);
      expect(names(everything.filter((s) => s.status === 'closed')).sort()).toEqual(SEEDED_CLOSED);
    });

    it('hides closed services by default and shows them with includeClosed', async () => {
      const open = await searchAll(t);
      for (const name of SEEDED_CLOSED) expect(names(open)).not.toContain(name);
      const withClosed = await searchAll(t, { includeClosed: true });
      expect(names(withClosed)).toEqual(expect.arrayContaining(SEEDED_CLOSED));
      const byQuery = await search(t, { q: 'Haugenstua', includeClosed: true });
      expect(names(byQuery.items)).toEqual(['Haugenstua ressurssenter']);
      expect((await search(t, { q: 'Haugenstua' })).total).toBe(0);
    });

    it("includes city-wide offers and the district's own in a district search, and leaves out other districts' local offers", async () => {
      const found = await expectFilter({ district: 'gamle-oslo' }, (s) => s.cityWide || s.districts.includes('gamle-oslo'));
      const list = names(found);
      expect(list).toEqual(
        expect.arrayContaining(['Gatejuristen', 'Smittevernluken', 'Aktivitetshus 31B', 'FACT-team Bydel Gamle Oslo', 'Valle bosenter']),
      );
      expect(list).not.toContain('FACT-team Bydel Alna');
      expect(list).not.toContain('Verdensrommet');
      const alna = names(await searchAll(t, { district: 'alna' }));
      // A service run in several districts counts in each of them.
      expect(alna).toEqual(expect.arrayContaining(['Utdeling av brukerutstyr i bydel', 'IPS-Ung', 'Verdensrommet', 'Gatejuristen']));
      expect(alna).not.toContain('Aktivitetshus 31B');
    });

    it('filters by kind, one or several', async () => {
      const legal = await expectFilter({ kind: 'legal_aid' }, (s) => s.kind === 'legal_aid');
      expect(names(legal).sort()).toEqual(['Gatejuristen', 'Ung rettshjelp']);
      await expectFilter({ kind: 'legal_aid,harm_reduction' }, (s) => s.kind === 'legal_aid' || s.kind === 'harm_reduction');
    });

    it('filters by ladder step, one or several', async () => {
      const housing = await expectFilter({ step: '5' }, (s) => s.ladderStep === 5);
      expect(names(housing)).toContain('Valle bosenter');
      await expectFilter({ step: '1,2' }, (s) => s.ladderStep === 1 || s.ladderStep === 2);
    });

    it('filters by age, keeping services without an age limit', async () => {
      const adults = await expectFilter({ age: 30 }, (s) => (s.minAge === null || s.minAge <= 30) && (s.maxAge === null || s.maxAge >= 30));
      expect(names(adults)).not.toContain('Ung rettshjelp'); // under 25
      expect(names(adults)).not.toContain('Hasjavvenningsprogram (HAP)'); // up to 25
      expect(names(adults)).toContain('Gatejuristen');
      const young = names(await searchAll(t, { age: 20 }));
      expect(young).toEqual(expect.arrayContaining(['Ung rettshjelp', 'Hasjavvenningsprogram (HAP)', 'Gatejuristen']));
    });

    it('filters by target group, counting ROP offers as offers for substance use and for mental health', async () => {
      const rus = await expectFilter({ target: 'rus' }, (s) => s.targetGroups.includes('rus') || s.targetGroups.includes('rop'));
      expect(names(rus)).not.toContain('FACT-team Bydel Alna');
      const mental = await expectFilter(
        { target: 'psykisk_helse' },
        (s) => s.targetGroups.includes('psykisk_helse') || s.targetGroups.includes('rop'),
      );
      expect(names(mental)).toContain('FACT-team Bydel Alna');
      expect(names(mental)).toContain('Ljabruveien boliger'); // rus + ROP
      await expectFilter({ target: 'rop' }, (s) => s.targetGroups.includes('rop'));
    });

    it('filters drop-in services (no referral needed)', async () => {
      const dropIn = await expectFilter({ dropIn: true }, (s) => s.access === 'drop_in');
      expect(names(dropIn)).toEqual(expect.arrayContaining(['Smittevernluken', 'Gatejuristen', 'Fyrlyset']));
      expect(names(dropIn)).not.toContain('Tverrfaglig spesialisert rusbehandling (TSB)');
    });

    it('filters services known to have no drug-free requirement, leaving out unknowns', async () => {
      const found = await expectFilter({ noDrugFreeRequirement: true }, (s) => s.requiresDrugFree === false);
      expect(names(found)).toEqual(
        expect.arrayContaining(['Smittevernluken', 'Brukerrommet', 'Utdeling av brukerutstyr i bydel', 'Kirkens Bymisjon I Jobb']),
      );
      expect(names(found)).not.toContain('Stedet Vest'); // requires being drug-free
      expect(names(found)).not.toContain('Gatejuristen'); // not known
      expect(found).toHaveLength(13);
    });

    it('filters services open around the clock', async () => {
      const found = await expectFilter({ open24_7: true }, (s) => s.is24_7);
      expect(names(found).sort()).toEqual([
        'Barnevernvakten',
        'Brenneriveien (Bydel St. Hanshaugen)',
        'Gatehospitalet',
        'Kommunal akutt døgnenhet (KAD)',
        'Ungdom og rus – Oslo kommunale legevakt',
      ]);
    });

    it('combines a query with filters', async () => {
      const result = await searchAll(t, { q: 'aktivitetshus', district: 'alna' });
      expect(names(result)).toContain('Verdensrommet');
      expect(result.every((s) => s.cityWide || s.districts.includes('alna'))).toBe(true);
      expect(names(result)).not.toContain('Bjerke aktivitetshus');
    });

    it('answers exactly the services asked for with ids=, closed ones included (print view)', async () => {
      const wanted = ['Gatejuristen', 'Smittevernluken', 'Haugenstua ressurssenter'].map((n) => byName(everything, n).id);
      const result = await search(t, { ids: wanted.join(',') });
      expect(result.total).toBe(3);
      expect(result.items.map((i) => i.id).sort()).toEqual([...wanted].sort());
      expect(byName(result.items, 'Haugenstua ressurssenter').status).toBe('closed');
    });

    it('accepts the 20 ids the print view may ask for', async () => {
      const wanted = everything.slice(0, 20).map((s) => s.id);
      const result = await search(t, { ids: wanted.join(','), perPage: 20 });
      expect(result.total).toBe(20);
    });
  });

  describe('citizens’ words (concepts, real words, sentences)', () => {
    const top = async (q: string, extra: Record<string, string | number | boolean> = {}) => search(t, { q, perPage: 5, ...extra });

    // The dictionaries load once per process, on the first word neither the catalog nor a concept knows.
    beforeAll(() => loadSpelling(), 60_000);

    const acutePsych = ['Psykiatrisk legevakt', 'Psykososial akuttjeneste på Legevakten'];
    const acuteSubstance = ['Akuttplasser (VEL)', 'Prindsen mottakssenter', 'Thereses hus', 'Rusobservasjonspost ved legevakten'];
    const treatment = ['Tverrfaglig spesialisert rusbehandling (TSB)', 'Oslo kommunale ruspoliklinikk', 'Arbeidsrettet rusbehandling'];
    const mental = ['Distriktspsykiatriske sentre (DPS)', 'Lavterskel psykologtjeneste (Uteseksjonen)', 'Psykiatrisk legevakt'];
    it.each([
      ['selvmord', acutePsych],
      ['sjølvmord', acutePsych],
      ['suicide', acutePsych],
      ['avrusning', acuteSubstance],
      ['rusakutten', acuteSubstance],
      ['alkohol', treatment],
      ['angst', mental],
      ['depresjon', mental],
      ['sprøyterom', ['Brukerrommet']],
    ])('finds what "%s" means although no service uses the word', async (q, expected) => {
      const result = await top(q);
      expect(
        names(result.items).filter((n) => expected.includes(n)),
        names(result.items).join(' | '),
      ).not.toEqual([]);
      expect(result.corrections).toEqual([]);
    });

    it('never corrects a correctly spelled word into another: "min sønn ruser seg" is about a son, not Søndre Nordstrand', async () => {
      const result = await top('min sønn ruser seg');
      expect(result.corrections).toEqual([]);
      expect(result.terms.flatMap((g) => g.variants.map((v) => v.text))).not.toContain('søndre');
      expect(names(result.items).filter((n) => n.includes('Søndre Nordstrand'))).toEqual([]);
      expect(names(result.items)).toContain('Ungdom og rus – Oslo kommunale legevakt');
    });

    it('reads "jeg trenger å slutte å drikke" as quitting drinking, not as the word "ikke"', async () => {
      const result = await top('jeg trenger å slutte å drikke');
      expect(result.corrections).toEqual([]);
      expect(result.terms.map((g) => g.term)).toEqual(['slutte', 'drikke']);
      expect(result.terms.flatMap((g) => g.variants.map((v) => v.text))).not.toContain('ikke');
      expect(result.total).toBeGreaterThan(0);
    });

    it('answers "jeg trenger hjelp nå" with acute help, not a housing contract', async () => {
      const result = await top('jeg trenger hjelp nå');
      expect(names(result.items).some((n) => /legevakt|akutt/i.test(n))).toBe(true);
      expect(names(result.items).filter((n) => n.startsWith('Rammeavtale'))).toEqual([]);
    });

    it('ranks a natural sentence by how much of it a service matches when no service matches all of it', async () => {
      const result = await search(t, { q: 'datteren min røyker hasj og er deprimert', perPage: 100 });
      expect(result.matchMode).toBe('any');
      // Matching more of the query never ranks below matching less.
      const covered = result.items.map((i) => i.reasons.length);
      expect(covered[0]).toBeGreaterThanOrEqual(2);
      expect(names(result.items).slice(0, 5)).toContain('Hasjavvenningsprogram (HAP)');
    });

    it('corrects a word that is not a word, says so, and searches the original on request', async () => {
      const corrected = await top('depresjoon');
      expect(corrected.corrections).toEqual([{ term: 'depresjoon', correction: 'depresjon' }]);
      expect(names(corrected.items)).toContain('Distriktspsykiatriske sentre (DPS)');
      const asTyped = await top('depresjoon', { noCorrection: true });
      expect(asTyped.corrections).toEqual([]);
      expect(asTyped.total).toBe(0);
    });

    it('puts an exact name or alias first', async () => {
      expect((await top('KAD')).items[0]?.name).toBe('Kommunal akutt døgnenhet (KAD)');
      expect((await top('Prindsen')).items[0]?.name).toBe('Prindsen mottakssenter');
      expect((await top('legevakten')).items[0]?.name).toBe('Oslo kommunale legevakt');
    });

    it('offers searches that find something, and all districts, when a search finds nothing', async () => {
      const none = await top('xyzzyq');
      expect(none.total).toBe(0);
      expect(none.suggestions.length).toBeGreaterThan(0);
      for (const suggestion of none.suggestions) expect((await top(suggestion)).total, suggestion).toBeGreaterThan(0);
      // Verdensrommet is Alna's own: a Bjerke search does not have it, all districts do.
      const elsewhere = await top('Verdensrommet', { district: 'bjerke' });
      expect(elsewhere).toMatchObject({ total: 0, allDistrictsTotal: 1 });
      expect((await top('Verdensrommet')).allDistrictsTotal).toBeNull();
    });

    it('answers only stop words, emoji and mixed scripts without an error', async () => {
      for (const q of ['jeg og i', '🙂🙂', 'hjelp 帮助 помощь', '\u0007rus']) {
        const response = await t.app.inject({ method: 'GET', url: url({ q }) });
        expect(response.statusCode, q).toBeLessThan(500);
      }
    });
  });

  describe('bad input', () => {
    async function expectProblem(query: string, field: string) {
      const response = await t.app.inject({ method: 'GET', url: `/api/services?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json<{ status: number; errors: { field: string; message: string }[] }>();
      expect(problem.status).toBe(400);
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }

    it('refuses an unknown filter naming the parameter', () => expectProblem('color=blue', 'color'));
    it('refuses a malformed at naming the parameter', () => expectProblem('openNow=true&at=yesterday', 'at'));
    it('refuses an at without a time zone naming the parameter', () => expectProblem('openNow=true&at=2025-06-06T12:00:00', 'at'));
    it('refuses an impossible at date naming the parameter', () => expectProblem('openNow=true&at=2025-02-30T12:00:00Z', 'at'));
    it('refuses perPage over 100 naming the parameter', () => expectProblem('perPage=101', 'perPage'));
    it('refuses page 0 naming the parameter', () => expectProblem('page=0', 'page'));
    it('refuses an overlong q naming the parameter', () => expectProblem(`q=${'a'.repeat(201)}`, 'q'));
    it('refuses a non-UUID in ids naming the parameter', () => expectProblem('ids=not-a-uuid', 'ids.0'));
    it('refuses an unknown district naming the parameter', () => expectProblem('district=narnia', 'district'));
    it('refuses an unknown kind naming the parameter', () => expectProblem('kind=spa', 'kind.0'));
    it('refuses a ladder step outside 1–7 naming the parameter', () => expectProblem('step=8', 'step.0'));
    it('refuses a flag that is not true or false naming the parameter', () => expectProblem('dropIn=yes', 'dropIn'));

    it('refuses a non-UUID service id with 400 problem+json naming id', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/services/not-a-uuid' });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });

    it('answers an unknown service id with 404 problem+json', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/services/7d3a0f5e-1b2c-4d5e-8f90-123456789abc' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    });
  });

  describe('open now (services created through the editor API)', () => {
    const hours = {
      // Friday and Saturday nights, 22:00 until 04:00 the next morning.
      night: {
        is24_7: false,
        rules: [
          { byday: 'FR', opensAt: '22:00', closesAt: '04:00' },
          { byday: 'SA', opensAt: '22:00', closesAt: '04:00' },
        ],
        exceptions: [],
      },
      // Weekdays 09–15, closed on public holidays (the default).
      weekdays: {
        is24_7: false,
        rules: (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((byday) => ({ byday, opensAt: '09:00', closesAt: '15:00' })),
        exceptions: [],
      },
      // Thursdays 09–15, open on public holidays too.
      holidayOpen: {
        is24_7: false,
        rules: [{ byday: 'TH', opensAt: '09:00', closesAt: '15:00', closedOnPublicHolidays: false }],
        exceptions: [],
      },
      // Sunday mornings 08–09: the DST checks.
      sundayMorning: { is24_7: false, rules: [{ byday: 'SU', opensAt: '08:00', closesAt: '09:00' }], exceptions: [] },
      // Just after midnight on Tuesdays: Oslo's weekday, not UTC's.
      tuesdayMidnight: { is24_7: false, rules: [{ byday: 'TU', opensAt: '00:00', closesAt: '01:00' }], exceptions: [] },
      // Wednesdays 10–14, closed on one Wednesday, open on 17 May (a public holiday, a Saturday).
      exceptions: {
        is24_7: false,
        rules: [{ byday: 'WE', opensAt: '10:00', closesAt: '14:00' }],
        exceptions: [
          { date: '2025-06-11', closed: true },
          { date: '2025-05-17', closed: false, opensAt: '12:00', closesAt: '16:00' },
        ],
      },
    } satisfies Record<string, ServiceBody['openingHours']>;
    type HoursName = keyof typeof hours;
    const created = new Map<HoursName, { id: string; openingHours: OpeningHours }>();

    beforeAll(async () => {
      const editor = await signIn(t, ['catalog_editor']);
      for (const [key, openingHours] of Object.entries(hours) as [HoursName, ServiceBody['openingHours']][]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/services',
          headers: editor.headers,
          payload: serviceBody({ name: `Åpningstidsprøve ${key}`, openingHours }),
        });
        expect(response.statusCode, response.body).toBe(201);
        const service = response.json<{ id: string; openingHours: OpeningHours }>();
        created.set(key, service);
      }
    });

    async function openIds(at: string): Promise<Set<string>> {
      const ids = [...created.values()].map((s) => s.id).join(',');
      const result = await search(t, { ids, openNow: true, at });
      return new Set(result.items.map((i) => i.id));
    }

    async function isOpen(key: HoursName, at: string): Promise<boolean> {
      return (await openIds(at)).has(created.get(key)!.id);
    }

    it('keeps an opening that runs past midnight open until it closes the next morning', async () => {
      // Friday 6 June 2025.
      expect(await isOpen('night', '2025-06-06T21:59:00+02:00')).toBe(false);
      expect(await isOpen('night', '2025-06-06T22:00:00+02:00')).toBe(true);
      expect(await isOpen('night', '2025-06-07T02:00:00+02:00')).toBe(true);
      expect(await isOpen('night', '2025-06-07T03:59:00+02:00')).toBe(true);
      expect(await isOpen('night', '2025-06-07T04:00:00+02:00')).toBe(false);
      // Thursday night has no opening, so Friday 02:00 is closed.
      expect(await isOpen('night', '2025-06-06T02:00:00+02:00')).toBe(false);
      // Sunday 02:00 belongs to Saturday night's opening.
      expect(await isOpen('night', '2025-06-08T02:00:00+02:00')).toBe(true);
    });

    it('reads the time as Oslo time whatever offset at= is given in', async () => {
      // 00:30 UTC on Saturday is 02:30 in Oslo: inside Friday night's opening.
      expect(await isOpen('night', '2025-06-07T00:30:00Z')).toBe(true);
      // 22:30 UTC on Monday 30 June is 00:30 on Tuesday in Oslo.
      expect(await isOpen('tuesdayMidnight', '2025-06-30T22:30:00Z')).toBe(true);
      expect(await isOpen('tuesdayMidnight', '2025-07-01T00:30:00+02:00')).toBe(true);
      expect(await isOpen('tuesdayMidnight', '2025-06-30T23:30:00Z')).toBe(false);
    });

    it('closes on a public holiday unless the rule says it stays open', async () => {
      // 1 May 2025 (Thursday), Arbeidernes dag.
      expect(await isOpen('weekdays', '2025-05-01T12:00:00+02:00')).toBe(false);
      expect(await isOpen('holidayOpen', '2025-05-01T12:00:00+02:00')).toBe(true);
      expect(await isOpen('weekdays', '2025-05-02T12:00:00+02:00')).toBe(true);
      // Kristi himmelfartsdag (Easter + 39 = 29 May 2025) and Langfredag (18 April 2025).
      expect(await isOpen('weekdays', '2025-05-29T12:00:00+02:00')).toBe(false);
      expect(await isOpen('weekdays', '2025-05-28T12:00:00+02:00')).toBe(true);
      expect(await isOpen('weekdays', '2025-04-18T12:00:00+02:00')).toBe(false);
      // Second Christmas Day, a Friday in 2025.
      expect(await isOpen('weekdays', '2025-12-26T12:00:00+01:00')).toBe(false);
    });

    it('keeps a night opening that started the evening before a holiday, and skips one that would start on it', async () => {
      // Friday 16 May 22:00 → Saturday 17 May (Grunnlovsdag) 02:00: the opening began on a working day.
      expect(await isOpen('night', '2025-05-17T02:00:00+02:00')).toBe(true);
      // Langfredag, Friday 18 April 2025: no opening that evening nor after midnight.
      expect(await isOpen('night', '2025-04-18T23:00:00+02:00')).toBe(false);
      expect(await isOpen('night', '2025-04-19T02:00:00+02:00')).toBe(false);
    });

    it('follows Oslo wall-clock time across the change to summer time', async () => {
      // Sunday 30 March 2025: 02:00 CET jumps to 03:00 CEST. 06:30Z is 08:30 in Oslo.
      expect(await isOpen('sundayMorning', '2025-03-30T06:30:00Z')).toBe(true);
      expect(await isOpen('sundayMorning', '2025-03-30T07:30:00Z')).toBe(false);
      // A week earlier (CET), the same UTC instants are an hour earlier in Oslo.
      expect(await isOpen('sundayMorning', '2025-03-23T06:30:00Z')).toBe(false);
      expect(await isOpen('sundayMorning', '2025-03-23T07:30:00Z')).toBe(true);
      // Saturday night's 22:00–04:00 opening ends at 04:00 CEST, 5 real hours after 22:00 CET.
      expect(await isOpen('night', '2025-03-30T01:30:00Z')).toBe(true); // 03:30 CEST
      expect(await isOpen('night', '2025-03-30T02:15:00Z')).toBe(false); // 04:15 CEST
    });

    it('follows Oslo wall-clock time across the change back to winter time', async () => {
      // Sunday 26 October 2025: 03:00 CEST falls back to 02:00 CET. 07:30Z is 08:30 in Oslo.
      expect(await isOpen('sundayMorning', '2025-10-26T07:30:00Z')).toBe(true);
      expect(await isOpen('sundayMorning', '2025-10-26T06:30:00Z')).toBe(false);
      // 02:30 happens twice that night; Saturday night's opening covers both, and 03:30 CET too.
      expect(await isOpen('night', '2025-10-26T00:30:00Z')).toBe(true); // 02:30 CEST
      expect(await isOpen('night', '2025-10-26T01:30:00Z')).toBe(true); // 02:30 CET
      expect(await isOpen('night', '2025-10-26T03:30:00Z')).toBe(false); // 04:30 CET
    });

    it('lets a dated exception close a regular day or open a holiday', async () => {
      expect(await isOpen('exceptions', '2025-06-04T12:00:00+02:00')).toBe(true);
      expect(await isOpen('exceptions', '2025-06-11T12:00:00+02:00')).toBe(false);
      expect(await isOpen('exceptions', '2025-05-17T13:00:00+02:00')).toBe(true);
      expect(await isOpen('exceptions', '2025-05-17T16:30:00+02:00')).toBe(false);
    });

    it('agrees with the opening-hours rules (isOpenAt) at every half hour of a DST weekend and a holiday week', async () => {
      const instants: Date[] = [];
      for (const [start, hoursLong] of [
        ['2025-03-28T20:00:00Z', 40],
        ['2025-04-30T20:00:00Z', 60],
        ['2025-10-24T20:00:00Z', 40],
      ] as const) {
        for (let h = 0; h < hoursLong; h += 1.5) instants.push(new Date(new Date(start).getTime() + h * 3_600_000));
      }
      const mismatches: string[] = [];
      for (const instant of instants) {
        const open = await openIds(instant.toISOString());
        for (const [key, service] of created) {
          if (open.has(service.id) !== isOpenAt(service.openingHours, instant)) mismatches.push(`${key} at ${instant.toISOString()}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('finds a service created through the editor API by its name', async () => {
      const result = await search(t, { q: 'åpningstidsprøve' });
      expect(result.total).toBe(created.size);
    });
  });

  describe('district ranking (services created through the editor API)', () => {
    beforeAll(async () => {
      const editor = await signIn(t, ['catalog_editor']);
      // Two offers alike in all but where they serve; the local one sorts first by name.
      const offers: [string, Partial<ServiceBody>][] = [
        ['Kvistlemåne A', { cityWide: false, districts: ['alna'] }],
        ['Kvistlemåne B', { cityWide: true, districts: [] }],
      ];
      for (const [name, where] of offers) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/services',
          headers: editor.headers,
          payload: serviceBody({ name, description: 'Et tilbud om kvistlemåner for prøving av rangering.', ...where }),
        });
        expect(response.statusCode, response.body).toBe(201);
      }
    });

    it("puts a city-wide offer before another district's local one, and the searcher's district's own beside the city's", async () => {
      expect(names((await search(t, { q: 'kvistlemåner' })).items)).toEqual(['Kvistlemåne B', 'Kvistlemåne A']);
      expect(names((await search(t, { q: 'kvistlemåner', district: 'alna' })).items)).toEqual(['Kvistlemåne A', 'Kvistlemåne B']);
      expect(names((await search(t, { q: 'kvistlemåner', district: 'bjerke' })).items)).toEqual(['Kvistlemåne B']);
    });
  });
});
