import { synonymsOf } from './synonyms.ts';

/** How a query term reached the text it matched. */
export type MatchVia = 'exact' | 'synonym' | 'typo' | 'compound';

/** One way of matching a query term: a word, a phrase or a split compound. */
export type Variant = { text: string; via: MatchVia; tsquery: string };

/** One query term and every way it may match; a document must match each term (AND). */
export type TermGroup = { term: string; variants: Variant[] };

const STOP_WORDS = new Set([
  'og',
  'i',
  'for',
  'på',
  'til',
  'med',
  'av',
  'en',
  'et',
  'ei',
  'som',
  'er',
  'det',
  'den',
  'de',
  'jeg',
  'meg',
  'min',
  'mitt',
  'å',
  'at',
  'om',
  'fra',
  'har',
  'kan',
  'eller',
  'ikke',
  'hvor',
  'the',
  'and',
  'of',
  'in',
  'to',
  'a',
  'an',
  'with',
  'my',
  'near',
  'where',
  'or',
  'is',
]);

export const MAX_TERMS = 8;

/** Lower-cased words of a query, without punctuation and stop words, at most MAX_TERMS. */
export function tokenize(query: string): string[] {
  const words = query
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return [...new Set(words)].slice(0, MAX_TERMS);
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
  /** True when the word occurs in the catalog's text. */
  has: (word: string) => boolean;
  /** Catalog words spelled like this one, best first (typo tolerance). */
  similar: (word: string) => string[];
};

/** Expands each query word into its variants: itself, synonyms, split compound, typo fixes. */
export function expandQuery(tokens: string[], lexicon: Lexicon): TermGroup[] {
  return tokens.map((term) => {
    const variants: Variant[] = [];
    const seen = new Set<string>();
    const add = (text: string, via: MatchVia, tsquery: string) => {
      if (!tsquery || seen.has(text)) return;
      seen.add(text);
      variants.push({ text, via, tsquery });
    };
    add(term, 'exact', wordQuery(term));
    for (const synonym of synonymsOf(term)) add(synonym, 'synonym', phraseQuery(synonym));
    // A word the catalog or the synonym list knows is meant as written: no splitting, no typo fixes.
    if (!lexicon.has(term) && synonymsOf(term).length === 0) {
      const parts = splitCompound(term, lexicon.has);
      if (parts) add(parts.join(' + '), 'compound', `(${parts.map(wordQuery).join(' & ')})`);
      if (term.length >= 4) {
        for (const fix of lexicon.similar(term)) {
          add(fix, 'typo', wordQuery(fix));
          for (const synonym of synonymsOf(fix)) add(synonym, 'synonym', phraseQuery(synonym));
        }
      }
    }
    return { term, variants };
  });
}

/** The tsquery text for all term groups: every group must match (AND) or any (OR). */
export function toTsquery(groups: TermGroup[], mode: 'all' | 'any'): string {
  const op = mode === 'all' ? ' & ' : ' | ';
  return groups
    .filter((g) => g.variants.length > 0)
    .map((g) => `(${g.variants.map((v) => v.tsquery).join(' | ')})`)
    .join(op);
}
