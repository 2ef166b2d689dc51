/**
 * Synthetic catalog for the search benchmark: grows a freshly seeded database (the 181 real
 * services) to N services with the same vocabulary, built from the seed entries.
 *
 * Rows are made by the application's own pure mapping (serviceInputSchema → serviceInputToWrite),
 * then written many rows per statement, with search_vector computed in SQL by the same
 * expression as catalog.repository.upsertService. The search lexicon and catalog revision are
 * kept up to date the way the application would.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { loadSeed, seedToInput } from '../src/catalog/seed.ts';
import { serviceInputSchema, type ServiceInput } from '../src/catalog/catalog.schemas.ts';
import { bumpRevision } from '../src/catalog/catalog.repository.ts';
import { serviceInputToWrite } from '../src/catalog/catalog.write.ts';
import { wordsOf, type SearchDocument } from '../src/catalog/search-document.ts';
import { diffInputs } from '../src/catalog/catalog.write.ts';
import { SERVICE_KINDS, SERVICE_KIND_CODES, TARGET_GROUP_CODES, type ServiceKind } from '../src/catalog/vocabulary.ts';
import { WEEKDAYS, addDays, toOsloMoment, type Weekday } from '../src/catalog/opening-hours.ts';
import { DISTRICTS } from '../src/platform/districts.ts';
import { stableId } from '../src/platform/ids.ts';
import type { Db } from '../src/platform/db.ts';

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same catalog. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const sample = <T>(xs: readonly T[], k: number): T[] => {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < k && copy.length) out.push(copy.splice(int(copy.length), 1)[0]!);
    return out;
  };
  /** Picks by weight: [[value, weight], ...]. */
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [v, w] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![0];
  };
  return { next, int, pick, chance, sample, weighted };
}
export type Rng = ReturnType<typeof prng>;

// Sentences in the catalog's register, with the words people search for (synonym groups,
// compounds, English), so generated text has realistic term frequencies.
const PHRASES_NB = [
  'Vi tilbyr samtaler, aktiviteter og et varmt måltid.',
  'Tilbudet er gratis og du kan være anonym.',
  'Du kan komme uten avtale og uten henvisning.',
  'Pårørende er velkomne til å ta kontakt.',
  'Vi deler ut rent brukerutstyr, sprøyter og nalokson.',
  'Sykepleier og lege er til stede noen dager i uken.',
  'Tilbudet gir oppfølging i egen bolig for personer med rusproblemer og psykiske lidelser.',
  'Vi hjelper med søknader til NAV, bolig og behandling.',
  'Ungdom mellom 12 og 25 år kan få samtaler med psykolog.',
  'Arbeidstrening og aktivitet gir struktur i hverdagen.',
  'Legemiddelassistert rehabilitering (LAR) med metadon eller buprenorfin følges opp her.',
  'Teamet jobber oppsøkende og møter deg der du er.',
  'Døgnbemannet bolig med personalbase for personer med langvarige rusproblemer.',
  'Tilbudet har akuttplasser ved krise og overdose.',
  'Vi gir råd om rettigheter og hjelper med juridiske spørsmål.',
  'Det er mulig å få dusj, klesvask og klær.',
  'Rusbehandling og poliklinisk behandling i spesialisthelsetjenesten.',
  'Vi samarbeider med fastlege, legevakt og bydelens helsetjeneste.',
  'Tilbudet passer for deg som ønsker et rusfritt miljø.',
  'Hepatitt-testing og smittevern er en del av tilbudet.',
  'Målgruppen er personer med samtidig rus og psykisk lidelse (ROP).',
  'Tilbudet er et lavterskel helsetilbud for personer i aktiv rus.',
  'Vi har kveldsåpent og helgeåpent for deg som trenger et sted å være.',
  'Bostedsløse kan få hjelp til overnatting og midlertidig bolig.',
];
const PHRASES_EN = [
  'We offer conversations, activities and a warm meal.',
  'Free of charge, and you can stay anonymous.',
  'No appointment or referral needed.',
  'Relatives are welcome to get in touch.',
  'Clean needles, syringes and naloxone are handed out.',
  'Follow-up at home for people with substance use and mental health problems.',
  'Outpatient treatment for addiction within specialist health services.',
  'Open evenings and weekends.',
];
const STREETS = [
  'Storgata',
  'Tøyengata',
  'Trondheimsveien',
  'Pilestredet',
  'Thorvald Meyers gate',
  'Kirkeveien',
  'Grønlandsleiret',
  'Bogstadveien',
  'Ensjøveien',
  'Strømsveien',
  'Kolstadgata',
  'Holmlia senter vei',
  'Lambertseterveien',
  'Sandakerveien',
  'Ullevålsveien',
  'Hasleveien',
  'Bjerkedalen',
  'Stovner senter',
  'Romsåsveien',
  'Furusetveien',
];
const SUFFIXES = ['avdeling', 'team', 'enhet', 'base', 'gruppe'];

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

type Rule = ServiceInput['openingHours']['rules'][number];
function rules(days: readonly Weekday[], opens: string, closes: string, extra: Partial<Rule> = {}): Rule[] {
  return days.map((byday) => ({
    byday,
    opensAt: opens,
    closesAt: closes,
    validFrom: null,
    validTo: null,
    closedOnPublicHolidays: true,
    ...extra,
  }));
}
const WEEKDAYS_MF = WEEKDAYS.slice(0, 5);

/** Weekly hours in realistic shapes: none, office hours, evenings, weekends, past midnight, 24/7. */
function openingHours(r: Rng, today: string, template: ServiceInput): ServiceInput['openingHours'] {
  if (template.openingHours.is24_7 && r.chance(0.8)) return { is24_7: true, rules: [], exceptions: [] };
  const shape = r.weighted([
    ['none', 28],
    ['office', 30],
    ['evening', 12],
    ['weekend', 9],
    ['night', 6],
    ['always', 6],
    ['mixed', 9],
  ] as const);
  let list: Rule[] = [];
  switch (shape) {
    case 'none':
      break;
    case 'office':
      list = rules(WEEKDAYS_MF, r.pick(['08:00', '08:30', '09:00']), r.pick(['15:00', '15:30', '16:00']));
      break;
    case 'evening':
      list = rules(r.sample(WEEKDAYS_MF, 2 + r.int(4)), r.pick(['12:00', '14:00', '16:00']), r.pick(['19:00', '20:00', '21:00', '22:00']));
      break;
    case 'weekend':
      list = [
        ...rules(WEEKDAYS_MF, '10:00', '18:00'),
        ...rules(['SA', 'SU'], r.pick(['11:00', '12:00']), r.pick(['15:00', '16:00', '17:00']), { closedOnPublicHolidays: false }),
      ];
      break;
    case 'night': // night shelters and weekend night cafés run past midnight
      list = r.chance(0.5)
        ? rules(WEEKDAYS, r.pick(['21:00', '22:00', '23:00']), r.pick(['06:00', '07:00', '08:00']), { closedOnPublicHolidays: false })
        : rules(['TH', 'FR', 'SA'], '20:00', r.pick(['02:00', '03:00', '04:00']), { closedOnPublicHolidays: false });
      break;
    case 'always':
      return { is24_7: true, rules: [], exceptions: [] };
    case 'mixed': {
      for (const day of r.sample(WEEKDAYS, 2 + r.int(5))) {
        const opens = 7 * 60 + r.int(6) * 60 + (r.chance(0.3) ? 30 : 0);
        list.push(...rules([day], hhmm(opens), hhmm(opens + (3 + r.int(8)) * 60), { closedOnPublicHolidays: r.chance(0.6) }));
      }
      if (r.chance(0.3)) {
        // a seasonal programme: valid for part of the year
        const from = addDays(today, -r.int(200));
        for (const rule of list) Object.assign(rule, { validFrom: from, validTo: addDays(from, 90 + r.int(200)) });
      }
    }
  }
  const exceptions: ServiceInput['openingHours']['exceptions'] = [];
  if (list.length && r.chance(0.08)) {
    // closed or special hours around now, so "open now" meets exceptions too
    for (const offset of r.sample([-1, 0, 1, 2, 7, 14], 1 + r.int(3))) {
      exceptions.push(
        r.chance(0.5)
          ? { date: addDays(today, offset), closed: true, opensAt: null, closesAt: null, description: 'Stengt denne dagen' }
          : {
              date: addDays(today, offset),
              closed: false,
              opensAt: r.pick(['10:00', '18:00', '22:00']),
              closesAt: r.pick(['14:00', '23:00', '02:00']),
              description: 'Endret åpningstid',
            },
      );
    }
  }
  return { is24_7: false, rules: list, exceptions };
}

export type Template = {
  input: ServiceInput;
  organizationName: string | null;
  descriptionSentences: string[];
  descriptionEnSentences: string[];
};

/** The seed entries as input, plus organization names, for building variants. */
export function loadTemplates(): Template[] {
  const { services, enrichment } = loadSeed();
  return services.map((s) => {
    const e = enrichment[s.id]!;
    const input = seedToInput(s, e, e.organization ? stableId('organization', e.organization) : null);
    const split = (t: string | null) => (t ?? '').split(/(?<=[.!?])\s+/).filter((x) => x.length > 10);
    return {
      input,
      organizationName: e.organization,
      descriptionSentences: split(input.description),
      descriptionEnSentences: split(input.descriptionEn),
    };
  });
}

/** One generated service: a variant of a seed template in a district, with its own hours and text. */
export function generateInput(r: Rng, n: number, templates: Template[], today: string): { input: ServiceInput; template: Template } {
  const template = r.pick(templates);
  const t = template.input;
  const other = r.pick(templates);
  // where: one district mostly, sometimes several, sometimes the whole city
  const where = r.weighted([
    ['one', 70],
    ['several', 12],
    ['city', 18],
  ] as const);
  const cityWide = where === 'city';
  const districts = where === 'one' ? [r.pick(DISTRICTS)] : where === 'several' ? r.sample(DISTRICTS, 2 + r.int(3)) : [];
  const place = districts[0]?.name ?? 'Oslo';
  const name = r.weighted([
    [`${t.name} ${place}`, 40],
    [`${t.name} ${place} ${1 + (n % 9)}`, 25],
    [`${t.name} – ${r.pick(SUFFIXES)} ${n}`, 25],
    [`Bydel ${place} ${SERVICE_KINDS[t.kind].nb.toLowerCase()}`, 10],
  ] as const);
  const kind: ServiceKind = r.chance(0.85) ? t.kind : r.pick(SERVICE_KIND_CODES);
  const ladderStep = kind === t.kind ? t.ladderStep : (SERVICE_KINDS[kind].step ?? null);
  const targetGroups = r.chance(0.75) ? t.targetGroups : r.sample(TARGET_GROUP_CODES, 1 + r.int(2));
  const youth = kind === 'youth' || (t.minAge !== null && t.maxAge !== null && t.maxAge <= 30);
  const [minAge, maxAge] = youth ? [r.pick([12, 13, 16]), r.pick([18, 23, 25])] : r.chance(0.2) ? [18, null] : [t.minAge, t.maxAge];
  const hours = openingHours(r, today, t);
  const sentences = [
    ...template.descriptionSentences,
    ...r.sample(other.descriptionSentences, 1),
    ...r.sample(PHRASES_NB, 1 + r.int(3)),
    cityWide
      ? 'Tilbudet er åpent for hele Oslo.'
      : `Tilbudet gjelder for innbyggere i ${districts.map((d) => `bydel ${d.name}`).join(' og ')}.`,
  ];
  const sentencesEn = [...template.descriptionEnSentences, ...r.sample(PHRASES_EN, r.int(3))];
  const status = r.weighted([
    ['active', 92],
    ['planned', 4],
    ['closed', 4],
  ] as const);
  const street = r.pick(STREETS);
  const input: Record<string, unknown> = {
    name: name.slice(0, 200),
    alternateNames: r.chance(0.3) ? t.alternateNames : [],
    description: sentences.join(' ').slice(0, 4000),
    descriptionEn: r.chance(0.8) ? sentencesEn.join(' ') : null,
    url: r.chance(0.5) ? `https://www.oslo.kommune.no/tilbud/${n}` : null,
    email: r.chance(0.3) ? `post${n}@example.no` : null,
    phone: r.chance(0.5) ? `+47 2${String(1000000 + r.int(8999999))}` : null,
    kind,
    ladderStep,
    targetGroups,
    hovedforlop: t.hovedforlop,
    minAge,
    maxAge,
    eligibilityDescription: t.eligibilityDescription,
    access: r.chance(0.7)
      ? t.access
      : r.weighted([
          ['drop_in', 35],
          ['referral', 35],
          ['decision', 20],
          [null, 10],
        ] as const),
    requiresDrugFree: r.chance(0.6) ? t.requiresDrugFree : r.pick([true, false, null]),
    anonymous: r.chance(0.8) ? t.anonymous : r.pick([true, false, null]),
    cityWide,
    districts: districts.map((d) => d.slug),
    openingHours: hours,
    status,
    statusDate: status === 'closed' ? addDays(today, -r.int(700)) : status === 'planned' ? addDays(today, 30 + r.int(300)) : null,
    statusNote: status === 'closed' ? 'Tilbudet er lagt ned.' : null,
    costDescription: null,
    freeOfCharge: r.pick([true, true, false, null]),
    languages: r.weighted([
      [['nb'], 50],
      [['nb', 'en'], 35],
      [['nb', 'en', 'ar', 'so'], 10],
      [[], 5],
    ] as const),
    accessibility: r.chance(0.3) ? 'Trinnfri adkomst og HC-toalett.' : null,
    places: r.chance(0.3) ? 4 + r.int(40) : t.places,
    organizationId: t.organizationId,
    location: r.chance(0.65)
      ? {
          name,
          address1: `${street} ${1 + r.int(120)}`,
          postalCode: String(150 + r.int(1150)).padStart(4, '0'),
          city: 'Oslo',
          addressNote: null,
          district: districts.length === 1 ? districts[0]!.slug : null,
          accessibility: null,
          transportation: r.chance(0.4) ? 'Nærmeste T-banestasjon er fem minutter unna.' : null,
        }
      : null,
    contacts: r.chance(0.5)
      ? [
          {
            name: r.pick(['Mottak', 'Vakttelefon', 'Koordinator', 'Teamleder']),
            title: null,
            phone: `+47 9${String(1000000 + r.int(8999999))}`,
            email: null,
          },
        ]
      : [],
    source: 'Benchmark: generated from the seed catalog',
  };
  return { input: serviceInputSchema.parse(input), template };
}

const vectorOf = (d: SearchDocument) => sql<string>`
  setweight(to_tsvector('norwegian', ${d.a}), 'A') ||
  setweight(to_tsvector('norwegian', ${d.b}), 'B') ||
  setweight(to_tsvector('norwegian', ${d.c}), 'C') ||
  setweight(to_tsvector('norwegian', ${d.d}), 'D')`;

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export type GenerateResult = {
  services: number;
  schedules: number;
  exceptions: number;
  contacts: number;
  locations: number;
  lexiconWords: number;
  buildMs: number;
  insertMs: number;
  totalMs: number;
};

/**
 * Adds generated services until the catalog holds `total`. `concurrency` batches are written at
 * once (a server pool takes 2; PGlite is one connection, so 1).
 */
export async function generateServices(
  db: Db,
  options: { total: number; batchSize?: number; concurrency?: number; seed?: number; log?: (line: string) => void },
): Promise<GenerateResult> {
  const started = performance.now();
  const existing = (await sql<{ n: number }>`select count(*)::int as n from service`.execute(db)).rows[0]!.n;
  const toMake = Math.max(0, options.total - existing);
  const batchSize = options.batchSize ?? 500;
  const r = prng(options.seed ?? 20261124);
  const templates = loadTemplates();
  const today = toOsloMoment(new Date()).date;
  const lexicon = new Set<string>();
  const counts = { schedules: 0, exceptions: 0, contacts: 0, locations: 0 };
  let buildMs = 0;
  let insertMs = 0;
  let made = 0;

  const buildBatch = (from: number, size: number) => {
    const t0 = performance.now();
    const now = new Date();
    const writes = [];
    for (let i = 0; i < size; i++) {
      const n = from + i;
      const { input, template } = generateInput(r, n, templates, today);
      const write = serviceInputToWrite(input, {
        id: randomUUID(),
        seedKey: null,
        organizationName: template.organizationName,
        version: 1,
        now,
        createdAt: now,
        provenance: { sourceRefs: [], lastVerifiedAt: r.chance(0.5) ? addDays(today, -r.int(400)) : null, verifiedBy: null },
        underReview: r.chance(0.01),
        intakeStatus: r.weighted([
          [null, 70],
          ['accepting', 15],
          ['waiting_list', 10],
          ['full', 5],
        ] as const),
        intakeStatusAt: null,
      });
      if (write.row.intake_status) write.row.intake_status_at = now;
      writes.push({ write, input });
    }
    buildMs += performance.now() - t0;
    return writes;
  };

  const writeBatch = async (writes: ReturnType<typeof buildBatch>) => {
    const t0 = performance.now();
    const words: string[] = [];
    for (const { write } of writes) {
      const d = write.document;
      for (const w of new Set(wordsOf(`${d.a} ${d.b} ${d.c}`))) {
        if (w.length >= 3 && w.length <= 40 && !lexicon.has(w)) {
          lexicon.add(w);
          words.push(w);
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('service')
        .values(writes.map(({ write }) => ({ ...write.row, search_vector: vectorOf(write.document) })))
        .execute();
      const schedules = writes.flatMap(({ write }) => write.schedules.map((s) => ({ ...s, id: randomUUID(), service_id: write.row.id })));
      for (const part of chunks(schedules, 2000)) await trx.insertInto('schedule').values(part).execute();
      const exceptions = writes.flatMap(({ write }) => write.exceptions.map((e) => ({ ...e, id: randomUUID(), service_id: write.row.id })));
      for (const part of chunks(exceptions, 2000)) await trx.insertInto('schedule_exception').values(part).execute();
      const contacts = writes.flatMap(({ write }) => write.contacts.map((c) => ({ ...c, id: randomUUID(), service_id: write.row.id })));
      for (const part of chunks(contacts, 2000)) await trx.insertInto('contact').values(part).execute();
      const located = writes
        .filter(({ write }) => write.location)
        .map(({ write }) => ({ serviceId: write.row.id, location: { ...write.location!, id: randomUUID() } }));
      for (const part of chunks(located, 1000)) {
        await trx
          .insertInto('location')
          .values(part.map((l) => l.location))
          .execute();
        await trx
          .insertInto('service_at_location')
          .values(part.map((l) => ({ id: randomUUID(), service_id: l.serviceId, location_id: l.location.id, description: null })))
          .execute();
      }
      await trx
        .insertInto('service_version')
        .values(
          writes.map(({ write, input }) => ({
            service_id: write.row.id,
            version: 1,
            action: 'create' as const,
            changed_by: 'Benchmark',
            changes: JSON.stringify(diffInputs({}, input)),
          })),
        )
        .execute();
      for (const part of chunks(words, 5000)) {
        await trx
          .insertInto('search_lexicon')
          .values(part.map((word) => ({ word })))
          .onConflict((oc) => oc.column('word').doNothing())
          .execute();
      }
      counts.schedules += schedules.length;
      counts.exceptions += exceptions.length;
      counts.contacts += contacts.length;
      counts.locations += located.length;
    });
    insertMs += performance.now() - t0;
  };

  // Build the next batch while earlier ones are being written.
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 1;
  let lastLog = performance.now();
  for (let from = existing; made < toMake;) {
    const size = Math.min(batchSize, toMake - made);
    const writes = buildBatch(from, size);
    const p: Promise<void> = writeBatch(writes).finally(() => inFlight.delete(p));
    inFlight.add(p);
    made += size;
    from += size;
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (options.log && performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      options.log(`  … ${existing + made} services`);
    }
  }
  await Promise.all(inFlight);
  await db.transaction().execute((trx) => bumpRevision(trx, { serviceId: null, action: 'import' }));
  const totalMs = performance.now() - started;
  return { services: existing + made, ...counts, lexiconWords: lexicon.size, buildMs, insertMs, totalMs };
}
