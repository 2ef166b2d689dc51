import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexedService } from './search-index.repository.ts';
import { SearchIndex, Segment, smallestSorted, sortKey } from './search-index.ts';
import { RERANK_POOL } from './search.repository.ts';
import { matches, parseTsquery, parseTsvector, tsRank, tsRankCd, viewOf, wordSimilarity, type ParsedQuery } from './text-search.ts';

/** Lexemes with digits: to_tsquery leaves them as they are, so the queries name them exactly. Most documents have most words, so
 * all-terms queries match more documents than the pool holds. */
const WORDS = ['a1', 'a12', 'b2', 'c3', 'd4'];

const vector = fc
  .uniqueArray(
    fc.record({
      word: fc.constantFrom(...WORDS),
      positions: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
      weight: fc.constantFrom('A', 'B', 'C', ''),
    }),
    { selector: (e) => e.word, minLength: 4, maxLength: WORDS.length },
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

function service(i: number, v: string): IndexedService {
  return {
    id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    name: `Tjeneste ${i % 37} ${['a1', 'b2', 'natt'][i % 3]}`,
    alternateNames: [],
    vector: v,
    status: 'active',
    arrangement: null,
    cityWide: i % 4 === 0,
    districts: i % 4 === 0 ? [] : ['sagene'],
  } as unknown as IndexedService;
}

const matchesRef = (d: { view: ReturnType<typeof viewOf> }, q: ParsedQuery) => matches(d.view, q);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** searchServiceIds's SQL, written out plainly over every document with the reference functions. */
function reference(
  services: IndexedService[],
  query: ParsedQuery,
  coarse: ParsedQuery,
  terms: ParsedQuery[],
  raw: string,
  limit: number,
  offset: number,
): string[] {
  const docs = services.map((s) => ({ s, view: viewOf(parseTsvector(s.vector)) }));
  const matched = docs.filter((d) => matchesRef(d, query));
  const counts = terms.map((t) => matched.filter((d) => matchesRef(d, t)).length);
  const weights = counts.map((c) => Math.log(1 + matched.length / Math.max(1, c)));
  const scored = matched.map((d) => {
    let coverage = 0;
    for (const [i, t] of terms.entries()) if (matchesRef(d, t)) coverage += weights[i]!;
    return { ...d, coverage: Math.round(coverage * 1e6) / 1e6, coarse: tsRank(d.view, coarse) };
  });
  scored.sort((a, b) => b.coverage - a.coverage || b.coarse - a.coarse || cmp(a.s.name, b.s.name) || cmp(a.s.id, b.s.id));
  const pool = scored.slice(0, Math.max(RERANK_POOL, offset + limit)).map((d) => {
    const home = d.s.cityWide || d.s.districts.length === 0;
    let rank = tsRankCd(d.view, query) + 0.3 * wordSimilarity(raw, d.s.name);
    if (!home) rank *= 0.8;
    return { ...d, rank };
  });
  pool.sort(
    (a, b) =>
      b.coverage - a.coverage ||
      b.rank - a.rank ||
      cmp(sortKey(a.s.name), sortKey(b.s.name)) ||
      cmp(a.s.name, b.s.name) ||
      cmp(a.s.id, b.s.id),
  );
  return pool.slice(offset, offset + limit).map((d) => d.s.id);
}

describe('the index picks and orders the re-rank pool as the SQL path does, with more matches than the pool holds', () => {
  // The cheap rank is ts_rank of the operands joined by OR (its OR form); of a lone phrase, its AND form.
  it('all-terms, any-term (mixed coverage) and phrase queries', () => {
    const shapes = {
      all: { terms: ['a1:*', 'b2 | c3', 'd4'], join: ' & ' },
      any: { terms: ['a1:*', 'b2 | c3', 'd4'], join: ' | ' },
      phrase: { terms: ['a1 <-> b2'], join: '' },
    };
    fc.assert(
      fc.property(
        fc.array(vector, { minLength: RERANK_POOL + 50, maxLength: RERANK_POOL + 250 }),
        fc.constantFrom('all', 'any', 'phrase' as const),
        fc.boolean(),
        (vectors, shape, split) => {
          const services = vectors.map((v, i) => service(i, v));
          // Split: the last 40 services changed since the main segment was built (tombstoned there, live in the delta).
          const main = new Segment(services);
          const delta = new Segment(split ? services.slice(-40) : []);
          if (split) for (let d = services.length - 40; d < services.length; d++) main.kill(d);
          const index = new SearchIndex(main, delta, 1);
          const { terms: termTexts, join } = shapes[shape];
          const query = parseTsquery(termTexts.map((t) => `(${t})`).join(join));
          const coarse = parseTsquery(termTexts.join(' | '));
          const terms = termTexts.map(parseTsquery);
          const raw = 'a1 natt';
          let total = 0;
          // Twice: the second search walks the cheap-rank order the first one's query left behind. The first page, and the
          // last of the pool (which tells whether the pool holds the right documents).
          for (const [round, offset] of [0, 0, RERANK_POOL - 20, RERANK_POOL - 20].entries()) {
            const expected = reference(services, query, coarse, terms, raw, 20, offset);
            const page = index.search(
              {
                query,
                coarse,
                terms: terms.map((q) => ({ query: q, weight: 1 })),
                ownWords: null,
                rawQuery: raw,
                district: undefined,
                youth: false,
              },
              {},
              20,
              offset,
            );
            expect(
              page.services.map((s) => s.id),
              `round ${round}`,
            ).toEqual(expected);
            total = page.total;
          }
          // An all-terms search with more matches than the pool walked the cheap-rank order the second time (it was built).
          if (shape === 'all' && total > RERANK_POOL) expect(main.coarseOrder(coarse)).not.toBeNull();
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('smallestSorted', () => {
  it('is the first k of the sorted keys, whatever their order and repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), fc.nat(320), (values, k) => {
        const keys = Float64Array.from(values);
        const expected = Float64Array.from(values).sort().slice(0, Math.min(k, values.length));
        expect(Array.from(smallestSorted(keys, keys.length, k))).toEqual(Array.from(expected));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Segment.inName', () => {
  it('is the reference match on weight A for | of operands and for any other query', () => {
    const query = fc.oneof(
      fc.array(fc.constantFrom(...WORDS.flatMap((w) => [w, `${w}:*`])), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' | ')),
      fc.constantFrom('a1 <-> b2', 'a1 & (b2 | c3)', 'd4 | (a12 <-> c3)'),
    );
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 20 }), query, (vectors, text) => {
        const seg = new Segment(vectors.map((v, i) => service(i, v)));
        const q = parseTsquery(text);
        for (let d = 0; d < seg.size; d++) expect(seg.inName(d, q, seg.view(d))).toBe(matches(seg.view(d), q, true));
      }),
      { numRuns: 300 },
    );
  });
});
