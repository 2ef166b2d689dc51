/**
 * The catalog's own words, held in memory for typo tolerance and compound splitting: a search
 * asks the lexicon whether a word exists and which words are spelled like it, without a database
 * round trip. Similarity is pg_trgm's (trigrams of the word padded with two spaces before and one
 * after; shared / all distinct), so "similar" means what it meant when this ran in SQL.
 */

/** The trigrams of one lower-case word, as pg_trgm makes them. */
export function trigrams(word: string): Set<string> {
  const chars = Array.from(`  ${word} `);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return out;
}

/** pg_trgm's similarity of two trigram sets: shared trigrams over all distinct ones. */
function setSimilarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** pg_trgm's similarity(a, b) for two single lower-case words. */
export function similarity(a: string, b: string): number {
  return setSimilarity(trigrams(a), trigrams(b));
}

/** pg_trgm's default similarity threshold (the % operator). */
export const SIMILARITY_THRESHOLD = 0.3;

export class Lexicon {
  private readonly words: Set<string>;
  private readonly grams: Map<string, Set<string>>;
  /** Which words contain each trigram: candidates for a similar word share at least one. */
  private readonly byTrigram = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    this.words = new Set(words);
    this.grams = new Map();
    for (const word of this.words) {
      const grams = trigrams(word);
      this.grams.set(word, grams);
      for (const t of grams) {
        const list = this.byTrigram.get(t);
        if (list) list.push(word);
        else this.byTrigram.set(t, [word]);
      }
    }
  }

  get size(): number {
    return this.words.size;
  }

  /** True when the word occurs in the catalog's text. */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Catalog words spelled like `word` (similarity ≥ 0.3), most similar first, then alphabetical. */
  similar(word: string, limit = 2): string[] {
    const grams = trigrams(word);
    const candidates = new Set<string>();
    for (const t of grams) for (const w of this.byTrigram.get(t) ?? []) candidates.add(w);
    candidates.delete(word);
    return [...candidates]
      .map((w) => ({ w, s: setSimilarity(grams, this.grams.get(w)!) }))
      .filter((c) => c.s >= SIMILARITY_THRESHOLD)
      .sort((a, b) => b.s - a.s || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0))
      .slice(0, limit)
      .map((c) => c.w);
  }
}
