import { readFile } from 'node:fs/promises';
import nspell from 'nspell';

/**
 * Real words of bokmål, nynorsk and English, from the hunspell dictionaries (src/catalog/dictionaries,
 * dictionary-en) read through nspell. Search asks it whether a query word is a real word before it
 * tolerates a typo: a correctly spelled word is never "corrected" into another one.
 *
 * Loaded once per process, on the first search that needs it (a word that neither the catalog nor
 * the concept list knows). Measured on the project machine: about 2.5 s and 180 MB of heap for the
 * three dictionaries together (bokmål is the largest); `spellingLoadStats()` reports this process's.
 */

export type Speller = {
  correct: (word: string) => boolean;
  /** nspell's parsed dictionary: each stem with its affix and compound flags (not in its types). */
  data?: Record<string, string[] | undefined>;
  flags?: { COMPOUNDFLAG?: string };
};

/** Shortest part of a compound that counts: COMPOUNDMIN of the nb and nn affix files. */
const MIN_LEFT = 4;
const MIN_RIGHT = 4;

export class Spelling {
  constructor(private readonly spellers: Speller[]) {}

  private inDictionary(word: string): boolean {
    const capitalised = word.charAt(0).toUpperCase() + word.slice(1);
    return this.spellers.some((s) => s.correct(word) || s.correct(capitalised));
  }

  /** True when a dictionary allows the word as the first part of a compound (hunspell's COMPOUNDFLAG). */
  private startsCompounds(word: string): boolean {
    return this.spellers.some((s) => {
      const flag = s.flags?.COMPOUNDFLAG;
      return flag !== undefined && (s.data?.[word]?.includes(flag) ?? false);
    });
  }

  /**
   * True when the lower-case word is a word of one of the languages: in a dictionary as written or
   * capitalised (names), or a compound whose first part the dictionary allows in compounds and
   * whose last part is a dictionary word, with or without a linking s or e (selvmordstanker) —
   * Norwegian writes compounds as one word, and the dictionaries list only some of them.
   */
  isWord(word: string): boolean {
    if (this.inDictionary(word)) return true;
    for (let i = MIN_LEFT; i <= word.length - MIN_RIGHT; i++) {
      const left = word.slice(0, i);
      if (!this.startsCompounds(left)) continue;
      const right = word.slice(i);
      if (this.inDictionary(right)) return true;
      if ((right[0] === 's' || right[0] === 'e') && right.length - 1 >= MIN_RIGHT && this.inDictionary(right.slice(1))) return true;
    }
    return false;
  }
}

export type SpellingLoadStats = { ms: number; heapMb: number };

let loading: Promise<Spelling> | null = null;
let stats: SpellingLoadStats | null = null;

const dictionaryFile = (name: string) => new URL(`./dictionaries/${name}`, import.meta.url);

async function load(): Promise<Spelling> {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const [nbAff, nbDic, nnAff, nnDic, en] = await Promise.all([
    readFile(dictionaryFile('nb_NO.aff')),
    readFile(dictionaryFile('nb_NO.dic')),
    readFile(dictionaryFile('nn_NO.aff')),
    readFile(dictionaryFile('nn_NO.dic')),
    import('dictionary-en').then((m) => m.default),
  ]);
  // The Norwegian files are ISO-8859-1 (their SET line); nspell reads strings.
  const spellers: Speller[] = [
    nspell(nbAff.toString('latin1'), nbDic.toString('latin1')),
    nspell(nnAff.toString('latin1'), nnDic.toString('latin1')),
    nspell(Buffer.from(en.aff).toString('utf8'), Buffer.from(en.dic).toString('utf8')),
  ];
  stats = { ms: performance.now() - started, heapMb: (process.memoryUsage().heapUsed - heapBefore) / 1e6 };
  return new Spelling(spellers);
}

/** The process's dictionaries, loaded on first use; a failed load is tried again next time. */
export function loadSpelling(): Promise<Spelling> {
  if (!loading) {
    const pending = load();
    loading = pending;
    pending.catch(() => {
      if (loading === pending) loading = null;
    });
  }
  return loading;
}

/** How long loading took and roughly how much heap it added; null until loaded. */
export function spellingLoadStats(): SpellingLoadStats | null {
  return stats;
}
