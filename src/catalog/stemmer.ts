/**
 * The Snowball stemmer for Norwegian (https://snowballstem.org/algorithms/norwegian/stemmer.html),
 * the same algorithm as PostgreSQL's 'norwegian' text search configuration, so a query word and the
 * catalog's indexed words reduce alike. Search uses it to recognise inflected forms of the everyday
 * words in concepts.ts (drikker, drikke → drikk; angsten → angst; sønnen → sønn) without listing
 * every form. It serves bokmål and most nynorsk endings (-ane, -ar, -ene, -er, -en, -a, -et).
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'æ', 'å', 'ø']);
const S_ENDINGS = new Set('bcdfghjlmnoprtvyz'.split(''));

const STEP1 = [
  'hetenes',
  'hetene',
  'hetens',
  'heter',
  'heten',
  'endes',
  'ande',
  'ende',
  'edes',
  'enes',
  'erte',
  'ede',
  'ane',
  'ene',
  'ens',
  'ers',
  'ets',
  'het',
  'ast',
  'ert',
  'en',
  'ar',
  'er',
  'as',
  'es',
  'et',
  'a',
  'e',
  's',
].sort((a, b) => b.length - a.length);

const STEP3 = ['hetslov', 'eleg', 'elig', 'elov', 'slov', 'leg', 'eig', 'lig', 'els', 'lov', 'ig'].sort((a, b) => b.length - a.length);

/** Start of region R1: after the first non-vowel following a vowel, but at least 3 letters in. */
function r1Start(word: string): number {
  for (let i = 1; i < word.length; i++) {
    if (!VOWELS.has(word[i]!) && VOWELS.has(word[i - 1]!)) return Math.max(3, i + 1);
  }
  return word.length;
}

/** The stem of one lower-case word. */
export function stem(input: string): string {
  let word = input;
  const r1 = r1Start(word);
  if (r1 >= word.length) return word;
  const inR1 = (suffix: string) => word.endsWith(suffix) && word.length - suffix.length >= r1;

  // Step 1: the longest of the suffixes that lie in R1.
  const suffix = STEP1.find(inR1);
  if (suffix) {
    if (suffix === 'erte' || suffix === 'ert') word = word.slice(0, -suffix.length) + 'er';
    else if (suffix === 's') {
      const before = word[word.length - 2];
      const beforeThat = word[word.length - 3];
      const valid =
        before !== undefined && (S_ENDINGS.has(before) || (before === 'k' && beforeThat !== undefined && !VOWELS.has(beforeThat)));
      if (valid) word = word.slice(0, -1);
    } else word = word.slice(0, -suffix.length);
  }
  // Step 2: dt or vt at the end of R1 loses its t.
  if (inR1('dt') || inR1('vt')) word = word.slice(0, -1);
  // Step 3: the longest of these suffixes in R1.
  const last = STEP3.find(inR1);
  if (last) word = word.slice(0, -last.length);
  return word;
}
