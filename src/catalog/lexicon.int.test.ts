import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.ts';
import type { Db } from '../platform/db.ts';
import { Lexicon, similarity } from './lexicon.ts';

/** The in-memory lexicon answers as pg_trgm did when typo tolerance ran in SQL. */
const word = fc.stringMatching(/^[a-zæøåé]{1,14}$/);

describe.each(testDatabaseKinds())('the lexicon on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    db = handle.db;
  });
  afterAll(async () => handle?.close());

  it('computes the same similarity as pg_trgm for any two words', async () => {
    await fc.assert(
      fc.asyncProperty(word, word, async (a, b) => {
        const row = (await sql<{ s: number }>`select similarity(${a}, ${b})::float8 as s`.execute(db)).rows[0]!;
        expect(similarity(a, b)).toBeCloseTo(row.s, 5);
      }),
      { numRuns: 300 },
    );
  });

  it('suggests the same words as the % operator ordered by similarity, for the seeded lexicon', async () => {
    const words = (await db.selectFrom('search_lexicon').select('word').execute()).map((r) => r.word);
    const lexicon = new Lexicon(words);
    for (const typo of ['rusbehandlng', 'gatejurst', 'psyksik', 'kanylle', 'aktivitetshsu', 'bostedslos', 'zzzz']) {
      const result = await sql<{ word: string }>`
        select word from search_lexicon where similarity(word, ${typo}) >= 0.3 and word <> ${typo}
        order by similarity(word, ${typo}) desc, word collate "C" limit 2`.execute(db);
      expect(lexicon.similar(typo), typo).toEqual(result.rows.map((r) => r.word));
    }
  });
});

describe('Lexicon', () => {
  it('knows its words and nothing else', () => {
    const lexicon = new Lexicon(['bolig', 'rus']);
    expect(lexicon.has('bolig')).toBe(true);
    expect(lexicon.has('boli')).toBe(false);
  });

  it('never suggests the word itself, nor words below the threshold', () => {
    const lexicon = new Lexicon(['gatejuristen', 'gatejurist', 'gate', 'bolig']);
    // gatejurist shares 10 of 13 trigrams (0.77); gate shares 4 of 14 (0.29, below 0.3).
    expect(lexicon.similar('gatejuristen')).toEqual(['gatejurist']);
    expect(lexicon.similar('xyz')).toEqual([]);
  });
});
