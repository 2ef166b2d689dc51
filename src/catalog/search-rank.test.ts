import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexedService } from './search-index.repository.ts';
import { Segment } from './search-index.ts';
import { tsRankAnd, tsRankCdFast } from './search-rank.ts';
import { parseTsquery, positionalTrigrams, tsRank, tsRankCd, wordSimilarity } from './text-search.ts';

/** Lexemes with digits: to_tsquery leaves them as they are (no stemming), so queries name them exactly. */
const WORDS = ['a1', 'a12', 'a123', 'b2', 'b21', 'c3', 'd4', 'e5'];

const vector = fc
  .uniqueArray(
    fc.record({
      word: fc.constantFrom(...WORDS),
      positions: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
      weight: fc.constantFrom('A', 'B', 'C', ''),
    }),
    { selector: (e) => e.word, maxLength: WORDS.length },
  )
  .map((entries) =>
    entries
      .sort((a, b) => (a.word < b.word ? -1 : 1))
      .map(
        (e) =>
          `'${e.word}':${e.positions
            .sort((a, b) => a - b)
            .map((p) => `${p}${e.weight}`)
            .join(',')}`,
      )
      .join(' '),
  );

type Tree = string;
const operand: fc.Arbitrary<Tree> = fc.tuple(fc.constantFrom(...WORDS), fc.boolean()).map(([w, prefix]) => (prefix ? `${w}:*` : w));
const OPERATORS = { plain: [' & ', ' | '], phrases: [' & ', ' | ', ' <-> '], or: [' | '], and: [' & '] } as const;
const tree = (operators: keyof typeof OPERATORS | boolean): fc.Arbitrary<Tree> =>
  fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      operand,
      fc
        .tuple(
          tie('t'),
          fc.constantFrom(...OPERATORS[operators === true ? 'phrases' : operators === false ? 'plain' : operators]),
          tie('t'),
        )
        .map(([l, op, r]) => `(${l}${op}${r})`),
    ),
  })).t;

/** An & of clauses, each an | of operands: the shape of the search's queries (QueryPlan.clauseOf). */
const clauses: fc.Arbitrary<Tree> = fc
  .array(
    fc.array(operand, { minLength: 1, maxLength: 4 }).map((c) => `(${c.join(' | ')})`),
    { minLength: 1, maxLength: 4 },
  )
  .map((c) => c.join(' & '));

const names = fc.constantFrom('Rusvern Oslo', 'Bolig for unge', 'Uteseksjonen – natt', 'Kafé Ung', 'A', '', 'Legevakt legevakt');

function segmentOf(vectors: string[], nameList: string[]): Segment {
  const services = vectors.map(
    (v, i) =>
      ({
        id: String(i).padStart(4, '0'),
        name: nameList[i % nameList.length]!,
        alternateNames: [],
        vector: v,
        districts: [],
        targetGroups: [],
      }) as unknown as IndexedService,
  );
  return new Segment(services);
}

describe('the fast rank functions equal the reference ones (text-search.ts) to the bit', () => {
  it.each([
    ['without phrases', false],
    ['with phrases among and/or', true],
    ['of | alone (its short way)', 'or'],
    ['of & alone (windows counted, not evaluated)', 'and'],
    ['of an & of |s (clauses counted, not evaluated)', 'clauses'],
  ] as const)('ts_rank_cd %s', (_, phrases) => {
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 8 }), phrases === 'clauses' ? clauses : tree(phrases), (vectors, q) => {
        const seg = segmentOf(vectors, ['x']);
        const query = parseTsquery(q);
        for (let d = 0; d < seg.size; d++) expect(tsRankCdFast(seg.forward, d, seg.plan(query))).toBe(tsRankCd(seg.view(d), query));
      }),
      { numRuns: 300 },
    );
  });

  it('ts_rank_cd of queries of every shape in turn (no call leaves state for the next)', () => {
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 8 }), tree(true), clauses, tree('or'), (vectors, ...texts) => {
        const seg = segmentOf(vectors, ['x']);
        const queries = texts.map((t) => parseTsquery(t));
        for (let d = 0; d < seg.size; d++)
          for (const query of [...queries, ...queries.reverse()])
            expect(tsRankCdFast(seg.forward, d, seg.plan(query))).toBe(tsRankCd(seg.view(d), query));
      }),
      { numRuns: 300 },
    );
  });

  it("ts_rank's AND form, phrases included", () => {
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 8 }), tree(true), (vectors, q) => {
        const seg = segmentOf(vectors, ['x']);
        const query = parseTsquery(q);
        const plan = seg.plan(query);
        if (!plan.andForm) return;
        for (let d = 0; d < seg.size; d++) expect(tsRankAnd(seg.forward, d, plan)).toBe(tsRank(seg.view(d), query));
      }),
      { numRuns: 300 },
    );
  });

  it('word_similarity on the names’ trigram ids', () => {
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 7 }), fc.string({ maxLength: 12 }), names, (nameList, raw, alsoRaw) => {
        const seg = segmentOf(
          nameList.map(() => "'a1':1"),
          nameList,
        );
        for (const q of [raw, alsoRaw, 'ung', 'legevakt natt']) {
          const prepared = seg.trigrams.prepare(positionalTrigrams(q));
          for (let d = 0; d < seg.size; d++) expect(seg.trigrams.similarity(d, prepared)).toBe(wordSimilarity(q, nameList[d]!));
        }
      }),
    );
  });
});
