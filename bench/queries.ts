/**
 * What the load generator asks for. "repeated": a fixed mix of realistic public searches that the
 * server's result cache mostly answers. "unique": every request different, so every one takes
 * the database path. "hsds": unique HSDS /hsds/services searches (uncached by design).
 */
import { DISTRICTS } from '../src/platform/districts.ts';
import { SERVICE_KIND_CODES } from '../src/catalog/vocabulary.ts';
import { prng } from './generate.ts';

const qs = (params: Record<string, string | number | boolean | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** ~30 searches people make: Norwegian and English words, typos, synonyms, filters, filters alone. */
export const REPEATED_MIX: string[] = [
  { q: 'rusbehandling' },
  { q: 'rusbehandlng' }, // typo
  { q: 'kanyle' }, // synonym of sprøyte/brukerutstyr
  { q: 'sprøytebytte' },
  { q: 'psykolog' },
  { q: 'bolig', district: 'gamle-oslo' },
  { q: 'akutt' },
  { q: 'housing' },
  { q: 'needle exchange' },
  { q: 'mental health' },
  { q: 'ungdom', age: 16 },
  { q: 'lavterskel' },
  { q: 'hjemløs' },
  { q: 'LAR metadon' },
  { q: 'overdose nalokson' },
  { q: 'pårørende' },
  { q: 'jobb', district: 'grunerlokka' },
  { q: 'feltpleie' },
  { q: 'legevakt', openNow: true },
  { q: 'drop-in', dropIn: true },
  { district: 'sagene' },
  { kind: 'harm_reduction' },
  { step: '2,3', district: 'frogner' },
  { dropIn: true, openNow: true },
  { target: 'rus', district: 'alna' },
  { kind: 'housing_staffed,housing_followup_team' },
  { openNow: true },
  { q: 'møteplass', page: 2 },
  { q: 'rusbehandling', step: 7 },
  { q: 'psyksik helse' }, // typo in the first word
  { evenings: true, weekends: true },
  { q: 'alkohol', target: 'rus', noDrugFreeRequirement: true },
].map((p) => `/api/services?${qs(p)}`);

// Words for the unique mix: catalog words, English words, synonyms and compound words.
const TERMS = [
  'rus',
  'behandling',
  'rusbehandling',
  'bolig',
  'oppfølging',
  'psykisk',
  'helse',
  'psykolog',
  'ungdom',
  'barn',
  'pårørende',
  'akutt',
  'overdose',
  'nalokson',
  'sprøyte',
  'kanyle',
  'brukerutstyr',
  'feltpleie',
  'legevakt',
  'lege',
  'sykepleier',
  'møteplass',
  'værested',
  'aktivitet',
  'aktivitetshus',
  'arbeid',
  'jobb',
  'arbeidstrening',
  'lavterskel',
  'mottak',
  'mottakssenter',
  'omsorgssenter',
  'institusjon',
  'døgnåpent',
  'natthjem',
  'hospits',
  'overnatting',
  'hjemløs',
  'bostedsløs',
  'ambulant',
  'team',
  'oppsøkende',
  'rettshjelp',
  'advokat',
  'metadon',
  'lar',
  'substitusjonsbehandling',
  'heroin',
  'cannabis',
  'alkohol',
  'hepatitt',
  'smittevern',
  'kafe',
  'mat',
  'dusj',
  'klær',
  'gratis',
  'anonym',
  'poliklinikk',
  'ruspoliklinikk',
  'fengsel',
  'samtaler',
  'krise',
  'mestring',
  'rehabilitering',
  'avhengighet',
  'housing',
  'treatment',
  'youth',
  'shelter',
  'needle',
  'doctor',
  'nurse',
  'therapy',
  'work',
  'food',
  'family',
  'addiction',
  'drugs',
  'alcohol',
  'outreach',
  'emergency',
  'free',
  'legal',
  'homeless',
  'meeting',
  'clinic',
  'kirkens',
  'bymisjon',
  'frelsesarmeen',
  'velferdsetaten',
  'prindsen',
  'bydel',
  'sagene',
  'grünerløkka',
  'tøyen',
];
// Typos: a dropped, doubled or swapped letter, as people type on phones.
const TYPOS = [
  'rusbehandlng',
  'psyksik',
  'psykolg',
  'ungdomm',
  'akkut',
  'overdoes',
  'naloskon',
  'sprøtye',
  'kanylle',
  'feltplie',
  'legevkat',
  'møtepalss',
  'aktivitetshsu',
  'arbeidstreing',
  'lavtersel',
  'mottakssentr',
  'omsorgsenter',
  'instutisjon',
  'natthejm',
  'hospitts',
  'overnating',
  'hjemlos',
  'bostedslos',
  'ambulnt',
  'oppsøknde',
  'rettshjep',
  'metadonn',
  'hepatit',
  'smitevern',
  'poliklinik',
  'avhengihet',
  'rehabiltering',
  'behandlig',
  'boligg',
  'pårørnde',
];

/**
 * An endless supply of different public searches. Keys are checked against every one made so
 * far, so the server's result cache (keyed on the whole query) never answers.
 */
export function uniqueSearches(seed = 7) {
  const r = prng(seed);
  const seen = new Set<string>();
  const steps = ['1', '2', '3', '4', '5', '6', '7', '2,3', '4,5', '6,7'];
  const targets = ['rus', 'psykisk_helse', 'rop', 'parorende'];
  const one = (): string => {
    const shape = r.weighted([
      ['word', 30],
      ['two', 20],
      ['typo', 12],
      ['word+filters', 18],
      ['filters', 15],
      ['phrase', 5],
    ] as const);
    const p: Record<string, string | number | boolean | undefined> = {};
    if (shape === 'word' || shape === 'word+filters') p.q = r.pick(TERMS);
    if (shape === 'two') p.q = `${r.pick(TERMS)} ${r.pick(TERMS)}`;
    if (shape === 'typo') p.q = r.chance(0.6) ? r.pick(TYPOS) : `${r.pick(TYPOS)} ${r.pick(TERMS)}`;
    if (shape === 'phrase') p.q = `${r.pick(TERMS)} ${r.pick(TERMS)} ${r.pick(TERMS)}`;
    if (shape === 'word+filters' || shape === 'filters' || r.chance(0.15)) {
      if (r.chance(0.5)) p.district = r.pick(DISTRICTS).slug;
      if (r.chance(0.25)) p.kind = r.sample(SERVICE_KIND_CODES, 1 + r.int(2)).join(',');
      if (r.chance(0.2)) p.step = r.pick(steps);
      if (r.chance(0.2)) p.target = r.pick(targets);
      if (r.chance(0.15)) p.dropIn = true;
      if (r.chance(0.12)) p.openNow = true;
      if (r.chance(0.08)) p.evenings = true;
      if (r.chance(0.08)) p.weekends = true;
      if (r.chance(0.1)) p.age = 14 + r.int(60);
    }
    p.page = r.weighted([
      [1, 75],
      [2, 15],
      [3, 6],
      [4 + r.int(20), 4],
    ] as const);
    return qs(p);
  };
  return {
    next(): string {
      for (let attempt = 0; ; attempt++) {
        let key = one();
        // the space is large; on the rare repeat, move to a later page (still a real request)
        if (attempt > 20) key = `${key}&perPage=${20 + (seen.size % 80)}`;
        if (!seen.has(key)) {
          seen.add(key);
          return `/api/services?${key}`;
        }
      }
    },
    get count() {
      return seen.size;
    },
  };
}

/** Different HSDS searches: /hsds/services?search=… with pages (HSDS answers are not cached). */
export function uniqueHsdsSearches(seed = 11) {
  const r = prng(seed);
  const seen = new Set<string>();
  return {
    next(): string {
      for (;;) {
        const search = r.chance(0.2) ? r.pick(TYPOS) : r.chance(0.3) ? `${r.pick(TERMS)} ${r.pick(TERMS)}` : r.pick(TERMS);
        const key = qs({
          search,
          page: r.weighted([
            [1, 80],
            [2, 15],
            [3 + r.int(5), 5],
          ] as const),
          per_page: r.pick([10, 20, 50]),
        });
        if (!seen.has(key) || seen.size > 200_000) {
          seen.add(key);
          return `/hsds/services?${key}`;
        }
      }
    },
  };
}
