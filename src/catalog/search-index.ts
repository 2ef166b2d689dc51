import { and, bitset, bitsetWhere, count, countAnd, hasBit, members, or, setBit, type Bitset } from './bitset.ts';
import { isOpenAtMoment, toOsloMoment } from './opening-hours.ts';
import { OTHER_AUDIENCE_FACTOR, OTHER_DISTRICT_FACTOR, RERANK_POOL, type SearchFilters } from './search.repository.ts';
import type { IndexedService } from './search-index.repository.ts';
import { firstEntry, NameTrigrams, operandsOf, queryPlan, tsRankAnd, tsRankCdFast, type Forward, type QueryPlan } from './search-rank.ts';
import {
  compareLexemes,
  lexemeRange,
  matches,
  orEntryScore,
  parseTsquery,
  parseTsvector,
  positionalTrigrams,
  tsRankCd,
  weightOf,
  type Operand,
  type ParsedQuery,
  type QueryNode,
  type VectorView,
} from './text-search.ts';
import { TopK } from './top-k.ts';

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

/** Match sets of query (sub)trees kept per segment: unique queries recombine a vocabulary of a few thousand words. */
const SET_CACHE = 2000;
/** "Open now" sets kept per segment (one per minute asked). */
const OPEN_NOW_CACHE = 4;
/** Cheap-rank arrays (one float per document) kept per segment, by coarse query. */
const COARSE_CACHE = 512;
/** A sort key packs a document's place in name order below 2^21 (so with a 32-bit rank it fits a float64's 53 bits). */
const ORDER_MAX = 2 ** 21;
const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);
/** How deep a coarse query's cached order goes: the pools of most filters are within it; a search that needs more ranks its matches. */
const ORDER_DEPTH = 8192;
/** A coarse query's best documents in a segment, in cheap-rank order, with their ranks (Segment.coarseOrder). */
type CoarseOrder = { docs: Int32Array; ranks: Float32Array; complete: boolean };
/** Full ranks kept per segment, by query: each a map from document to rank, for the documents ranked so far. */
const FULL_RANK_CACHE = 1000;

export class Segment {
  readonly services: IndexedService[];
  /** Lexemes in PostgreSQL's order; a lexeme's id is its place here. */
  private readonly lexemes: string[];
  /**
   * Inverted: documents of lexeme l are postDoc[postStart[l] .. postStart[l+1]), each with its ts_rank OR share (a double, as C
   * computes it).
   */
  private readonly postStart: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postScore: Float64Array;
  /** Forward: each document's lexeme ids and positions (see search-rank.ts). */
  readonly forward: Forward;
  /** Document ids in name order (veiviser_sort_key, name, id): the order of a search without words. */
  readonly byName: Int32Array;
  /** Each document's place in (name, id) order: the SQL pool's tie-break, compared as integers; byNameId is its inverse. */
  readonly nameIdRank: Int32Array;
  private readonly byNameId: Int32Array;
  private readonly nameKeys: string[];
  /** The documents of each lower-cased name and alternate name, for the exact-name check (made on first use). */
  private exactNames: Map<string, Set<number>> | null = null;
  readonly trigrams: NameTrigrams;
  /** Tombstones: documents replaced by a newer version elsewhere (set with kill). */
  readonly dead: Uint8Array;
  private liveSet: Bitset | null = null;
  private readonly sets = new Map<string, Bitset>();
  private readonly coarseCache = new Map<string, { uses: number; order: CoarseOrder | null }>();
  private readonly fullRankCache = new Map<string, Map<number, number>>();
  private readonly attributes = new Map<string, Bitset>();
  private readonly openNow = new Map<string, Bitset>();
  private readonly plans = new WeakMap<ParsedQuery, QueryPlan>();
  private docOf: Map<string, number> | null = null;
  /** Scratch reused by every search (searches run synchronously): ts_rank's OR-form sums per document, and a match set. */
  private readonly orScratch: Float32Array;
  readonly matchedScratch: Bitset;

  constructor(services: IndexedService[]) {
    this.services = services;
    const n = services.length;
    const vectors = services.map((s) => parseTsvector(s.vector));
    const vocabulary = new Set<string>();
    for (const v of vectors) for (const l of v.lexemes) vocabulary.add(l);
    this.lexemes = [...vocabulary].sort(compareLexemes);
    const idOf = new Map(this.lexemes.map((l, i) => [l, i]));
    const docStart = new Int32Array(n + 1);
    let entries = 0;
    let positions = 0;
    for (const v of vectors) {
      entries += v.lexemes.length;
      for (const p of v.positions) positions += p.length;
    }
    const docLex = new Int32Array(entries);
    const posStart = new Int32Array(entries + 1);
    const pos = new Uint16Array(positions);
    const counts = new Int32Array(this.lexemes.length + 1);
    let k = 0;
    let p = 0;
    for (let d = 0; d < n; d++) {
      docStart[d] = k;
      const v = vectors[d]!;
      for (let j = 0; j < v.lexemes.length; j++) {
        const lex = idOf.get(v.lexemes[j]!)!;
        docLex[k] = lex;
        counts[lex + 1]!++;
        posStart[k] = p;
        pos.set(v.positions[j]!, p);
        p += v.positions[j]!.length;
        k++;
      }
    }
    docStart[n] = k;
    posStart[k] = p;
    this.forward = { docStart, docLex, posStart, pos };
    this.postStart = new Int32Array(this.lexemes.length + 1);
    for (let l = 0; l < this.lexemes.length; l++) this.postStart[l + 1] = this.postStart[l]! + counts[l + 1]!;
    this.postDoc = new Int32Array(entries);
    this.postScore = new Float64Array(entries);
    const fill = this.postStart.slice(0, this.lexemes.length);
    for (let d = 0; d < n; d++) {
      for (let e = docStart[d]!; e < docStart[d + 1]!; e++) {
        const at = fill[docLex[e]!]!++;
        this.postDoc[at] = d;
        this.postScore[at] = orEntryScore(pos.subarray(posStart[e], posStart[e + 1]));
      }
    }
    this.nameKeys = services.map((s) => sortKey(s.name));
    this.byName = Int32Array.from(services.keys()).sort(
      (a, b) =>
        cmp(this.nameKeys[a]!, this.nameKeys[b]!) || cmp(services[a]!.name, services[b]!.name) || cmp(services[a]!.id, services[b]!.id),
    );
    this.byNameId = Int32Array.from(services.keys()).sort(
      (a, b) => cmp(services[a]!.name, services[b]!.name) || cmp(services[a]!.id, services[b]!.id),
    );
    this.nameIdRank = new Int32Array(n);
    for (const [r, d] of this.byNameId.entries()) this.nameIdRank[d] = r;
    this.trigrams = new NameTrigrams(
      services.map((s) => s.name),
      positionalTrigrams,
    );
    this.dead = new Uint8Array(n);
    this.orScratch = new Float32Array(n);
    this.matchedScratch = bitset(n);
  }

  get size(): number {
    return this.services.length;
  }

  nameKey(d: number): string {
    return this.nameKeys[d]!;
  }

  /** Tombstones document d (its service has a newer version in another segment). */
  kill(d: number): void {
    this.dead[d] = 1;
    this.liveSet = null;
  }

  /** The documents not tombstoned. */
  live(): Bitset {
    this.liveSet ??= bitsetWhere(this.size, (d) => this.dead[d] !== 1);
    return this.liveSet;
  }

  /** The documents whose name or an alternate name is the query as typed (trimmed, lower-cased). */
  exactNameDocs(raw: string): Set<number> | undefined {
    if (!this.exactNames) {
      this.exactNames = new Map();
      for (const [d, s] of this.services.entries())
        for (const name of [s.name, ...s.alternateNames]) {
          const key = name.toLowerCase();
          const docs = this.exactNames.get(key) ?? new Set<number>();
          this.exactNames.set(key, docs.add(d));
        }
    }
    return this.exactNames.get(raw);
  }

  /** The document of a service id in this segment (tombstoned or not), or undefined. */
  docOfId(id: string): number | undefined {
    this.docOf ??= new Map(this.services.map((s, d) => [s.id, d]));
    return this.docOf.get(id);
  }

  /** A query prepared for this segment (each operand's lexeme range), once per parsed query. */
  plan(query: ParsedQuery): QueryPlan {
    let plan = this.plans.get(query);
    if (!plan) {
      plan = queryPlan(query, (operand) => lexemeRange(this.lexemes, operand));
      this.plans.set(query, plan);
    }
    return plan;
  }

  /** A document as the reference rank functions read it (phrases, the match explanation). */
  view(d: number): VectorView {
    const f = this.forward;
    const lo = f.docStart[d]!;
    const hi = f.docStart[d + 1]!;
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
          if (f.docLex[m]! < from) a = m + 1;
          else b = m;
        }
        for (let e = a; e < hi && f.docLex[e]! < to; e++) out.push(f.pos.subarray(f.posStart[e], f.posStart[e + 1]));
        return out;
      },
    };
  }

  /**
   * Whether document d matches the query in its name and alternate names (weight A): for an | of
   * operands from the forward index, otherwise by the reference (text-search.ts matches).
   */
  inName(d: number, query: ParsedQuery, view: VectorView): boolean {
    const plan = this.plan(query);
    if (!plan.orOnly) return matches(view, query, true);
    const f = this.forward;
    const end = f.docStart[d + 1]!;
    for (let o = 0; o < query.operands.length; o++)
      for (let e = firstEntry(f, d, plan.from[o]!); e < end && f.docLex[e]! < plan.to[o]!; e++)
        for (let p = f.posStart[e]!; p < f.posStart[e + 1]!; p++) if (weightOf(f.pos[p]!) === 3) return true;
    return false;
  }

  /** The documents a query (sub)tree matches, from the postings; phrases checked on positions. Cached per segment. */
  match(node: QueryNode): Bitset {
    const key = nodeKey(node);
    const hit = lruGet(this.sets, key);
    if (hit) return hit;
    const n = this.size;
    let out: Bitset;
    switch (node.kind) {
      case 'operand': {
        out = bitset(n);
        const [from, to] = lexemeRange(this.lexemes, node);
        for (let i = this.postStart[from]!; i < this.postStart[to]!; i++) setBit(out, this.postDoc[i]!);
        break;
      }
      case 'and':
        out = and(bitset(n), this.match(node.left), this.match(node.right));
        break;
      case 'or':
        out = or(bitset(n), this.match(node.left), this.match(node.right));
        break;
      case 'phrase': {
        const both = and(bitset(n), this.match(node.left), this.match(node.right));
        const parsed: ParsedQuery = { root: node, operands: operandsOf(node) };
        const docs = new Int32Array(count(both));
        members(both, docs);
        out = bitset(n);
        for (const d of docs) if (matches(this.view(d), parsed)) setBit(out, d);
        break;
      }
    }
    lruSet(this.sets, key, out, SET_CACHE);
    return out;
  }

  /**
   * Prepares the cheap rank of a coarse query: ts_rank's OR form sums from the postings into
   * orScratch (the AND form is worked out per document instead). Returns the rank of a document.
   */
  prepareCoarse(coarse: ParsedQuery): (d: number) => number {
    const plan = this.plan(coarse);
    if (plan.andForm) return (d) => tsRankAnd(this.forward, d, plan);
    const sums = this.orSums(plan);
    const items = plan.unique.length;
    return (d) => orRank(sums[d]!, items);
  }

  /**
   * The documents with a cheap rank above 0 (every match of the query has one), best first (rank,
   * then name and id), at most ORDER_DEPTH of them, with their ranks: sorted on the second search
   * with this coarse query, so a query seen once costs no sort. Null before that, for the AND form,
   * and for segments too large to pack a sort key. `complete`: no document was left out.
   */
  coarseOrder(coarse: ParsedQuery): CoarseOrder | null {
    const key = nodeKey(coarse.root!);
    let entry = lruGet(this.coarseCache, key);
    if (!entry) lruSet(this.coarseCache, key, (entry = { uses: 0, order: null }), COARSE_CACHE);
    if (entry.order) return entry.order;
    const plan = this.plan(coarse);
    if (++entry.uses < 2 || plan.andForm || this.size > ORDER_MAX) return null;
    const sums = this.orSums(plan);
    const items = plan.unique.length;
    let m = 0;
    for (let d = 0; d < sums.length; d++) if (sums[d]! > 0) m++;
    const keys = new Float64Array(m);
    m = 0;
    for (let d = 0; d < sums.length; d++) if (sums[d]! > 0) keys[m++] = this.coarseKey(d, orRank(sums[d]!, items));
    keys.sort();
    const depth = Math.min(m, ORDER_DEPTH);
    const docs = new Int32Array(depth);
    const ranks = new Float32Array(depth);
    for (let k = 0; k < depth; k++) {
      const d = this.docOfCoarseKey(keys[k]!);
      docs[k] = d;
      ranks[k] = orRank(sums[d]!, items);
    }
    entry.order = { docs, ranks, complete: depth === m };
    return entry.order;
  }

  /**
   * Document d with cheap rank `rank` as one float64 that ascends in the pool's order (rank
   * descending, then name and id): the rank's bits inverted (ranks are positive floats, whose bits
   * ascend with them), then nameIdRank. Only for segments of at most ORDER_MAX documents.
   */
  coarseKey(d: number, rank: number): number {
    floatView[0] = rank;
    return (0xffffffff - bitsView[0]!) * ORDER_MAX + this.nameIdRank[d]!;
  }

  docOfCoarseKey(key: number): number {
    return this.byNameId[key % ORDER_MAX]!;
  }

  /** The full ranks computed so far for a query (by document), before the district factor; see SearchIndex.search. */
  fullRankMemo(key: string): Map<number, number> {
    let memo = lruGet(this.fullRankCache, key);
    if (!memo) lruSet(this.fullRankCache, key, (memo = new Map()), FULL_RANK_CACHE);
    return memo;
  }

  /**
   * ts_rank's OR form before normalisation (orRank) for every document, accumulated over the
   * postings of the query's operands, into orScratch.
   */
  private orSums(plan: QueryPlan): Float32Array {
    const acc = this.orScratch;
    acc.fill(0);
    const items = plan.unique;
    for (const item of items) {
      for (let i = this.postStart[plan.from[item]!]!; i < this.postStart[plan.to[item]!]!; i++) {
        const d = this.postDoc[i]!;
        // A float sum of double shares, as tsrank.c adds them: the Float32Array store rounds each sum.
        acc[d] = acc[d]! + this.postScore[i]!;
      }
    }
    return acc;
  }

  /** The documents a filter attribute holds for; built once per segment (its services do not change). */
  attribute(key: string, holds: (s: IndexedService) => boolean): Bitset {
    let set = this.attributes.get(key);
    if (!set) {
      set = bitsetWhere(this.size, (d) => holds(this.services[d]!));
      this.attributes.set(key, set);
    }
    return set;
  }

  /** The documents open at an instant, decided to the minute as isOpenAt reads it; the last few minutes kept. */
  openAt(openNow: NonNullable<SearchFilters['openNow']>): Bitset {
    const key = `${openNow.today} ${openNow.time}`;
    let set = this.openNow.get(key);
    if (!set) {
      const moment = toOsloMoment(openNow.instant);
      set = bitsetWhere(this.size, (d) => isOpenAtMoment(this.services[d]!.openingHours, moment));
      if (this.openNow.size >= OPEN_NOW_CACHE) this.openNow.delete(this.openNow.keys().next().value!);
      this.openNow.set(key, set);
    }
    return set;
  }
}

/** ts_rank's OR form from a document's sum over the query's distinct operands: normalised r/(r+1) in float arithmetic, as tsrank.c. */
function orRank(sum: number, items: number): number {
  const r = items ? Math.fround(sum / items) : 0;
  return Math.fround(r / Math.fround(r + 1));
}

/** A least-recently-used map: a hit moves to the end, the first goes when it is full. */
function lruGet<V>(map: Map<string, V>, key: string): V | undefined {
  const hit = map.get(key);
  if (hit !== undefined) {
    map.delete(key);
    map.set(key, hit);
  }
  return hit;
}

function lruSet<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  if (map.size >= capacity) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** A query (sub)tree's text, the key of the caches; kept per node (parsed queries are cached, so their nodes come again). */
const nodeKeys = new WeakMap<QueryNode, string>();
function nodeKey(node: QueryNode): string {
  let key = nodeKeys.get(node);
  if (key === undefined) nodeKeys.set(node, (key = nodeKeyOf(node)));
  return key;
}

function nodeKeyOf(node: QueryNode): string {
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

/** The filters the index answers; a search with any other (HSDS's organisation, location, taxonomy, modified) goes to SQL. */
export function indexCanFilter(f: SearchFilters): boolean {
  return !f.organizationId && !f.modifiedAfter && !f.postalCode && !f.withLocation && !f.taxonomy;
}

/** The SQL filter conditions of search.repository.ts, on one service (the reference for filterSet). */
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
  if (f.openNow && !isOpenAtMoment(s.openingHours, toOsloMoment(f.openNow.instant))) return false;
  if (f.serviceIds && !f.serviceIds.includes(s.id)) return false;
  if (f.offersOnly && s.arrangement !== null) return false;
  if (f.hoursUnknown && (s.is24_7 || s.openingHours.rules.length > 0)) return false;
  return true;
}

/**
 * The live documents of a segment that pass the filters, as passesFilters decides: the AND of one
 * precomputed set per filter value (a list filter the OR of its values' sets), so a new
 * combination of filters costs a few passes over n/32 words, not a predicate per service.
 */
export function filterSet(seg: Segment, f: SearchFilters): Bitset {
  const out = Uint32Array.from(seg.live());
  const keep = (set: Bitset) => and(out, out, set);
  const anyOf = <T>(values: readonly T[], key: (v: T) => string, holds: (s: IndexedService, v: T) => boolean) => {
    const union = bitset(seg.size);
    for (const v of values)
      or(
        union,
        union,
        seg.attribute(key(v), (s) => holds(s, v)),
      );
    keep(union);
  };
  if (!f.includeClosed) keep(seg.attribute('not-closed', (s) => s.status !== 'closed'));
  const district = f.district;
  if (district) keep(seg.attribute(`district:${district}`, (s) => s.cityWide || s.districts.includes(district)));
  if (f.kinds?.length)
    anyOf(
      f.kinds,
      (k) => `kind:${k}`,
      (s, k) => s.kind === k,
    );
  if (f.steps?.length)
    anyOf(
      f.steps,
      (k) => `step:${k}`,
      (s, k) => s.ladderStep === k,
    );
  const age = f.age;
  if (age !== undefined)
    keep(seg.attribute(`age:${age}`, (s) => (s.minAge === null || s.minAge <= age) && (s.maxAge === null || s.maxAge >= age)));
  if (f.targetGroups?.length)
    anyOf(
      f.targetGroups,
      (g) => `target:${g}`,
      (s, g) => s.targetGroups.includes(g),
    );
  if (f.dropIn) keep(seg.attribute('drop-in', (s) => s.access === 'drop_in'));
  if (f.noDrugFreeRequirement) keep(seg.attribute('no-drug-free', (s) => s.requiresDrugFree === false));
  if (f.open24_7) keep(seg.attribute('24/7', (s) => s.is24_7));
  if (f.evenings) keep(seg.attribute('evenings', (s) => s.hasEveningHours));
  if (f.weekends) keep(seg.attribute('weekends', (s) => s.hasWeekendHours));
  if (f.openNow) keep(seg.openAt(f.openNow));
  if (f.serviceIds) {
    const ids = bitset(seg.size);
    for (const id of f.serviceIds) {
      const d = seg.docOfId(id);
      if (d !== undefined) setBit(ids, d);
    }
    keep(ids);
  }
  if (f.offersOnly) keep(seg.attribute('offers', (s) => s.arrangement === null));
  if (f.hoursUnknown) keep(seg.attribute('hours-unknown', (s) => !s.is24_7 && s.openingHours.rules.length === 0));
  return out;
}

/** What the search asks of the index (the same inputs as searchServiceIds's text query). */
export type IndexTextQuery = {
  query: ParsedQuery;
  /** The cheap rank's query (TextQuery.coarse). */
  coarse: ParsedQuery;
  terms: { query: ParsedQuery; weight: number }[];
  ownWords: ParsedQuery | null;
  rawQuery: string;
  district: string | undefined;
  youth: boolean;
};

export type IndexPage = { services: IndexedService[]; total: number };

/** The matches of a search across segments, in parallel arrays (module scratch, grown when needed). */
let candSeg = new Uint8Array(1024);
let candDoc = new Int32Array(1024);
let candCoverage = new Float64Array(1024);
let candCoarse = new Float64Array(1024);
/** The pool's full ranks and exact-name flags, by place in the pool. */
let poolRank = new Float64Array(256);
let poolExact = new Uint8Array(256);
/** Packed sort keys of the pool's cut level (Segment.coarseKey). */
let cutKeys = new Float64Array(1024);

/** Room for n candidates; what the arrays hold is kept. */
function reserveCandidates(n: number): void {
  if (candDoc.length >= n) return;
  const size = Math.max(n, candDoc.length * 2);
  const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  candSeg = grow(candSeg, (k) => new Uint8Array(k));
  candDoc = grow(candDoc, (k) => new Int32Array(k));
  candCoverage = grow(candCoverage, (k) => new Float64Array(k));
  candCoarse = grow(candCoarse, (k) => new Float64Array(k));
}

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

  private readonly filterCache = new Map<string, Bitset[]>();

  /** The documents of each segment that pass the filters (and are not tombstoned); cached per filter combination. */
  private filtered(f: SearchFilters): Bitset[] {
    // "Open now" is decided to the minute (as isOpenAt reads it): the key holds the minute, not the instant.
    const key = JSON.stringify({ ...f, openNow: f.openNow && { today: f.openNow.today, time: f.openNow.time } });
    const hit = this.filterCache.get(key);
    if (hit) return hit;
    const sets = this.segments.map((seg) => filterSet(seg, f));
    if (this.filterCache.size >= 256) this.filterCache.delete(this.filterCache.keys().next().value!);
    this.filterCache.set(key, sets);
    return sets;
  }

  /** A page of a search without words: every service the filters let through, in name order. */
  listByName(f: SearchFilters, limit: number, offset: number): IndexPage {
    const sets = this.filtered(f);
    const want = offset + limit;
    let total = 0;
    const first: { seg: Segment; d: number }[] = [];
    // Each segment's first `want` in name order; merged, the page is among them.
    for (const [i, seg] of this.segments.entries()) {
      const set = sets[i]!;
      total += count(set);
      let taken = 0;
      for (let k = 0; k < seg.byName.length && taken < want; k++) {
        const d = seg.byName[k]!;
        if (hasBit(set, d)) {
          first.push({ seg, d });
          taken++;
        }
      }
    }
    if (this.segments.length > 1) first.sort((a, b) => compareByName(a.seg, a.d, b.seg, b.d));
    return { services: first.slice(offset, want).map((h) => h.seg.services[h.d]!), total };
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
    const matched = segments.map((seg, i) => and(seg.matchedScratch, seg.match(text.query.root!), sets[i]!));
    const total = matched.reduce((n, m) => n + count(m), 0);
    // No page wanted (a count) or nothing matched: no ranking.
    if (total === 0 || offset + limit === 0) return { services: [], total };
    const termSets = segments.map((seg) => terms.map((t) => (t.query.root ? seg.match(t.query.root) : bitset(seg.size))));
    const termCounts = terms.map((_, t) => matched.reduce((n, m, i) => n + countAnd(m, termSets[i]![t]!), 0));
    const termWeights = terms.map((t, i) => t.weight * Math.log(1 + total / Math.max(1, termCounts[i]!)));

    const size = Math.max(RERANK_POOL, offset + limit);
    // When every match has the same terms (always, for a query that needs all of them), all have one coverage.
    const oneLevel = termCounts.every((c) => c === 0 || c === total);
    const pool = (total > size && oneLevel && this.orderedPool(text.coarse, matched, termCounts, termWeights, size)) || null;
    let n = 0;
    if (!pool) {
      // Every match with its coverage (how much of the query it matches, rare terms weighing more).
      reserveCandidates(total);
      for (let i = 0; i < segments.length; i++) {
        const docs = candDoc.subarray(n);
        const found = members(matched[i]!, docs);
        for (let k = n; k < n + found; k++) {
          const d = candDoc[k]!;
          let coverage = 0;
          for (let t = 0; t < terms.length; t++) if (hasBit(termSets[i]![t]!, d)) coverage += termWeights[t]!;
          candSeg[k] = i;
          candCoverage[k] = Math.round(coverage * 1e6) / 1e6;
        }
        n += found;
      }
    }
    const candidates = pool ?? this.pool(text.coarse, n, size);

    const raw = text.rawQuery.trim().toLowerCase();
    let similarityQueries: { ulen1: number; stamp: number }[] | null = null;
    // The full rank depends on the query, the own words and the text as typed: kept per segment under those.
    const memoKey = `${nodeKey(text.query.root)}\u0000${text.ownWords?.root ? nodeKey(text.ownWords.root) : ''}\u0000${text.rawQuery}`;
    const memos = segments.map((seg) => seg.fullRankMemo(memoKey));
    const exactDocs = segments.map((seg) => seg.exactNameDocs(raw));
    // The searcher's district (or, without one, the services of no district in particular), and youth services: as sets.
    const district = text.district;
    const homes = segments.map((seg) =>
      district
        ? seg.attribute(`district:${district}`, (s) => s.cityWide || s.districts.includes(district))
        : seg.attribute('no-district', (s) => s.cityWide || s.districts.length === 0),
    );
    const youthKind = segments.map((seg) => seg.attribute('kind:youth', (s) => s.kind === 'youth'));
    const ofQuery = segments.map((seg) => coverDensity(seg, text.query));
    const ownWords = text.ownWords;
    const ofOwnWords = ownWords && segments.map((seg) => coverDensity(seg, ownWords));
    const m = candidates.length;
    if (poolRank.length < m) {
      poolRank = new Float64Array(m * 2);
      poolExact = new Uint8Array(m * 2);
    }
    for (let k = 0; k < m; k++) {
      const c = candidates[k]!;
      const si = candSeg[c]!;
      const seg = segments[si]!;
      const d = candDoc[c]!;
      let rank = memos[si]!.get(d);
      if (rank === undefined) {
        // As PostgreSQL evaluates it: the functions return real, the sum and factor are double precision.
        similarityQueries ??= segments.map((g) => g.trigrams.prepare(positionalTrigrams(text.rawQuery)));
        rank = ofQuery[si]!(d) + 0.3 * seg.trigrams.similarity(d, similarityQueries[si]!);
        if (ofOwnWords) rank += 0.5 * ofOwnWords[si]!(d);
        memos[si]!.set(d, rank);
      }
      if (!hasBit(homes[si]!, d)) rank *= OTHER_DISTRICT_FACTOR;
      if (!text.youth && hasBit(youthKind[si]!, d)) rank *= OTHER_AUDIENCE_FACTOR;
      poolRank[k] = rank;
      poolExact[k] = exactDocs[si]?.has(d) ? 1 : 0;
    }
    // Only the page and what comes before it need their order: the best offset + limit of the pool.
    const better = (a: number, b: number): boolean => {
      if (poolExact[a] !== poolExact[b]) return poolExact[a]! > poolExact[b]!;
      const ca = candidates[a]!;
      const cb = candidates[b]!;
      if (candCoverage[ca] !== candCoverage[cb]) return candCoverage[ca]! > candCoverage[cb]!;
      if (poolRank[a] !== poolRank[b]) return poolRank[a]! > poolRank[b]!;
      return compareByName(segments[candSeg[ca]!]!, candDoc[ca]!, segments[candSeg[cb]!]!, candDoc[cb]!) < 0;
    };
    const best = new TopK(Math.min(m, offset + limit), better);
    for (let k = 0; k < m; k++) best.push(k);
    const page = best.sorted().slice(offset, offset + limit);
    return { services: page.map((k) => segments[candSeg[candidates[k]!]!]!.services[candDoc[candidates[k]!]!]!), total };
  }

  /**
   * The pool when every match has one coverage: each segment's matches in its cached cheap-rank
   * order (Segment.coarseOrder), the first `size` of them, merged by cheap rank, name and id; so a
   * word asked again with other filters or another page costs a walk down a list, not a pass over
   * every match. Writes the candidates into the cand* arrays; null when a segment has no order yet.
   */
  private orderedPool(coarse: ParsedQuery, matched: Bitset[], termCounts: number[], weights: number[], size: number): number[] | null {
    const segments = this.segments;
    const orders = segments.map((seg) => seg.coarseOrder(coarse));
    if (orders.some((o) => o === null)) return null;
    let coverage = 0;
    for (let t = 0; t < weights.length; t++) if (termCounts[t]! > 0) coverage += weights[t]!;
    coverage = Math.round(coverage * 1e6) / 1e6;
    reserveCandidates(size * segments.length);
    let n = 0;
    for (let i = 0; i < segments.length; i++) {
      const { docs, ranks, complete } = orders[i]!;
      const set = matched[i]!;
      let taken = 0;
      for (let k = 0; k < docs.length && taken < size; k++) {
        const d = docs[k]!;
        if (!hasBit(set, d)) continue;
        candSeg[n] = i;
        candDoc[n] = d;
        candCoverage[n] = coverage;
        candCoarse[n] = ranks[k]!;
        n++;
        taken++;
      }
      // The order stopped short of what this segment's matches may still hold.
      if (taken < size && !complete) return null;
    }
    const all = Array.from({ length: n }, (_, k) => k);
    if (segments.length === 1) return all;
    const best = new TopK(size, (a, b) => this.coarseBetter(a, b));
    for (const k of all) best.push(k);
    return best.sorted();
  }

  /** Candidate a before b by cheap rank, then name and id (the SQL pool's order). */
  private coarseBetter(a: number, b: number): boolean {
    if (candCoarse[a] !== candCoarse[b]) return candCoarse[a]! > candCoarse[b]!;
    const sa = this.segments[candSeg[a]!]!;
    const sb = this.segments[candSeg[b]!]!;
    if (sa === sb) return sa.nameIdRank[candDoc[a]!]! < sb.nameIdRank[candDoc[b]!]!;
    const x = sa.services[candDoc[a]!]!;
    const y = sb.services[candDoc[b]!]!;
    return (cmp(x.name, y.name) || cmp(x.id, y.id)) < 0;
  }

  /**
   * The candidates (indices into the cand* arrays) that get the full rank: as the SQL path's
   * `order by coverage desc, coarse desc, name, id limit size`. Every match when there are few;
   * otherwise all above the coverage level the cut falls in, and of that level the best by
   * ts_rank of the coarse query (its OR form from the postings; the AND form, as PostgreSQL picks
   * it, only when the coarse query is one phrase) — computed only for that level.
   */
  private pool(coarse: ParsedQuery, n: number, size: number): number[] {
    if (n <= size) return Array.from({ length: n }, (_, k) => k);
    // Coverage takes few values (one per subset of matched terms; one alone when every match has every term).
    const values: number[] = [];
    const counts: number[] = [];
    let last = 0;
    for (let k = 0; k < n; k++) {
      const c = candCoverage[k]!;
      if (values[last] !== c) {
        last = values.indexOf(c);
        if (last < 0) {
          last = values.push(c) - 1;
          counts.push(0);
        }
      }
      counts[last]!++;
    }
    let above = 0;
    let cut = 0;
    for (const i of values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!)) {
      cut = values[i]!;
      if (above + counts[i]! >= size) break;
      above += counts[i]!;
    }
    const out: number[] = [];
    const segments = this.segments;
    const coarseOf = segments.map((seg) => seg.prepareCoarse(coarse));
    if (segments.length === 1 && segments[0]!.size <= ORDER_MAX) {
      // One segment: the cut level's best by packed key (Segment.coarseKey), selected without a comparator.
      const seg = segments[0]!;
      if (cutKeys.length < n) cutKeys = new Float64Array(n * 2);
      let level = 0;
      for (let k = 0; k < n; k++) {
        if (candCoverage[k]! > cut) out.push(k);
        else if (candCoverage[k] === cut) cutKeys[level++] = seg.coarseKey(candDoc[k]!, coarseOf[0]!(candDoc[k]!));
      }
      const chosen = smallestSorted(cutKeys, level, size - out.length);
      // The chosen go after the n candidates, as candidates of their own.
      reserveCandidates(n + chosen.length);
      for (let j = 0; j < chosen.length; j++) {
        const d = seg.docOfCoarseKey(chosen[j]!);
        candSeg[n + j] = 0;
        candDoc[n + j] = d;
        candCoverage[n + j] = cut;
        candCoarse[n + j] = coarseOf[0]!(d);
        out.push(n + j);
      }
      return out;
    }
    for (let k = 0; k < n; k++) {
      if (candCoverage[k]! > cut) out.push(k);
      else if (candCoverage[k] === cut) candCoarse[k] = coarseOf[candSeg[k]!]!(candDoc[k]!);
    }
    const better = (a: number, b: number) => this.coarseBetter(a, b);
    const best = new TopK(size - out.length, better);
    for (let k = 0; k < n; k++) if (candCoverage[k] === cut) best.push(k);
    return [...out, ...best.sorted()];
  }

  /** For each service, whether each query matches its text and its name (the SQL path's matchVariants). */
  explain(ids: readonly string[], queries: ParsedQuery[]): Map<string, { inText: boolean[]; inName: boolean[] }> {
    const out = new Map<string, { inText: boolean[]; inName: boolean[] }>();
    // In the text: each segment's (cached) match set of the query; in the name only where it is in the text (the name is part of it).
    const sets = new Map(this.segments.map((seg) => [seg, queries.map((q) => (q.root ? seg.match(q.root) : null))]));
    for (const id of ids) {
      const at = this.byId().get(id);
      if (!at) continue;
      const view = at.segment.view(at.doc);
      const inText = sets.get(at.segment)!.map((set) => (set ? hasBit(set, at.doc) : false));
      out.set(id, { inText, inName: queries.map((q, i) => inText[i]! && at.segment.inName(at.doc, q, view)) });
    }
    return out;
  }
}

/**
 * The k smallest of keys[0 .. n) in ascending order (a new array); keys' order is changed.
 * Quickselect on the typed array, then a sort of the k: no comparator call per key.
 */
export function smallestSorted(keys: Float64Array, n: number, k: number): Float64Array {
  if (k >= n) return keys.slice(0, n).sort();
  if (k <= 0) return new Float64Array(0);
  let lo = 0;
  let hi = n - 1;
  // Partition until the k smallest are keys[0 .. k).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = keys[lo]!;
    const b = keys[mid]!;
    const c = keys[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i]! < pivot) i++;
      while (keys[j]! > pivot) j--;
      if (i <= j) {
        const t = keys[i]!;
        keys[i] = keys[j]!;
        keys[j] = t;
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else break;
  }
  return keys.slice(0, k).sort();
}

/** ts_rank_cd of the segment's documents for a query: the fast form on the forward index (the reference past its operand limit). */
function coverDensity(seg: Segment, query: ParsedQuery): (d: number) => number {
  if (query.operands.length > 1000) return (d) => tsRankCd(seg.view(d), query);
  const plan = seg.plan(query);
  return (d) => tsRankCdFast(seg.forward, d, plan);
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
