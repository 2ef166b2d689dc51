/**
 * Search synonyms we maintain by hand. Each line is a group of words that mean the same to a
 * person searching; English words map into the Norwegian groups. Multi-word entries are phrases.
 * Keep entries lower case; add a group rather than growing one into unrelated meanings.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  [
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
  ['advokat', 'jurist', 'rettshjelp', 'juridisk', 'rettigheter', 'lawyer', 'legal', 'rights'],
  ['rus', 'rusmidler', 'rusproblemer', 'rusavhengighet', 'avhengighet', 'narkotika', 'drugs', 'drug', 'substance', 'addiction'],
  ['alkohol', 'drikking', 'alcohol', 'drinking'],
  ['psykisk', 'psykiatri', 'mental', 'psychiatric', 'psychiatry'],
  ['bolig', 'bo', 'husvære', 'leilighet', 'housing', 'home', 'apartment', 'flat'],
  ['bostedsløs', 'hjemløs', 'husløs', 'homeless', 'homelessness'],
  ['overnatting', 'natthjem', 'hospits', 'shelter', 'overnight'],
  ['akutt', 'krise', 'øyeblikkelig', 'emergency', 'acute', 'crisis'],
  ['legevakt', 'legevakten', 'emergency room', 'casualty'],
  ['overdose', 'nalokson', 'naloxone', 'overdosis'],
  ['lege', 'fastlege', 'doctor', 'gp', 'physician'],
  ['sykepleier', 'sykepleie', 'feltpleie', 'nurse', 'nursing'],
  ['psykolog', 'terapeut', 'samtaleterapi', 'psychologist', 'therapist', 'therapy', 'counselling'],
  ['behandling', 'terapi', 'treatment'],
  ['jobb', 'arbeid', 'sysselsetting', 'arbeidstrening', 'job', 'work', 'employment'],
  ['aktivitet', 'aktiviteter', 'fritid', 'activity', 'activities', 'leisure'],
  ['møteplass', 'værested', 'treffsted', 'kafe', 'kafé', 'meeting place', 'drop-in centre', 'cafe'],
  ['mat', 'måltid', 'måltider', 'matservering', 'food', 'meal', 'meals'],
  ['ungdom', 'unge', 'ungdommer', 'youth', 'young', 'teenager', 'teenagers', 'adolescents'],
  ['barn', 'children', 'child', 'kids'],
  ['eldre', 'older', 'elderly', 'seniors'],
  ['pårørende', 'familie', 'relatives', 'family', 'next of kin'],
  ['hepatitt', 'hepatitis', 'smittevern', 'infection'],
  ['lar', 'substitusjonsbehandling', 'legemiddelassistert', 'metadon', 'buprenorfin', 'subutex', 'methadone', 'substitution', 'oat'],
  ['heroin', 'opioider', 'opiater', 'opioids', 'opiates'],
  ['hasj', 'cannabis', 'marihuana', 'weed', 'hash'],
  ['institusjon', 'døgnopphold', 'døgnbehandling', 'institution', 'residential'],
  ['team', 'oppfølgingsteam', 'ambulant', 'outreach team'],
  ['oppsøkende', 'gatenær', 'street', 'outreach'],
  ['sosionom', 'sosialarbeider', 'social worker'],
  ['klær', 'klesvask', 'dusj', 'clothes', 'laundry', 'shower'],
  ['gratis', 'kostnadsfritt', 'free'],
  ['anonym', 'anonymt', 'anonymous'],
  ['ruspoliklinikk', 'poliklinikk', 'outpatient', 'clinic'],
  ['fengsel', 'soning', 'prison', 'jail'],
  ['domstol', 'dom', 'court'],
  ['døgnåpent', 'heldøgns', 'døgnbemannet', '24/7', 'always open', 'round the clock'],
];

const groupsByWord = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  for (const word of group) {
    const set = groupsByWord.get(word) ?? new Set<string>();
    for (const other of group) if (other !== word) set.add(other);
    groupsByWord.set(word, set);
  }
}

/** Words and phrases that mean the same as `word` (empty when none). */
export function synonymsOf(word: string): string[] {
  return [...(groupsByWord.get(word) ?? [])];
}
