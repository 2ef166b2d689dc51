import type { Db } from '../platform/db.ts';
import { openNowParameters } from './opening-hours.ts';
import { CONCEPT_WORDS, isConceptWord } from './concepts.ts';
import { Lexicon } from './lexicon.ts';
import { catalogLexicon, catalogRevision } from './search-state.ts';
import { COMPOUND_PARTS } from './search-document.ts';
import { expandQuery, toCoarseTsquery, toTsquery, tokenize, YOUTH_AGE, type MatchVia, type TermGroup } from './search-query.ts';
import { loadSpelling } from './spelling.ts';
import { indexCanFilter, parsedTsquery, type SearchIndex } from './search-index.ts';
import { selectIndexedServices, type IndexedService } from './search-index.repository.ts';
import { searchIndex } from './search-index.state.ts';
import { matchVariants, searchServiceIds, type SearchFilters, type SearchIdsPage, type TextQuery } from './search.repository.ts';

export type MatchReason = { term: string; matched: string; via: MatchVia; inName: boolean };

export type SearchPage = {
  ids: string[];
  total: number;
  /**
   * 'all' terms matched; 'all_then_any': fewer than ALL_TERMS_FEW services match every term, so
   * they come first and the list goes on with services that match some terms; 'any' when none
   * matches every term; 'none' without a query.
   */
  matchMode: 'all' | 'all_then_any' | 'any' | 'none';
  /** With 'all_then_any': how many services (the first of the list) match every term; otherwise null. */
  allTermsTotal: number | null;
  reasons: Map<string, MatchReason[]>;
  terms: { term: string; variants: { text: string; via: MatchVia }[] }[];
  /** Query words taken for typos, and what was searched instead ("Viser treff for …"). */
  corrections: { term: string; correction: string }[];
  /** With a district filter and no match in it: how many match in all districts; otherwise null. */
  allDistrictsTotal: number | null;
  /** With no match: searches that find something, so zero results are never a dead end. */
  suggestions: string[];
};

export type FindServiceIdsOptions = {
  q?: string | undefined;
  filters: SearchFilters;
  page: number;
  perPage: number;
  /** Search the words exactly as typed: no typo correction. */
  noCorrection?: boolean | undefined;
  /**
   * Where the search runs: the in-memory index (the default, when it can answer the filters) or
   * PostgreSQL (the cross-check in tests and the benchmark's comparison).
   */
  engine?: 'index' | 'sql' | undefined;
  /** Only the total is wanted (countUnknownHours): the index skips ranking, ids may be empty. */
  totalOnly?: boolean | undefined;
  /**
   * A list for people (the public and staff search): when only a few services match every term,
   * go on with those that match some (matchMode 'all_then_any'). HSDS filters by the words and leaves this off.
   */
  continueWithSome?: boolean | undefined;
};

/**
 * Fewer services than this matching every term is a thin answer: often one stray match of a
 * filler word ("gror" in "Grorud"), so the list goes on with the services that match most terms.
 */
export const ALL_TERMS_FEW = 5;

/** Runs the ranked id search and the match explanation on PostgreSQL or on the in-memory index. */
type Engine = {
  searchIds: (text: TextQuery | null, filters: SearchFilters, limit: number, offset: number) => Promise<SearchIdsPage>;
  /** How many match; the index counts without ranking (its bitsets give the total), SQL runs the search for one row. */
  count: (text: TextQuery | null, filters: SearchFilters) => Promise<number>;
  matchVariants: (ids: string[], tsqueries: string[]) => Promise<Map<string, { inText: boolean[]; inName: boolean[] }>>;
  index: SearchIndex | null;
};

const sqlEngine = (db: Db): Engine => ({
  searchIds: (text, filters, limit, offset) => searchServiceIds(db, { text, filters, limit, offset }),
  count: async (text, filters) => (await searchServiceIds(db, { text, filters, limit: 1, offset: 0 })).total,
  matchVariants: (ids, tsqueries) => matchVariants(db, ids, tsqueries),
  index: null,
});

function indexEngine(index: SearchIndex): Engine {
  const parse = (t: string | undefined) => (t ? parsedTsquery(t) : null);
  const searchIds: Engine['searchIds'] = async (text, filters, limit, offset) => {
    const page = text
      ? index.search(
          {
            query: parsedTsquery(text.tsquery),
            coarse: parsedTsquery(text.coarse),
            terms: text.terms.map((t) => ({ query: parsedTsquery(t.tsquery), weight: t.weight })),
            ownWords: parse(text.ownWords),
            rawQuery: text.rawQuery,
            district: text.district,
            youth: text.youth,
          },
          filters,
          limit,
          offset,
        )
      : index.listByName(filters, limit, offset);
    return { rows: page.services.map((s) => ({ id: s.id, rank: 0 })), total: page.total };
  };
  return {
    searchIds,
    // A page of none: the index returns the total before it ranks anything.
    count: async (text, filters) => (await searchIds(text, filters, 0, 0)).total,
    matchVariants: async (ids, tsqueries) => index.explain(ids, tsqueries.map(parsedTsquery)),
    index,
  };
}

async function engineFor(db: Db, options: { filters: SearchFilters; engine?: 'index' | 'sql' | undefined }): Promise<Engine> {
  if (options.engine === 'sql' || !indexCanFilter(options.filters)) return sqlEngine(db);
  return indexEngine(await searchIndex(db));
}

/** Broad searches that always find something, offered when a search finds nothing. */
export const ZERO_RESULT_SUGGESTIONS = ['legevakt', 'psykisk helse', 'rusproblemer', 'værested', 'ungdom', 'pårørende'];

/** How much a context term (who a worry is about) counts towards coverage, against 1 for a subject term. */
const CONTEXT_WEIGHT = 0.25;

let conceptLexicon: Lexicon | null = null;

/** The term groups of a query's tokens: each word with its synonyms, compound parts and typo fixes. */
export async function expand(db: Db, tokens: string[], correct: boolean): Promise<TermGroup[]> {
  const lexicon = await catalogLexicon(db);
  const has = (w: string) => lexicon.has(w) || COMPOUND_PARTS.has(w);
  // The dictionaries are loaded (once per process) only for a word neither the catalog nor a concept knows.
  const unknown = tokens.some((t) => !t.includes(' ') && t.length >= 4 && !has(t) && !isConceptWord(t));
  const spelling = correct && unknown ? await loadSpelling() : null;
  conceptLexicon ??= new Lexicon(CONCEPT_WORDS);
  const concepts = conceptLexicon;
  return expandQuery(tokens, {
    has,
    similar: (w) => (correct ? lexicon.similar(w) : []),
    similarConceptWords: (w) => (correct ? concepts.similar(w, 1) : []),
    isWord: (w) => spelling?.isWord(w) ?? false,
  });
}

/**
 * Full-text search with Norwegian stemming, concepts (everyday words and slang mapped to the
 * catalog's words), compound splitting and typo tolerance for words that are not real words.
 * Requires every term to match; when nothing does, takes services that match some terms, ranked by
 * how much of the query they match, and says so. With continueWithSome, a thin answer (fewer than
 * ALL_TERMS_FEW match every term) lists those first and then the rest that match some terms.
 */
export async function findServiceIds(db: Db, options: FindServiceIdsOptions): Promise<SearchPage & { index: SearchIndex | null }> {
  const engine = await engineFor(db, options);
  const tokens = tokenize(options.q ?? '');
  const groups = tokens.length ? await expand(db, tokens, !options.noCorrection) : [];
  const limit = options.perPage;
  const offset = (options.page - 1) * options.perPage;
  const rawQuery = (options.q ?? '').trim();
  const { filters } = options;
  const youth =
    groups.some((g) => g.youth) || (filters.age !== undefined && filters.age <= YOUTH_AGE.max) || Boolean(filters.kinds?.includes('youth'));
  let matchMode: SearchPage['matchMode'] = 'none';
  let found: SearchIdsPage;
  const textQuery = (mode: 'all' | 'any', district: string | undefined): TextQuery => ({
    tsquery: toTsquery(groups, mode),
    coarse: toCoarseTsquery(groups, mode),
    terms: groups.map((g) => ({ tsquery: toTsquery([g], 'all'), weight: g.context ? CONTEXT_WEIGHT : 1 })),
    // The user's own words, or what a typo was taken for: they count above their synonyms.
    ownWords:
      groups.flatMap((g) => g.variants.filter((v) => v.via === 'exact' || v.via === 'typo').map((v) => v.tsquery)).join(' | ') || undefined,
    rawQuery,
    district,
    youth,
  });
  let mode: 'all' | 'any' = 'all';
  const run = async (text: TextQuery | null): Promise<SearchIdsPage> =>
    options.totalOnly ? { rows: [], total: await engine.count(text, filters) } : engine.searchIds(text, filters, limit, offset);
  let allTermsTotal: number | null = null;
  if (groups.length === 0) {
    found = await run(null);
  } else {
    matchMode = 'all';
    const allTerms = textQuery('all', filters.district);
    found = await run(allTerms);
    // Decided on the total, not on the page, so every page of a result list agrees on the mode.
    if (found.total === 0 && groups.length > 1) {
      matchMode = mode = 'any';
      found = await run(textQuery('any', filters.district));
    } else if (options.continueWithSome && groups.length > 1 && found.total < ALL_TERMS_FEW) {
      const all = found.total;
      const any = textQuery('any', filters.district);
      if (options.totalOnly) found = await run(any);
      else {
        // The list: every all-terms match (fewer than ALL_TERMS_FEW), then the any-terms ranking without them.
        const first = offset === 0 && limit >= all ? found.rows : (await engine.searchIds(allTerms, filters, all, 0)).rows;
        const firstIds = new Set(first.map((r) => r.id));
        const head = first.slice(offset, offset + limit);
        // The ranking's first offset + limit rows hold the rest's page whatever all-terms matches sit among them.
        const rest = await engine.searchIds(any, filters, offset + limit, 0);
        const skip = Math.max(0, offset - all);
        const tail = rest.rows.filter((r) => !firstIds.has(r.id)).slice(skip, skip + limit - head.length);
        found = { rows: [...head, ...tail], total: rest.total };
      }
      if (found.total > all) {
        matchMode = 'all_then_any';
        allTermsTotal = all;
      }
    }
  }
  let allDistrictsTotal: number | null = null;
  if (found.total === 0 && filters.district) {
    const everywhere = { ...filters, district: undefined };
    const text = groups.length ? textQuery(mode, undefined) : null;
    allDistrictsTotal = await engine.count(text, everywhere);
  }
  const ids = found.rows.map((r) => r.id);
  return {
    ids,
    total: found.total,
    matchMode,
    allTermsTotal,
    reasons: await explainMatches(engine, ids, groups),
    terms: groups.map((g) => ({ term: g.term, variants: g.variants.map(({ text, via }) => ({ text, via })) })),
    corrections: groups.flatMap((g) => (g.correction ? [{ term: g.term, correction: g.correction }] : [])),
    allDistrictsTotal,
    suggestions: found.total === 0 ? ZERO_RESULT_SUGGESTIONS.filter((w) => !tokens.includes(w)) : [],
    index: engine.index,
  };
}

/** For each result, which variant of each term matched, and whether it was in the name. */
async function explainMatches(engine: Engine, ids: string[], groups: TermGroup[]): Promise<Map<string, MatchReason[]>> {
  const flat = groups.flatMap((g) => g.variants.map((v) => ({ group: g, variant: v })));
  const matches = await engine.matchVariants(
    ids,
    flat.map((f) => f.variant.tsquery),
  );
  const reasons = new Map<string, MatchReason[]>();
  for (const id of ids) {
    const m = matches.get(id);
    const list: MatchReason[] = [];
    for (const group of groups) {
      let best: MatchReason | null = null;
      for (const [i, f] of flat.entries()) {
        if (f.group !== group || !m?.inText[i]) continue;
        const candidate = { term: group.term, matched: f.variant.text, via: f.variant.via, inName: Boolean(m.inName[i]) };
        if (!best || (candidate.inName && !best.inName)) best = candidate;
      }
      if (best) list.push(best);
    }
    reasons.set(id, list);
  }
  return reasons;
}

/** Filters from the public search parameters, with "open now" resolved at `now`. */
export function searchFilters(
  q: {
    district?: string | undefined;
    kind?: string[] | undefined;
    step?: number[] | undefined;
    age?: number | undefined;
    target?: string | undefined;
    dropIn?: boolean | undefined;
    noDrugFreeRequirement?: boolean | undefined;
    openNow?: boolean | undefined;
    evenings?: boolean | undefined;
    weekends?: boolean | undefined;
    open24_7?: boolean | undefined;
    includeClosed?: boolean | undefined;
    ids?: string[] | undefined;
  },
  now: Date,
): SearchFilters {
  // A person with substance-use or mental-health problems is also served by ROP offers.
  const targetGroups = q.target === 'rus' || q.target === 'psykisk_helse' ? [q.target, 'rop'] : q.target ? [q.target] : undefined;
  return {
    district: q.district,
    kinds: q.kind,
    steps: q.step,
    age: q.age,
    targetGroups,
    dropIn: q.dropIn,
    noDrugFreeRequirement: q.noDrugFreeRequirement,
    openNow: q.openNow ? openNowParameters(now) : undefined,
    evenings: q.evenings,
    weekends: q.weekends,
    open24_7: q.open24_7,
    includeClosed: q.includeClosed ?? (q.ids ? true : undefined),
    serviceIds: q.ids,
    // The public catalog lists offers only; the staff catalog's search turns this off.
    offersOnly: true,
  };
}

/**
 * How many entries a time filter (open now, evenings, weekends, 24/7) leaves out because their
 * opening hours are not given: the same search and other filters, with unknown hours instead.
 * Null when no time filter is on.
 */
export async function countUnknownHours(db: Db, options: { q?: string | undefined; filters: SearchFilters }): Promise<number | null> {
  const { openNow, evenings, weekends, open24_7, ...rest } = options.filters;
  if (!openNow && !evenings && !weekends && !open24_7) return null;
  const page = await findServiceIds(db, {
    q: options.q,
    filters: { ...rest, hoursUnknown: true },
    page: 1,
    perPage: 1,
    totalOnly: true,
    continueWithSome: true,
  });
  return page.total;
}

/** A small LRU cache of search responses, valid for one catalog revision. */
export class SearchCache<T> {
  private readonly entries = new Map<string, T>();
  private revision = -1;

  constructor(private readonly capacity = 1000) {}

  async get(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
    const revision = await catalogRevision(db);
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const page = await compute();
    this.entries.set(key, page);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return page;
  }
}

/** On a summary: the index's copy of the service it was made from (public-search-json.ts keeps its encoded text per copy). */
export const SUMMARY_SOURCE = Symbol('summary source');

/** One result as the search lists it: the service's summary fields and why it matched. */
export type ServiceSummary = Omit<IndexedService, 'alternateNames' | 'vector' | 'seedKey'> & {
  reasons: MatchReason[];
  [SUMMARY_SOURCE]?: IndexedService;
};

export type SearchResponse = {
  items: ServiceSummary[];
  total: number;
  page: number;
  perPage: number;
  matchMode: SearchPage['matchMode'];
  allTermsTotal: SearchPage['allTermsTotal'];
  terms: SearchPage['terms'];
  corrections: SearchPage['corrections'];
  allDistrictsTotal: SearchPage['allDistrictsTotal'];
  suggestions: SearchPage['suggestions'];
};

/** One page of summaries for a search, in relevance order. */
export async function searchServices(db: Db, options: FindServiceIdsOptions): Promise<SearchResponse> {
  const page = await findServiceIds(db, { continueWithSome: true, ...options });
  // The index holds every service's summary; without it (HSDS's filters, the SQL cross-check) they are read.
  const services = page.index ? page.ids.map((id) => page.index?.service(id)) : await selectIndexedServices(db, page.ids);
  const byId = new Map(services.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  const items = page.ids.flatMap((id) => {
    const s = byId.get(id);
    return s ? [summaryOf(s, page.reasons.get(id) ?? [])] : [];
  });
  return {
    items,
    total: page.total,
    page: options.page,
    perPage: options.perPage,
    matchMode: page.matchMode,
    allTermsTotal: page.allTermsTotal,
    terms: page.terms,
    corrections: page.corrections,
    allDistrictsTotal: page.allDistrictsTotal,
    suggestions: page.suggestions,
  };
}

/** A result's summary from the index's copy of the service. */
function summaryOf(s: IndexedService, reasons: MatchReason[]): ServiceSummary {
  const { alternateNames: _names, vector: _vector, seedKey: _seedKey, ...summary } = s;
  // An enumerable symbol: spreads of the summary keep it, JSON and schemas leave it out.
  return { ...summary, reasons, [SUMMARY_SOURCE]: s };
}
