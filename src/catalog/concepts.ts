import { z } from 'zod';
import { stem } from './stemmer.ts';
import { SERVICE_KIND_CODES, SERVICE_KINDS, TARGET_GROUP_CODES, TARGET_GROUPS } from './vocabulary.ts';

/**
 * What people type, mapped to what the catalog says: the one list of search vocabulary.
 *
 * A concept has `words` — everyday words, slang and English that a citizen, a relative or a
 * caseworker types — and `terms`, the words and phrases the catalog's own texts use for the same
 * thing (names, descriptions, the labels of kinds and target groups; see seed/). A query word that
 * is one of a concept's words (in any inflection: words are compared by their Norwegian stem, so
 * "drikker", "drikke" and "drikk" are one word) also matches the concept's terms, its kinds' and
 * target groups' labels. A concept without `terms` is a group of synonyms: each word matches the
 * others. Entries with a space are phrases, matched word by word in the query ("ta livet").
 *
 * Terms match as words in any inflection (PostgreSQL's Norwegian stemming: "legevakt" finds
 * "legevakten"); a term ending in * also matches words that begin with it ("akutt*" finds
 * "akuttplasser"), so a broad word like "rus" does not match every rus- compound unless asked.
 * The words of a synonym group (no terms) match as prefixes, as the catalog's synonyms always did.
 *
 * Keep entries lower case. Add a concept rather than growing one into unrelated meanings; map to
 * what the catalog says (a term no service uses finds nothing). Tested in concepts.test.ts.
 */

const conceptSchema = z.strictObject({
  id: z.string().regex(/^[a-z_]+$/),
  words: z.array(z.string().regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N} /-]*$/u, 'lower-case words')).min(1),
  terms: z.array(z.string().regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N} -]*\*?$/u, 'lower-case words, * at the end for a prefix')).optional(),
  kinds: z.array(z.enum(SERVICE_KIND_CODES)).optional(),
  targetGroups: z.array(z.enum(TARGET_GROUP_CODES)).optional(),
  /**
   * Context rather than subject (who the worry is about: a son, a partner): it ranks services that
   * match it higher but never excludes one that does not, unless the query has nothing else.
   */
  context: z.boolean().optional(),
  /** A concept that may mean someone is in danger now (suicide, overdose, "help now"). */
  crisis: z.boolean().optional(),
});

export type Concept = z.infer<typeof conceptSchema>;

export const CONCEPTS: readonly Concept[] = z.array(conceptSchema).parse([
  // Substances and dependence
  {
    id: 'alcohol',
    words: [
      'alkohol',
      'alkoholen',
      'alkoholiker',
      'alkoholisme',
      'alkoholproblem',
      'alkis',
      'drikke',
      'drikker',
      'drikk',
      'drakk',
      'drukket',
      'drukke',
      'drikking',
      'drikkepress',
      'full',
      'fyll',
      'fylla',
      'fyllik',
      'bakfull',
      'promille',
      'øl',
      'vin',
      'sprit',
      'brennevin',
      'vodka',
      'alcohol',
      'alcoholic',
      'alcoholism',
      'booze',
      'drinking',
      'drink',
      'drunk',
      'hangover',
    ],
    terms: ['alkohol*', 'rusbehandling', 'rusproblemer*', 'ruspoliklinikk', 'avhengighet', 'rus'],
  },
  {
    id: 'pills',
    words: [
      'piller',
      'pille',
      'tabletter',
      'tablett',
      'medisiner',
      'medisin',
      'medikamenter',
      'legemidler',
      'reseptbelagte',
      'smertestillende',
      'sovepiller',
      'benzo',
      'benzoer',
      'benzodiazepiner',
      'sobril',
      'valium',
      'vival',
      'rivotril',
      'xanax',
      'tramadol',
      'kodein',
      'oxy',
      'oksykodon',
      'fentanyl',
      'pills',
      'pill',
      'tablets',
      'medication',
      'medicine',
      'meds',
      'painkiller',
      'painkillers',
      'benzos',
      'prescription',
    ],
    terms: ['rusbehandling', 'rusmidler', 'rusproblemer*', 'legemidler', 'legemiddelassistert*', 'avhengighet', 'rus'],
  },
  {
    id: 'opioids',
    words: ['heroin', 'opioider', 'opioid', 'opiater', 'opiat', 'dop', 'opioids', 'opiates', 'smack'],
    terms: ['heroin*', 'heroinassistert*', 'opiater*', 'substitusjonsbehandling*', 'legemiddelassistert*', 'nalokson'],
  },
  {
    id: 'substitution',
    words: [
      'lar',
      'substitusjonsbehandling',
      'legemiddelassistert',
      'metadon',
      'buprenorfin',
      'subutex',
      'suboxone',
      'methadone',
      'substitution',
      'oat',
    ],
  },
  {
    id: 'stimulants',
    words: [
      'amfetamin',
      'metamfetamin',
      'speed',
      'kokain',
      'koks',
      'crack',
      'ecstasy',
      'mdma',
      'ghb',
      'ketamin',
      'lsd',
      'sopp',
      'cocaine',
      'coke',
      'amphetamine',
      'amphetamines',
      'meth',
      'stimulants',
    ],
    terms: ['rus', 'rusmidler', 'narkotika', 'rusbehandling', 'rusproblemer*'],
  },
  {
    id: 'cannabis',
    words: ['hasj', 'cannabis', 'marihuana', 'marijuana', 'weed', 'hash', 'gress', 'joint', 'jointer', 'thc', 'pot', 'stoner'],
    terms: ['hasj*', 'hasjavvenningsprogram', 'cannabis', 'avvenning'],
  },
  {
    id: 'addiction',
    words: [
      'rus',
      'ruse',
      'ruser',
      'rusa',
      'ruset',
      'rusen',
      'ruser seg',
      'rusing',
      'rusmidler',
      'rusmiddel',
      'rusproblemer',
      'rusproblem',
      'rusavhengighet',
      'rusavhengig',
      'avhengighet',
      'avhengig',
      'misbruk',
      'misbruker',
      'narkotika',
      'narkoman',
      'narkis',
      'stoff',
      'dophue',
      'junkie',
      'drugs',
      'drug',
      'substance',
      'addiction',
      'addicted',
      'addict',
      'abuse',
    ],
    terms: ['rus', 'rusmidler', 'rusproblemer*', 'rusavhengighet', 'rusbehandling', 'avhengighet', 'narkotika'],
  },
  {
    id: 'quit',
    words: [
      'slutte',
      'slutta',
      'stoppe',
      'kutte ut',
      'bli kvitt',
      'komme ut av',
      'bli rusfri',
      'bli edru',
      'edru',
      'avvenning',
      'nykter',
      'rusfri',
      'quit',
      'quitting',
      'stop',
      'sober',
      'get clean',
      'recovery',
      'rehab',
    ],
    terms: ['behandling', 'avvenning', 'rusfri*', 'endring*', 'motivasjon', 'rehabilitering', 'slutte'],
  },
  {
    id: 'intoxicated',
    words: ['ruset', 'rusa', 'påvirket', 'dopet', 'neddopet', 'høy', 'stein', 'high', 'stoned', 'wasted', 'intoxicated', 'rusforgiftning'],
    terms: ['alvorlig ruset', 'rusobservasjonspost', 'rusforgiftning', 'legevakt', 'akutt*'],
  },
  {
    id: 'detox',
    words: [
      'avrusning',
      'avruse',
      'avrusing',
      'avgiftning',
      'avgifting',
      'abstinens',
      'abstinenser',
      'nedtrapping',
      'detox',
      'detoxification',
      'withdrawal',
    ],
    terms: ['akuttplasser', 'akutt*', 'rusobservasjonspost', 'øyeblikkelig hjelp', 'utredning', 'rusbehandling', 'døgnopphold'],
    kinds: ['institution_acute'],
  },
  {
    id: 'substance_emergency',
    words: ['rusakutt', 'rusakutten', 'rusakuttmottak', 'akuttmottak', 'rusmottak', 'akuttinstitusjon'],
    terms: ['akuttplasser', 'akuttovernatting', 'mottakssenter*', 'rusobservasjonspost', 'ungdom og rus', 'akutt*'],
    kinds: ['institution_acute'],
  },
  {
    id: 'overdose',
    words: [
      'overdose',
      'overdosert',
      'overdoser',
      'overdosis',
      'nalokson',
      'naloxone',
      'narcan',
      'od',
      'overdosed',
      'overdosing',
      'tatt for mye',
      'tatt for mange',
      'tok for mye',
      'tok for mange',
      'took too much',
      'took too many',
    ],
    terms: ['overdose', 'nalokson', 'rusobservasjonspost', 'rusforgiftning', 'legevakt'],
    crisis: true,
  },
  {
    id: 'injection_room',
    words: [
      'sprøyterom',
      'sprøyterommet',
      'injeksjonsrom',
      'brukerrom',
      'brukerrommet',
      'injection room',
      'consumption room',
      'safe injection',
    ],
    terms: ['brukerrommet', 'brukerrom*', 'injeksjon*', 'inhalasjon'],
  },
  {
    id: 'needles',
    words: [
      'sprøyte',
      'sprøyter',
      'kanyle',
      'kanyler',
      'brukerutstyr',
      'sprøytebytte',
      'injeksjonsutstyr',
      'needle',
      'needles',
      'syringe',
      'syringes',
    ],
  },
  {
    id: 'gambling',
    words: [
      'spill',
      'spille',
      'spilling',
      'pengespill',
      'spilleavhengighet',
      'spilleavhengig',
      'spillavhengighet',
      'spillavhengig',
      'gambling',
      'gamble',
      'betting',
      'casino',
      'poker',
      'gaming',
    ],
    terms: ['avhengighet', 'tverrfaglig spesialisert rusbehandling', 'ruspoliklinikk', 'psykisk helsevern'],
  },
  // Mental health
  {
    id: 'anxiety',
    words: [
      'angst',
      'angstanfall',
      'engstelig',
      'engstelse',
      'panikk',
      'panikkangst',
      'panikkanfall',
      'fobi',
      'uro',
      'urolig',
      'nervøs',
      'ocd',
      'tvangstanker',
      'anxiety',
      'anxious',
      'panic',
      'phobia',
    ],
    terms: ['psykisk helse', 'psykiske lidelser', 'psykiske helseproblemer', 'psykolog*', 'psykisk helsevern', 'dps*'],
    targetGroups: ['psykisk_helse'],
  },
  {
    id: 'depression',
    words: [
      'depresjon',
      'depresjoner',
      'deprimert',
      'depressiv',
      'nedstemt',
      'nedfor',
      'trist',
      'tristhet',
      'motløs',
      'håpløs',
      'utbrent',
      'ensom',
      'ensomhet',
      'lei seg',
      'depression',
      'depressed',
      'sad',
      'lonely',
      'hopeless',
      'burnout',
    ],
    terms: ['psykisk helse', 'psykiske lidelser', 'psykiske helseproblemer', 'psykolog*', 'psykisk helsevern', 'dps*'],
    targetGroups: ['psykisk_helse'],
  },
  {
    id: 'suicide',
    words: [
      'selvmord',
      'selvmordstanker',
      'selvmordsforsøk',
      'selvmordsfare',
      'sjølvmord',
      'sjølvmordstankar',
      'suicidal',
      'suicide',
      'selvskading',
      'selvskade',
      'sjølvskading',
      'ta livet',
      'ta mitt eget liv',
      'ikke leve',
      'ikkje leve',
      'ikke orke mer',
      'vil dø',
      'ønsker å dø',
      'kill myself',
      'end my life',
      'want to die',
      'self harm',
    ],
    terms: ['psykiatrisk legevakt', 'psykososial akuttjeneste', 'akutt psykisk', 'legevakt', 'krise'],
    crisis: true,
  },
  {
    id: 'psychosis',
    words: [
      'psykose',
      'psykoser',
      'psykotisk',
      'schizofreni',
      'bipolar',
      'mani',
      'manisk',
      'paranoid',
      'hører stemmer',
      'psychosis',
      'psychotic',
      'schizophrenia',
      'hearing voices',
    ],
    terms: ['psykisk helsevern', 'psykiske lidelser', 'psykiatri*', 'dps*', 'fact*', 'psykiatrisk*'],
    targetGroups: ['psykisk_helse'],
  },
  {
    // Conditions and distress people name instead of "psykisk helse": what the district's mental-health
    // services, the DPS and the psychologists take.
    id: 'mental_health_conditions',
    words: [
      'spiseforstyrrelse',
      'spiseforstyrrelser',
      'anoreksi',
      'bulimi',
      'overspising',
      'adhd',
      'autisme',
      'asperger',
      'traume',
      'traumer',
      'traumatisk',
      'traumatisert',
      'ptsd',
      'posttraumatisk',
      'personlighetsforstyrrelse',
      'borderline',
      'tvangslidelse',
      'søvnproblemer',
      'søvnløs',
      'søvnløshet',
      'søvn',
      'stress',
      'stresset',
      'sorg',
      'sørger',
      'kjærlighetssorg',
      'mobbing',
      'mobbet',
      'har det vondt',
      'har det tungt',
      'psykisk uhelse',
      'eating disorder',
      'anorexia',
      'bulimia',
      'autism',
      'trauma',
      'traumatic',
      'personality disorder',
      'insomnia',
      'stressed',
      'grief',
      'grieving',
      'bullying',
      'bullied',
    ],
    terms: ['psykisk helse', 'psykiske lidelser', 'psykiske helseproblemer', 'psykolog*', 'psykisk helsevern', 'dps*'],
    targetGroups: ['psykisk_helse'],
  },
  { id: 'mental_health', words: ['psykisk', 'psykiske', 'psykiatri', 'psykiatrisk', 'psyk', 'mental', 'psychiatric', 'psychiatry'] },
  {
    id: 'talk',
    words: [
      'snakke',
      'prate',
      'samtale',
      'samtaler',
      'snakke med',
      'noen å snakke med',
      'nokon å snakke med',
      'talk',
      'someone to talk to',
      'counselling',
      'counseling',
    ],
    terms: ['samtale', 'psykolog*', 'sosionom', 'psykososial*'],
  },
  {
    id: 'psychologist',
    words: ['psykolog', 'psykologen', 'terapeut', 'terapi', 'samtaleterapi', 'psychologist', 'therapist', 'therapy'],
    terms: ['psykolog*', 'psykologtjeneste', 'psykisk helsevern', 'terapeut'],
  },
  // Urgency, time of day
  {
    id: 'urgent',
    words: [
      'akutt',
      'akutte',
      'krise',
      'krisen',
      'kriser',
      'nød',
      'nødt',
      'haster',
      'straks',
      'umiddelbart',
      'øyeblikkelig',
      'nå',
      'hjelp nå',
      'med en gang',
      'emergency',
      'urgent',
      'acute',
      'crisis',
      'now',
      'immediately',
      'asap',
    ],
    terms: ['akutt*', 'akuttjeneste*', 'legevakt', 'krise', 'øyeblikkelig hjelp', 'døgnåpent'],
    crisis: true,
  },
  {
    id: 'violence',
    words: ['vold', 'voldelig', 'slått', 'slår', 'truet', 'trusler', 'overgrep', 'violence', 'violent', 'threatened'],
    terms: ['krise', 'akutt*', 'legevakt', 'barnevernvakten'],
    crisis: true,
  },
  {
    id: 'night',
    words: [
      'natt',
      'natta',
      'i natt',
      'nattestid',
      'kveld',
      'kvelden',
      'i kveld',
      'helg',
      'helgen',
      'døgnet',
      'hele døgnet',
      'døgnåpent',
      'døgnåpen',
      'heldøgns',
      'døgnbemannet',
      '24/7',
      'night',
      'tonight',
      'evening',
      'weekend',
      'always open',
      'round the clock',
    ],
    terms: ['døgnåpent', 'døgnbemannet', 'døgnbemanning', 'heldøgns', 'natt', 'kveld*', 'akutt*'],
  },
  // People
  {
    id: 'child_of_searcher',
    words: ['sønn', 'sønnen', 'datter', 'dattera', 'dotter', 'barnet', 'barna', 'ungen', 'ungene', 'son', 'daughter', 'my child', 'my kid'],
    terms: ['pårørende', 'familie', 'familier', 'barn*', 'unge*', 'ungdom*', 'barnevern*'],
    targetGroups: ['parorende'],
    context: true,
  },
  {
    id: 'parent_of_searcher',
    words: [
      'mamma',
      'mor',
      'moren',
      'mora',
      'pappa',
      'far',
      'faren',
      'foreldre',
      'forelder',
      'mum',
      'mom',
      'mother',
      'dad',
      'father',
      'parents',
    ],
    terms: ['pårørende', 'familie', 'familier', 'barn*', 'unge*', 'barnevern*'],
    targetGroups: ['parorende'],
    context: true,
  },
  {
    id: 'relative',
    words: [
      'pårørende',
      'pårørande',
      'familie',
      'familien',
      'bror',
      'broren',
      'søster',
      'søsteren',
      'søsken',
      'kjæreste',
      'kjæresten',
      'samboer',
      'ektefelle',
      'mann',
      'mannen',
      'kone',
      'kona',
      'partner',
      'venn',
      'venninne',
      'kompis',
      'kompisen',
      'brother',
      'sister',
      'husband',
      'wife',
      'boyfriend',
      'girlfriend',
      'friend',
      'parent',
      'relative',
      'relatives',
      'family',
      'next of kin',
    ],
    terms: ['pårørende', 'familie', 'familier'],
    targetGroups: ['parorende'],
    context: true,
  },
  {
    id: 'youth',
    words: [
      'ung',
      'unge',
      'ungdom',
      'ungdommer',
      'ungdomar',
      'tenåring',
      'tenåringer',
      'elev',
      'elever',
      'youth',
      'young',
      'teen',
      'teens',
      'teenager',
      'teenagers',
      'adolescent',
      'adolescents',
    ],
    terms: ['ungdom*', 'unge*', 'ung', 'barn og unge', 'ungdomspsykiatri'],
    kinds: ['youth'],
  },
  { id: 'children', words: ['barn', 'children', 'child', 'kids', 'kid'], terms: ['barn*', 'barne*', 'barnevern*', 'unge*'] },
  { id: 'elderly', words: ['eldre', 'older', 'elderly', 'seniors', 'pensjonist'], terms: ['eldre', 'eldrefact', 'sykehjem*'] },
  // Needs
  {
    id: 'shelter',
    words: [
      'overnatting',
      'overnatte',
      'sove',
      'soveplass',
      'natthjem',
      'hospits',
      'akuttovernatting',
      'sted å sove',
      'tak over hodet',
      'shelter',
      'overnight',
      'place to sleep',
      'sleep',
    ],
    terms: ['akuttovernatting', 'overnatting', 'akuttplasser', 'mottakssenter*', 'døgn'],
  },
  {
    id: 'homeless',
    words: [
      'bostedsløs',
      'bostedsløse',
      'hjemløs',
      'hjemløse',
      'husløs',
      'uteligger',
      'på gata',
      'homeless',
      'homelessness',
      'rough sleeping',
    ],
    terms: ['akuttovernatting', 'bolig*', 'bosette*', 'mottakssenter*', 'booppfølging'],
  },
  {
    id: 'housing',
    words: ['bolig', 'bo', 'husvære', 'leilighet', 'hybel', 'housing', 'home', 'apartment', 'flat'],
    terms: ['bolig*', 'boliger', 'husvære', 'leilighet', 'booppfølging'],
  },
  {
    id: 'health',
    words: [
      'lege',
      'legen',
      'doktor',
      'fastlege',
      'helsehjelp',
      'sykepleier',
      'sykepleie',
      'feltpleie',
      'sår',
      'byll',
      'infeksjon',
      'vaksine',
      'syk',
      'doctor',
      'gp',
      'physician',
      'nurse',
      'nursing',
      'wound',
      'wounds',
      'sick',
    ],
    terms: ['lege', 'fastlege', 'feltpleie*', 'helsehjelp', 'sykepleie*', 'helseundersøkelser*', 'vaksiner*'],
  },
  { id: 'emergency_room', words: ['legevakt', 'legevakten', 'legevakta', 'emergency room', 'casualty'] },
  { id: 'hepatitis', words: ['hepatitt', 'hepatitis', 'hcv', 'smittevern', 'infection'] },
  {
    id: 'drop_in',
    words: [
      'møteplass',
      'værested',
      'væresteder',
      'treffsted',
      'kafe',
      'kafé',
      'drop-in',
      'drop in',
      'uten avtale',
      'uten timeavtale',
      'uten henvisning',
      'sted å være',
      'et sted å være',
      'sted å gå',
      'somewhere to go',
      'place to be',
      'meeting place',
      'drop-in centre',
      'cafe',
      'walk in',
    ],
    terms: ['værested*', 'møteplass', 'møtested*', 'treffsted*', 'kafe*', 'uten avtale', 'uten henvisning'],
  },
  { id: 'food', words: ['mat', 'måltid', 'måltider', 'matservering', 'middag', 'sulten', 'food', 'meal', 'meals', 'hungry'] },
  {
    id: 'work',
    words: ['jobb', 'arbeid', 'sysselsetting', 'arbeidstrening', 'arbeidstilbud', 'job', 'work', 'employment', 'jobs'],
    terms: ['jobb*', 'arbeid', 'sysselsetting*', 'arbeidstrening', 'arbeidstilbud*', 'jobbstøtte*'],
  },
  { id: 'activity', words: ['aktivitet', 'aktiviteter', 'fritid', 'activity', 'activities', 'leisure'] },
  { id: 'legal', words: ['advokat', 'jurist', 'rettshjelp', 'juridisk', 'rettigheter', 'lawyer', 'legal', 'rights'] },
  {
    id: 'prison',
    words: ['fengsel', 'soning', 'dømt', 'dom', 'straff', 'domstol', 'prison', 'jail', 'court', 'convicted', 'sentence'],
    terms: ['fengsel*', 'domstolskontroll', 'dømt', 'narkotikaprogram'],
  },
  { id: 'treatment', words: ['behandling', 'terapi', 'treatment'] },
  { id: 'institution', words: ['institusjon', 'døgnopphold', 'døgnbehandling', 'institution', 'residential'] },
  { id: 'team', words: ['team', 'oppfølgingsteam', 'ambulant', 'outreach team'] },
  { id: 'outreach', words: ['oppsøkende', 'gatenær', 'street', 'outreach'] },
  { id: 'social_worker', words: ['sosionom', 'sosialarbeider', 'social worker'] },
  { id: 'hygiene', words: ['klær', 'klesvask', 'dusj', 'clothes', 'laundry', 'shower'] },
  { id: 'free', words: ['gratis', 'kostnadsfritt', 'free'] },
  { id: 'anonymous', words: ['anonym', 'anonymt', 'anonymous'] },
  { id: 'outpatient', words: ['ruspoliklinikk', 'poliklinikk', 'outpatient', 'clinic'] },
]);

/** What a concept matches in the catalog: its terms (or its words), and its kinds' and target groups' labels. */
export function conceptTerms(concept: Concept): string[] {
  const out = new Set<string>(concept.terms ?? concept.words);
  for (const kind of concept.kinds ?? []) out.add(SERVICE_KINDS[kind].nb.toLowerCase());
  for (const group of concept.targetGroups ?? []) out.add(TARGET_GROUPS[group].nb.toLowerCase().replace(/\s*\(.*\)$/, ''));
  return [...out];
}

/** Splits text into lower-case words the way query words are split. */
const wordsOfPhrase = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Stems shorter than this match only the words as listed. */
const MIN_STEM = 4;

/**
 * A word's stem, and the stem of that: Snowball takes one suffix, so plural agent nouns keep one
 * (misbrukere → misbruker, misbruker → misbruk). Stems shorter than MIN_STEM are left out.
 */
function stemsOf(word: string): string[] {
  const once = stem(word);
  const twice = stem(once);
  return [...new Set([once, twice])].filter((k) => k.length >= MIN_STEM);
}

const byWord = new Map<string, Set<Concept>>();
const byStem = new Map<string, Set<Concept>>();
/** Phrases by their first word's stem: the stems of all their words. */
const phrases = new Map<string, { stems: string[]; concept: Concept }[]>();

const addTo = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
};

for (const concept of CONCEPTS) {
  for (const entry of concept.words) {
    const words = wordsOfPhrase(entry);
    if (words.length === 1) {
      addTo(byWord, words[0]!, concept);
      // A short stem would catch unrelated words (far → farlig): those words match as listed.
      for (const key of stemsOf(words[0]!)) addTo(byStem, key, concept);
    } else if (words.length > 1) {
      const stems = words.map(stem);
      const list = phrases.get(stems[0]!) ?? [];
      list.push({ stems, concept });
      phrases.set(stems[0]!, list);
    }
  }
}

/** The concepts a query word belongs to, in any inflection. */
export function conceptsOf(word: string): Concept[] {
  const found = new Set<Concept>(byWord.get(word) ?? []);
  for (const key of stemsOf(word)) for (const c of byStem.get(key) ?? []) found.add(c);
  return [...found];
}

/** True when the word is one of the concepts' words (in any inflection). */
export function isConceptWord(word: string): boolean {
  return byWord.has(word) || stemsOf(word).some((key) => byStem.has(key));
}

/** Every single concept word, for typo tolerance: a misspelt "depresjoon" is close to "depresjon". */
export const CONCEPT_WORDS: readonly string[] = [...byWord.keys()].filter((w) => w.length >= 4);

/** A phrase found in a query: the words it covers [start, end) and its concept. */
export type PhraseMatch = { start: number; end: number; text: string; concept: Concept };

/** The concept phrases in a sequence of query words (all words, stop words included), longest first, not overlapping. */
export function findPhrases(words: string[]): PhraseMatch[] {
  const stems = words.map(stem);
  const found: PhraseMatch[] = [];
  let i = 0;
  while (i < words.length) {
    let best: PhraseMatch | null = null;
    for (const candidate of phrases.get(stems[i]!) ?? []) {
      const n = candidate.stems.length;
      if (i + n > words.length) continue;
      if (!candidate.stems.every((s, k) => stems[i + k] === s)) continue;
      if (!best || n > best.end - best.start)
        best = { start: i, end: i + n, text: words.slice(i, i + n).join(' '), concept: candidate.concept };
    }
    if (best) {
      found.push(best);
      i = best.end;
    } else i++;
  }
  return found;
}

/** Words and phrases that a query word also matches (empty when it belongs to no concept). */
export function synonymsOf(word: string): string[] {
  const out = new Set<string>();
  for (const concept of conceptsOf(word)) {
    for (const term of conceptTerms(concept)) if (term.replace(/\*$/, '') !== word) out.add(term.replace(/\*$/, ''));
  }
  return [...out];
}
