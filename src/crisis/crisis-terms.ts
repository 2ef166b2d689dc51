/*
 * What a search that looks like a crisis contains, as data: words and phrases in bokmål, nynorsk
 * and English, written as people type them (normalised by crisis-query.ts before matching, so
 * case, diacritics and punctuation do not matter). A phrase matches whole words in order; a word
 * ending in * matches any word starting with it. Kept to what signals danger now: suicide and
 * self-harm, overdose, violence and abuse, and asking for help right now. Add a term here and a
 * hit (and, where it could mislead, a non-hit) in crisis-query.test.ts.
 */
export type CrisisTopic = 'suicide' | 'overdose' | 'violence' | 'urgent';

export const CRISIS_TERMS: Record<CrisisTopic, readonly string[]> = {
  suicide: [
    'selvmord*',
    'sjølvmord*',
    'sjolvmord*',
    'selvmordstanker',
    'suicid*',
    'ta livet mitt',
    'ta livet av meg',
    'ta livet av seg',
    'ta mitt eget liv',
    'ta mitt liv',
    'vil do',
    'vil ikke leve',
    'vil ikkje leve',
    'orker ikke leve',
    'orkar ikkje leve',
    'orker ikke mer',
    'ikke lyst til a leve',
    'vil ikke leve lenger',
    'avslutte livet',
    'kill myself',
    'killing myself',
    'end my life',
    'want to die',
    'wanna die',
    'self harm',
    'selfharm',
    'selvskad*',
    'sjolvskad*',
    'skade meg selv',
    'skade meg sjolv',
    'kutter meg',
    'cutting myself',
    'hurt myself',
  ],
  overdose: [
    'overdose*',
    'overdoser*',
    'overdosert',
    'od',
    'oda',
    'odet',
    'overdosis',
    'forgifta',
    'forgiftet',
    'forgiftning',
    'overdosed',
  ],
  violence: [
    'vold*',
    'voldtekt*',
    'valdtekt*',
    'slar meg',
    'slo meg',
    'blir slatt',
    'truer meg',
    'trugar meg',
    'violence',
    'violent',
    'abuse',
    'abused',
    'abusive',
    'overgrep*',
    'misbruk av meg',
    'rape',
    'raped',
    'beats me',
    'hits me',
    'domestic violence',
    'mishandl*',
    'redd for livet',
  ],
  urgent: [
    'hjelp na',
    'hjelp no',
    'trenger hjelp na',
    'treng hjelp no',
    'akutt',
    'akutt hjelp',
    'help now',
    'need help now',
    'emergency',
    'krise',
    'krisa',
    'i krise',
    'kriser',
    'crisis',
    'sos',
    'nodhjelp',
    'nod',
    'nodnummer',
  ],
};

/**
 * Phrases that contain a crisis word but name a topic the catalog serves ("substance abuse" is
 * about drugs, not about someone abusing you): removed from the text before matching.
 */
export const NOT_CRISIS_PHRASES: readonly string[] = [
  'substance abuse',
  'drug abuse',
  'alcohol abuse',
  'abuse of alcohol',
  'abuse of drugs',
];
