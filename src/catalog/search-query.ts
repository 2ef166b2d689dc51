import { conceptsOf, conceptTerms, findPhrases, isConceptWord, type Concept } from './concepts.ts';
import { similarity } from './lexicon.ts';

/** How a query term reached the text it matched. */
export type MatchVia = 'exact' | 'synonym' | 'typo' | 'compound';

/** One way of matching a query term: a word, a phrase or a split compound. */
export type Variant = { text: string; via: MatchVia; tsquery: string };

/**
 * One query term and every way it may match; `correction` is the typo fix shown to the user, if
 * any; a `context` term (who a worry is about) ranks but does not have to match.
 */
/** youth: the term speaks of children or young people (a youth, children or "my son/daughter" concept, or a young age). */
export type TermGroup = { term: string; variants: Variant[]; correction?: string; context?: boolean; youth?: boolean };

/** Concepts that say a search is about children or young people, so youth services fit it. */
const YOUTH_CONCEPTS = new Set(['youth', 'children', 'child_of_searcher']);

/** Words that carry no subject in bokmål, nynorsk or English: never search terms. */
const STOP_WORDS = new Set(
  [
    // bokmål and nynorsk
    'og i for på til med av en et ei ein eit som er var vere være blir bli ble vart det den de dei dette denne disse desse',
    'jeg eg meg deg du han hun ho vi oss dere seg sin sitt sine min mi mitt mine din di ditt dine hans hennes vår våre',
    'å at om fra frå har hadde ha hatt kan kunne skal skulle må måtte får fikk gjør gjøre gjer eller men så da når',
    'hvor kor hva kva hvem kven hvordan korleis hvorfor kvifor hvis viss dersom fordi ved etter hos mot uten utan inn ut',
    'her der ikke ikkje veldig mye mykje litt lite mer meir mest bare berre også noe noko alle andre selv sjølv',
    'lenger lengre enda allerede kanskje liksom sånn slik år mange flere ta tar tatt tok bruke bruker brukte brukt',
    // how a relative frames a worry, not what it is about
    'bekymret bekymra bekymring urolig redd',
    // English
    'the and of in to a an with my near where or is i me mine you your he she him her his they them their we us our it',
    'its but so on at from by about are am was were be been being do does did have has had can could will would should',
    'may might must not this that these those what who when how why which any some very too much many more there here',
    'just really use uses using used worried concerned scared afraid',
  ].flatMap((line) => line.split(' ')),
);

/** Words that carry the request rather than its subject ("jeg trenger", "i need", "kan noen"): never search terms. */
const REQUEST_WORDS = new Set(
  [
    'trenger treng trengs vil ville ønsker ynskjer hjelpe få gi noen nokon finne søker leter',
    'need needs want wants looking find get please someone somebody anyone',
  ].flatMap((line) => line.split(' ')),
);

/** Words of a request that are searched only when a query has nothing else ("hjelp", "help"). */
const WEAK_WORDS = new Set(['hjelp', 'hjelpa', 'help', 'tips', 'råd']);

export const MAX_TERMS = 8;

/** Every lower-cased word of a query, punctuation dropped. */
export function queryWords(query: string): string[] {
  return query
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * The search terms of a query: its concept phrases ("ta livet", "hjelp nå") and its words without
 * stop words and filler (filler only when nothing else is left), at most MAX_TERMS distinct.
 */
export function tokenize(query: string): string[] {
  const words = queryWords(query);
  const phrases = findPhrases(words);
  const inPhrase = new Set(phrases.flatMap((p) => Array.from({ length: p.end - p.start }, (_, k) => p.start + k)));
  const rest = words.filter((w, i) => !inPhrase.has(i) && !STOP_WORDS.has(w) && !REQUEST_WORDS.has(w));
  const content = rest.filter((w) => !WEAK_WORDS.has(w));
  const terms = [...phrases.map((p) => p.text), ...(content.length || phrases.length ? content : rest)];
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

/** A word as a prefix-matching tsquery operand; only letters and digits reach the query text. */
function wordQuery(word: string): string {
  const clean = word.replace(/[^\p{L}\p{N}]/gu, '');
  return clean ? `${clean}:*` : '';
}

/** A phrase or a multi-word synonym as a tsquery: words in order. */
export function phraseQuery(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return '';
  if (words.length === 1) return wordQuery(words[0]!);
  return `(${words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).join(' <-> ')})`;
}

/** A concept's catalog term as a tsquery: its words in order, the last a prefix when it ends in *. */
export function termQuery(term: string): string {
  const prefix = term.endsWith('*');
  const words = term.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return '';
  const last = words.length - 1;
  const parts = words.map((w, i) => (i === last && prefix ? `${w}:*` : w));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
}

/**
 * Splits a compound word into known parts, allowing the linking letters s and e
 * (helsetjeneste → helse + tjeneste, rusbehandling → rus + behandling). Returns null when no
 * split into known words exists. Parts are at least three letters.
 */
export function splitCompound(word: string, isKnown: (w: string) => boolean, depth = 0): string[] | null {
  if (depth > 2 || word.length < 6) return null;
  for (let i = word.length - 3; i >= 3; i--) {
    const left = word.slice(0, i);
    if (!isKnown(left)) continue;
    for (const start of [i, i + 1]) {
      if (start === i + 1 && !'se'.includes(word[i]!)) continue;
      const right = word.slice(start);
      if (right.length < 3) continue;
      if (isKnown(right)) return [left, right];
      const rest = splitCompound(right, isKnown, depth + 1);
      if (rest) return [left, ...rest];
    }
  }
  return null;
}

export type Lexicon = {
  /** True when the word occurs in the catalog's text (or is a compound part). */
  has: (word: string) => boolean;
  /** Catalog words spelled like this one, best first (typo tolerance). */
  similar: (word: string) => string[];
  /** Concept words spelled like this one, best first; none when omitted. */
  similarConceptWords?: (word: string) => string[];
  /** True when the word is a real bokmål, nynorsk or English word; unknown (false) when omitted. */
  isWord?: (word: string) => boolean;
};

/** Ages of children and young people: a query "jeg er 16" is about youth services. */
export const YOUTH_AGE = { min: 10, max: 25 };
const YOUTH = conceptsOf('ungdom');

function conceptsOfTerm(term: string): Concept[] {
  if (/^\d{1,2}$/.test(term)) {
    const age = Number(term);
    return age >= YOUTH_AGE.min && age <= YOUTH_AGE.max ? YOUTH : [];
  }
  return conceptsOf(term);
}

/**
 * Expands each query term into its variants: itself, what its concepts mean in the catalog, a
 * split compound, and typo fixes. A word the catalog or a concept knows, or a real word of the
 * dictionaries, is meant as written: it is never "corrected" into another word. A typo fix is
 * recorded as the group's correction so the answer can say what it showed.
 */
export function expandQuery(tokens: string[], lexicon: Lexicon): TermGroup[] {
  return tokens.map((term) => {
    const variants: Variant[] = [];
    const seen = new Set<string>();
    const add = (text: string, via: MatchVia, tsquery: string) => {
      if (!tsquery || seen.has(text)) return;
      seen.add(text);
      variants.push({ text, via, tsquery });
    };
    let youth = false;
    const group = (g: TermGroup): TermGroup => (youth ? { ...g, youth } : g);
    const addConcepts = (concepts: Concept[]) => {
      for (const concept of concepts) {
        if (YOUTH_CONCEPTS.has(concept.id)) youth = true;
        if (!concept.terms) for (const w of concept.words) add(w, 'synonym', phraseQuery(w));
        for (const t of conceptTerms(concept)) add(t.replace(/\*$/, ''), 'synonym', termQuery(t));
      }
    };
    const isPhrase = term.includes(' ');
    add(term, 'exact', isPhrase ? phraseQuery(term) : wordQuery(term));
    if (isPhrase) {
      addConcepts(findPhrases(term.split(' ')).map((p) => p.concept));
      return group({ term, variants });
    }
    const concepts = conceptsOfTerm(term);
    addConcepts(concepts);
    if (concepts.length > 0 && concepts.every((c) => c.context)) return group({ term, variants, context: true });
    if (lexicon.has(term) || concepts.length > 0) return group({ term, variants });
    // A compound of the catalog's words must match all its parts; one with concept words also
    // matches what those concepts mean (alkoholavhengighet: alcohol, dependence).
    const catalogParts = splitCompound(term, lexicon.has);
    if (catalogParts) add(catalogParts.join(' + '), 'compound', `(${catalogParts.map(wordQuery).join(' & ')})`);
    const parts = splitCompound(term, (w) => lexicon.has(w) || isConceptWord(w));
    for (const part of parts ?? []) addConcepts(conceptsOf(part));
    if (catalogParts || parts) return group({ term, variants });
    if (term.length < 4 || lexicon.isWord?.(term)) return group({ term, variants });
    const fixes = [...lexicon.similar(term), ...(lexicon.similarConceptWords?.(term) ?? [])]
      .map((w) => ({ w, s: similarity(term, w) }))
      .sort((a, b) => b.s - a.s)
      .map((f) => f.w);
    for (const fix of fixes) {
      add(fix, 'typo', wordQuery(fix));
      addConcepts(conceptsOf(fix));
    }
    const correction = fixes[0];
    return group(correction ? { term, variants, correction } : { term, variants });
  });
}

/**
 * The tsquery text for all term groups: every group must match (AND) or any (OR). Context groups
 * are left out of an AND unless every group is context.
 */
export function toTsquery(groups: TermGroup[], mode: 'all' | 'any'): string {
  return queryGroups(groups, mode)
    .map((g) => `(${g.variants.map((v) => v.tsquery).join(' | ')})`)
    .join(mode === 'all' ? ' & ' : ' | ');
}

/**
 * The same operands as toTsquery(groups, mode), every one joined by OR: the query of the cheap
 * rank that picks which matches get the full rank. ts_rank of an OR is a sum over the operands'
 * occurrences (its OR form), which an index adds up from its postings; of an AND it weighs every
 * pair of occurrences by distance, which costs a walk over each match's positions. Proximity is
 * the full rank's business (cover density); the cheap rank only has to find the strong matches.
 */
export function toCoarseTsquery(groups: TermGroup[], mode: 'all' | 'any'): string {
  return queryGroups(groups, mode)
    .map((g) => g.variants.map((v) => v.tsquery).join(' | '))
    .join(' | ');
}

function queryGroups(groups: TermGroup[], mode: 'all' | 'any'): TermGroup[] {
  const withVariants = groups.filter((g) => g.variants.length > 0);
  const subject = withVariants.filter((g) => !g.context);
  return mode === 'all' && subject.length > 0 ? subject : withVariants;
}
