import { CRISIS_TERMS, NOT_CRISIS_PHRASES, type CrisisTopic } from './crisis-terms.ts';

/**
 * Text as the crisis terms are written: lower case, letters without diacritics (ø → o, æ → ae,
 * å → a, é → e), every run of punctuation, symbols, emoji, control characters and whitespace as
 * one space. Pure.
 */
export function normaliseCrisisText(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

type Matcher = { topic: CrisisTopic; words: string[]; prefix: boolean };

const MATCHERS: readonly Matcher[] = Object.entries(CRISIS_TERMS).flatMap(([topic, terms]) =>
  terms.map((term) => ({ topic: topic as CrisisTopic, words: normaliseCrisisText(term).split(' '), prefix: term.endsWith('*') })),
);

const EXCLUSIONS: readonly string[][] = NOT_CRISIS_PHRASES.map((p) => normaliseCrisisText(p).split(' '));

/** Whether the term's words occur in order, next to each other, from `start` in the text's words. */
function matchesAt(words: readonly string[], start: number, term: readonly string[], prefix: boolean): boolean {
  if (start + term.length > words.length) return false;
  return term.every((p, i) => {
    const word = words[start + i]!;
    return prefix && i === term.length - 1 ? word.startsWith(p) : word === p;
  });
}

/** The words with every excluded phrase taken out. */
function withoutExclusions(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const exclusion = EXCLUSIONS.find((e) => matchesAt(words, i, e, false));
    if (exclusion) i += exclusion.length - 1;
    else out.push(words[i]!);
  }
  return out;
}

// Searches are short; longer text is only looked at this far (a pasted essay stays cheap).
const MAX_WORDS = 400;

/** The crisis topics a search text touches (empty when none). Pure. */
export function crisisTopics(text: string): CrisisTopic[] {
  const words = withoutExclusions(normaliseCrisisText(text.slice(0, 10_000)).split(' ').filter(Boolean).slice(0, MAX_WORDS));
  const found = new Set<CrisisTopic>();
  for (const matcher of MATCHERS) {
    if (found.has(matcher.topic)) continue;
    for (let i = 0; i < words.length; i++) {
      if (matchesAt(words, i, matcher.words, matcher.prefix)) {
        found.add(matcher.topic);
        break;
      }
    }
  }
  return [...found];
}

/** True when a search looks like a person in crisis: the page shows the crisis panel first. Pure. */
export function looksLikeCrisis(text: string | null | undefined): boolean {
  return !!text && crisisTopics(text).length > 0;
}
