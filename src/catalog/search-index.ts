import { isOpenAt } from './opening-hours.ts';
import { OTHER_DISTRICT_FACTOR, RERANK_POOL, type SearchFilters } from './search.repository.ts';
import type { IndexedService } from './search-index.repository.ts';
import {
  compareLexemes,
  lexemeRange,
  matches,
  orEntryScore,
  parseTsquery,
  parseTsvector,
  positionalTrigrams,
  tsRankCd,
  uniqueOperands,
  wordSimilarity,
  type Operand,
  type ParsedQuery,
  type QueryNode,
  type VectorView,
} from './text-search.ts';

/**
 * The catalog's search in memory, per process: the services' stored tsvectors as compact postings
 * (an inverted list of documents per lexeme, for matching and ts_rank's OR form) and a forward
 * index (each document's lexemes and positions, for phrases, cover density and the name check),
 * the filter attributes and the result summaries. A query costs typed-array passes over the
 * postings of its words instead of a PostgreSQL scan that ranks every match; it ranks with the
 * same functions as the SQL path (text-search.ts), so both order results alike.
 *
 * A segment is immutable. The index is a main segment plus a small segment of the services changed
 * since it was built (their old documents in the main segment are tombstoned); see SearchIndex.
 */

/** The sort key of veiviser_sort_key(name): Norwegian letters after z, accents folded. */
export function sortKey(name: string): string {
  const from = 'æøåäöüéèêëáàâóòôíìîúùç';
  const to = '{|}{|yeeeeaaaoooiiiuuc';
  let out = '';
  for (const c of name.toLowerCase()) {
    const i = from.indexOf(c);
    out += i >= 0 ? (to[i] ?? c) : c;
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A set of a segment's documents: one byte per document. */
type DocSet = Uint8Array;

export class Segment {
  readonly services: IndexedService[];
  /** Lexemes in PostgreSQL's order; a lexeme's id is its place here. */
  private readonly lexemes: string[];
  /** Inverted: documents of lexeme l are postDoc[postStart[l] .. postStart[l+1]), each with its ts_rank OR share. */
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postScore: Float32Array;
  /** Forward: document d's lexeme ids (ascending) docLex[docStart[d] .. docStart[d+1]); entry k's positions pos[posStart[k] ..]. */
  private readonly docStart: Int32Array;
  private readonly docLex: Int32Array;
  private readonly posStart: Int32Array;
  private readonly pos: Uint16Array;
  /** Document ids in name order (veiviser_sort_key, name, id): the order of a search without words. */
  readonly byName: Int32Array;
  private readonly nameKeys: string[];
  /** Tombstones: documents replaced by a newer version elsewhere. */
  readonly dead: Uint8Array;
  private readonly sets = new Map<string, DocSet>();

  constructor(services: IndexedService[]) {
    this.services = services;
    const n = services.length;
    const vectors = services.map((s) => parseTsvector(s.vector));
    const vocabulary = new Set<string>();
    for (const v of vectors) for (const l of v.lexemes) vocabulary.add(l);
    this.lexemes = [...vocabulary].sort(compareLexemes);
    const idOf = new Map(this.lexemes.map((l, i) => [l, i]));
    this.docStart = new Int32Array(n + 1);
    let entries = 0;
    let positions = 0;
    for (const v of vectors) {
      entries += v.lexemes.length;
      for (const p of v.positions) positions += p.length;
    }
    this.docLex = new Int32Array(entries);
    this.posStart = new Int32Array(entries + 1);
    this.pos = new Uint16Array(positions);
    const counts = new Int32Array(this.lexemes.length + 1);
    let k = 0;
    let p = 0;
    for (let d = 0; d < n; d++) {
      this.docStart[d] = k;
      const v = vectors[d]!;
      for (let j = 0; j < v.lexemes.length; j++) {
        const lex = idOf.get(v.lexemes[j]!)!;
        this.docLex[k] = lex;
        counts[lex + 1]!++;
        this.posStart[k] = p;
        this.pos.set(v.positions[j]!, p);
        p += v.positions[j]!.length;
        k++;
      }
    }
    this.docStart[n] = k;
    this.posStart[k] = p;
    this.postStart = new Int32Array(this.lexemes.length + 1);
    for (let l = 0; l < this.lexemes.length; l++) this.postStart[l + 1] = this.postStart[l]! + counts[l + 1]!;
    this.postDoc = new Int32Array(entries);
    this.postScore = new Float32Array(entries);
    const fill = this.postStart.slice(0, this.lexemes.length);
    for (let d = 0; d < n; d++) {
      for (let e = this.docStart[d]!; e < this.docStart[d + 1]!; e++) {
        const at = fill[this.docLex[e]!]!++;
        this.postDoc[at] = d;
        this.postScore[at] = orEntryScore(this.pos.subarray(this.posStart[e], this.posStart[e + 1]));
      }
    }
    this.nameKeys = services.map((s) => sortKey(s.name));
    this.byName = Int32Array.from(services.keys()).sort(
      (a, b) =>
        cmp(this.nameKeys[a]!, this.nameKeys[b]!) || cmp(services[a]!.name, services[b]!.name) || cmp(services[a]!.id, services[b]!.id),
    );
    this.dead = new Uint8Array(n);
  }

  get size(): number {
    return this.services.length;
  }

  nameKey(d: number): string {
    return this.nameKeys[d]!;
  }

  /** A document as the rank functions read it. */
  view(d: number): VectorView {
    const lo = this.docStart[d]!;
    const hi = this.docStart[d + 1]!;
    return {
      entries: (operand: Operand) => {
        const [from, to] = lexemeRange(this.lexemes, operand);
        const out: Uint16Array[] = [];
        if (from === to) return out;
        // The document's first lexeme id ≥ from (ids ascend with the lexeme order).
        let a = lo;
        let b = hi;
        while (a < b) {
          const m = (a + b) >> 1;
          if (this.docLex[m]! < from) a = m + 1;
          else b = m;
        }
        for (let e = a; e < hi && this.docLex[e]! < to; e++) out.push(this.pos.subarray(this.posStart[e], this.posStart[e + 1]));
        return out;
      },
    };
  }

  /** The documents a query (sub)tree matches, from the postings; phrases checked on positions. Cached per segment. */
  match(node: QueryNode): DocSet {
    const key = nodeKey(node);
    const hit = this.sets.get(key);
    if (hit) return hit;
    const n = this.size;
    let out: DocSet;
    switch (node.kind) {
      case 'operand': {
        out = new Uint8Array(n);
        const [from, to] = lexemeRange(this.lexemes, node);
        for (let i = this.postStart[from]!; i < this.postStart[to]!; i++) out[this.postDoc[i]!] = 1;
        break;
      }
      case 'and':
      case 'or': {
        const l = this.match(node.left);
        const r = this.match(node.right);
        out = new Uint8Array(n);
        if (node.kind === 'and') for (let d = 0; d < n; d++) out[d] = l[d]! & r[d]!;
        else for (let d = 0; d < n; d++) out[d] = l[d]! | r[d]!;
        break;
      }
      case 'phrase': {
        const l = this.match(node.left);
        const r = this.match(node.right);
        const parsed: ParsedQuery = { root: node, operands: operandsOf(node) };
        out = new Uint8Array(n);
        for (let d = 0; d < n; d++) if (l[d] && r[d] && matches(this.view(d), parsed)) out[d] = 1;
        break;
      }
    }
    if (this.sets.size >= SET_CACHE) this.sets.delete(this.sets.keys().next().value!);
    this.sets.set(key, out);
    return out;
  }

  /** ts_rank's OR form (normalised r/(r+1)) for every document, accumulated over the postings of the query's operands. */
  orRanks(query: ParsedQuery): Float32Array {
    const acc = new Float32Array(this.size);
    const items = uniqueOperands(query);
    for (const item of items) {
      const [from, to] = lexemeRange(this.lexemes, item);
      for (let i = this.postStart[from]!; i < this.postStart[to]!; i++) {
        const d = this.postDoc[i]!;
        acc[d] = acc[d]! + this.postScore[i]!;
      }
    }
    for (let d = 0; d < acc.length; d++) {
      const r = items.length ? Math.fround(acc[d]! / items.length) : 0;
      acc[d] = r / (r + 1);
    }
    return acc;
  }
}

const SET_CACHE = 400;

function nodeKey(node: QueryNode): string {
  switch (node.kind) {
    case 'operand':
      return node.prefix ? `${node.text}:*` : node.text;
    case 'phrase':
      return `(${nodeKey(node.left)} <${node.distance}> ${nodeKey(node.right)})`;
    case 'and':
      return `(${nodeKey(node.left)} & ${nodeKey(node.right)})`;
    case 'or':
      return `(${nodeKey(node.left)} | ${nodeKey(node.right)})`;
  }
}

function operandsOf(node: QueryNode): Operand[] {
  return node.kind === 'operand' ? [node] : [...operandsOf(node.left), ...operandsOf(node.right)];
}

/** The filters the index answers; a search with any other (HSDS's organisation, location, taxonomy, modified) goes to SQL. */
export function indexCanFilter(f: SearchFilters): boolean {
  return !f.organizationId && !f.modifiedAfter && !f.postalCode && !f.withLocation && !f.taxonomy;
}

/** The SQL filter conditions of search.repository.ts, on one service. */
export function passesFilters(s: IndexedService, f: SearchFilters): boolean {
  if (!f.includeClosed && s.status === 'closed') return false;
  if (f.district && !(s.cityWide || s.districts.includes(f.district))) return false;
  if (f.kinds?.length && !f.kinds.includes(s.kind)) return false;
  if (f.steps?.length && (s.ladderStep === null || !f.steps.includes(s.ladderStep))) return false;
  if (f.age !== undefined && ((s.minAge !== null && s.minAge > f.age) || (s.maxAge !== null && s.maxAge < f.age))) return false;
  if (f.targetGroups?.length && !s.targetGroups.some((g) => f.targetGroups!.includes(g))) return false;
  if (f.dropIn && s.access !== 'drop_in') return false;
  if (f.noDrugFreeRequirement && s.requiresDrugFree !== false) return false;
  if (f.open24_7 && !s.is24_7) return false;
  if (f.evenings && !s.hasEveningHours) return false;
  if (f.weekends && !s.hasWeekendHours) return false;
  if (f.openNow && !isOpenAt(s.openingHours, f.openNow.instant)) return false;
  if (f.serviceIds && !f.serviceIds.includes(s.id)) return false;
  if (f.offersOnly && s.arrangement !== null) return false;
  if (f.hoursUnknown && (s.is24_7 || s.openingHours.rules.length > 0)) return false;
  return true;
}

/** What the search asks of the index (the same inputs as searchServiceIds's text query). */
export type IndexTextQuery = {
  query: ParsedQuery;
  terms: { query: ParsedQuery; weight: number }[];
  ownWords: ParsedQuery | null;
  rawQuery: string;
  district: string | undefined;
};

type Hit = { segment: Segment; doc: number; coverage: number; coarse: number };

export type IndexPage = { services: IndexedService[]; total: number };

/**
 * Main segment plus the changed services' segment; a service lives in exactly one of them (its
 * main document is tombstoned when it is in the delta).
 */
export class SearchIndex {
  constructor(
    readonly main: Segment,
    readonly delta: Segment,
    readonly revision: number,
  ) {}

  get segments(): Segment[] {
    return this.delta.size ? [this.main, this.delta] : [this.main];
  }

  /** A service by id (for summaries), or undefined. */
  service(id: string): IndexedService | undefined {
    const at = this.byId().get(id);
    return at?.segment.services[at.doc];
  }

  private ids: Map<string, { segment: Segment; doc: number }> | null = null;
  private byId(): Map<string, { segment: Segment; doc: number }> {
    if (!this.ids) {
      this.ids = new Map();
      for (const segment of this.segments)
        for (const [doc, s] of segment.services.entries()) if (!segment.dead[doc]) this.ids.set(s.id, { segment, doc });
    }
    return this.ids;
  }

  private readonly filterCache = new Map<string, DocSet[]>();

  /** The documents of each segment that pass the filters (and are not tombstoned); cached per filter combination. */
  private filtered(f: SearchFilters): DocSet[] {
    // "Open now" is decided to the minute (as isOpenAt reads it): the key holds the minute, not the instant.
    const key = JSON.stringify({ ...f, openNow: f.openNow && { today: f.openNow.today, time: f.openNow.time } });
    const hit = this.filterCache.get(key);
    if (hit) return hit;
    const sets = this.segments.map((seg) => {
      const out = new Uint8Array(seg.size);
      for (let d = 0; d < seg.size; d++) if (!seg.dead[d] && passesFilters(seg.services[d]!, f)) out[d] = 1;
      return out;
    });
    if (this.filterCache.size >= 64) this.filterCache.delete(this.filterCache.keys().next().value!);
    this.filterCache.set(key, sets);
    return sets;
  }

  /** A page of a search without words: every service the filters let through, in name order. */
  listByName(f: SearchFilters, limit: number, offset: number): IndexPage {
    const sets = this.filtered(f);
    const all: { seg: Segment; d: number }[] = [];
    for (const [i, seg] of this.segments.entries()) for (const d of seg.byName) if (sets[i]![d]) all.push({ seg, d });
    if (this.segments.length > 1) all.sort((a, b) => compareByName(a.seg, a.d, b.seg, b.d));
    return { services: all.slice(offset, offset + limit).map((h) => h.seg.services[h.d]!), total: all.length };
  }

  /**
   * A page of a text search, ranked as searchServiceIds ranks it: exact name or alias first; then
   * coverage; then full rank (cover density + name similarity + the own words' cover density,
   * damped outside the searcher's district) over the best RERANK_POOL by coverage and ts_rank.
   */
  search(text: IndexTextQuery, f: SearchFilters, limit: number, offset: number): IndexPage {
    if (!text.query.root) return { services: [], total: 0 };
    const sets = this.filtered(f);
    const segments = this.segments;
    const terms = text.terms.length ? text.terms : [{ query: text.query, weight: 1 }];
    const matched = segments.map((seg, i) => {
      const m = seg.match(text.query.root!);
      const f0 = sets[i]!;
      const docs: number[] = [];
      for (let d = 0; d < seg.size; d++) if (m[d] && f0[d]) docs.push(d);
      return docs;
    });
    const total = matched.reduce((n, docs) => n + docs.length, 0);
    if (total === 0) return { services: [], total: 0 };
    const termSets = segments.map((seg) => terms.map((t) => (t.query.root ? seg.match(t.query.root) : new Uint8Array(seg.size))));
    const termCounts = terms.map((_, t) => matched.reduce((n, docs, i) => n + docs.reduce((c, d) => c + termSets[i]![t]![d]!, 0), 0));
    const termWeights = terms.map((t, i) => t.weight * Math.log(1 + total / Math.max(1, termCounts[i]!)));
    const poolSize = Math.max(RERANK_POOL, offset + limit);
    let pool: Hit[] = [];
    for (const [i, seg] of segments.entries()) {
      const coarse = seg.orRanks(text.query);
      for (const d of matched[i]!) {
        let coverage = 0;
        for (let t = 0; t < terms.length; t++) if (termSets[i]![t]![d]) coverage += termWeights[t]!;
        pool.push({ segment: seg, doc: d, coverage: Math.round(coverage * 1e6) / 1e6, coarse: coarse[d]! });
      }
    }
    if (pool.length > poolSize) {
      pool.sort(
        (a, b) =>
          b.coverage - a.coverage ||
          b.coarse - a.coarse ||
          cmp(a.segment.services[a.doc]!.name, b.segment.services[b.doc]!.name) ||
          cmp(a.segment.services[a.doc]!.id, b.segment.services[b.doc]!.id),
      );
      pool = pool.slice(0, poolSize);
    }
    const raw = text.rawQuery.trim().toLowerCase();
    const rawTrigrams = positionalTrigrams(text.rawQuery);
    const ranked = pool.map((h) => {
      const s = h.segment.services[h.doc]!;
      const view = h.segment.view(h.doc);
      const exact = s.name.toLowerCase() === raw || s.alternateNames.some((a) => a.toLowerCase() === raw);
      const home = text.district ? s.cityWide || s.districts.includes(text.district) : s.cityWide || s.districts.length === 0;
      // As PostgreSQL evaluates it: the functions return real, the sum and factor are double precision.
      let rank = tsRankCd(view, text.query) + 0.3 * wordSimilarity(text.rawQuery, s.name, rawTrigrams);
      if (text.ownWords) rank += 0.5 * tsRankCd(view, text.ownWords);
      if (!home) rank *= OTHER_DISTRICT_FACTOR;
      return { ...h, exact, rank };
    });
    ranked.sort(
      (a, b) =>
        Number(b.exact) - Number(a.exact) ||
        b.coverage - a.coverage ||
        b.rank - a.rank ||
        compareByName(a.segment, a.doc, b.segment, b.doc),
    );
    return { services: ranked.slice(offset, offset + limit).map((h) => h.segment.services[h.doc]!), total };
  }

  /** For each service, whether each query matches its text and its name (the SQL path's matchVariants). */
  explain(ids: readonly string[], queries: ParsedQuery[]): Map<string, { inText: boolean[]; inName: boolean[] }> {
    const out = new Map<string, { inText: boolean[]; inName: boolean[] }>();
    for (const id of ids) {
      const at = this.byId().get(id);
      if (!at) continue;
      const view = at.segment.view(at.doc);
      out.set(id, { inText: queries.map((q) => matches(view, q)), inName: queries.map((q) => matches(view, q, true)) });
    }
    return out;
  }
}

function compareByName(sa: Segment, a: number, sb: Segment, b: number): number {
  const x = sa.services[a]!;
  const y = sb.services[b]!;
  return cmp(sa.nameKey(a), sb.nameKey(b)) || cmp(x.name, y.name) || cmp(x.id, y.id);
}

/** Parses once per distinct tsquery text (the vocabulary of queries recombines). */
const parsedCache = new Map<string, ParsedQuery>();
export function parsedTsquery(text: string): ParsedQuery {
  let hit = parsedCache.get(text);
  if (!hit) {
    hit = parseTsquery(text);
    if (parsedCache.size >= 5000) parsedCache.delete(parsedCache.keys().next().value!);
    parsedCache.set(text, hit);
  }
  return hit;
}
