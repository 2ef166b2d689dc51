import {
  evaluate,
  pairWeight,
  positionOf,
  RANK_WEIGHTS,
  similarityScan,
  uniqueOperands,
  weightOf,
  type Operand,
  type ParsedQuery,
  type QueryNode,
} from './text-search.ts';

/**
 * The rank functions of text-search.ts (ts_rank's AND form, ts_rank_cd) read straight from a
 * segment's forward index, for the few hundred documents a search ranks: the operands' lexeme
 * ranges are looked up once per query (a QueryPlan), a document's entries of a range are one
 * contiguous run of its sorted lexeme ids, and the working arrays are module scratch reused by
 * every call (a search runs synchronously, so no two calls share them at once). The results are
 * the reference functions' to the bit; search-rank.test.ts compares them on generated documents.
 */

/** A segment's forward index: document d's lexeme ids (ascending) docLex[docStart[d] ..], entry e's positions pos[posStart[e] ..]. */
export type Forward = { docStart: Int32Array; docLex: Int32Array; posStart: Int32Array; pos: Uint16Array };

/** A query prepared for one segment: each operand's lexeme-id range, by operand index. */
export type QueryPlan = {
  query: ParsedQuery;
  from: Int32Array;
  to: Int32Array;
  /** ts_rank's operands (distinct by text, sorted) as indices into from/to. */
  unique: Int32Array;
  /** ts_rank takes its AND form: the top operator is & or <-> and there are two or more distinct operands. */
  andForm: boolean;
  /** Only | between operands: then every matched position is a cover of its own (tsRankCdFast's short way). */
  orOnly: boolean;
  /**
   * An & of clauses, each an | of operands (no phrase), as the search's queries are: each
   * operand's clause, so a window matches when it has a position of every clause (counted, not
   * evaluated). Null for any other query.
   */
  clauseOf: Int32Array | null;
  clauses: number;
};

const onlyOf = (kind: 'and' | 'or', node: QueryNode): boolean =>
  node.kind === 'operand' || (node.kind === kind && onlyOf(kind, node.left) && onlyOf(kind, node.right));

/** The query's clauses when it is an & of |s of operands (see QueryPlan.clauseOf): each clause's operands; null otherwise. */
function clausesOf(node: QueryNode): Operand[][] | null {
  if (node.kind === 'and') {
    const left = clausesOf(node.left);
    const right = left && clausesOf(node.right);
    return left && right ? [...left, ...right] : null;
  }
  return onlyOf('or', node) ? [operandsOf(node)] : null;
}

/** A query (sub)tree's operands, left to right (a phrase's included). */
export function operandsOf(node: QueryNode): Operand[] {
  return node.kind === 'operand' ? [node] : [...operandsOf(node.left), ...operandsOf(node.right)];
}

export function queryPlan(query: ParsedQuery, range: (operand: Operand) => [number, number]): QueryPlan {
  const n = query.operands.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  for (const operand of query.operands) [from[operand.index], to[operand.index]] = range(operand);
  const unique = Int32Array.from(uniqueOperands(query).map((o) => o.index));
  const top = query.root?.kind;
  const clauses = query.root ? clausesOf(query.root) : null;
  let clauseOf: Int32Array | null = null;
  if (clauses) {
    clauseOf = new Int32Array(n);
    for (const [c, operands] of clauses.entries()) for (const operand of operands) clauseOf[operand.index] = c;
  }
  return {
    query,
    from,
    to,
    unique,
    andForm: (top === 'and' || top === 'phrase') && unique.length >= 2,
    orOnly: query.root !== null && onlyOf('or', query.root),
    clauseOf,
    clauses: clauses?.length ?? 0,
  };
}

/** The first entry of document d whose lexeme id is ≥ lexeme (its entries' ids ascend). */
export function firstEntry(f: Forward, d: number, lexeme: number): number {
  let a = f.docStart[d]!;
  let b = f.docStart[d + 1]!;
  while (a < b) {
    const m = (a + b) >> 1;
    if (f.docLex[m]! < lexeme) a = m + 1;
    else b = m;
  }
  return a;
}

/** Per distinct operand, the last entry seen (text-search.ts rankAnd's `seen`); -1 none. */
let seenEntry = new Int32Array(64);

/** ts_rank's AND form before normalisation (text-search.ts rankAnd): -1 when no two operands meet. */
function rankAndRaw(f: Forward, d: number, plan: QueryPlan, weights: readonly number[]): number {
  const items = plan.unique;
  if (seenEntry.length < items.length) seenEntry = new Int32Array(items.length * 2);
  seenEntry.fill(-1, 0, items.length);
  const end = f.docStart[d + 1]!;
  let res = -1;
  for (let i = 0; i < items.length; i++) {
    const to = plan.to[items[i]!]!;
    for (let e = firstEntry(f, d, plan.from[items[i]!]!); e < end && f.docLex[e]! < to; e++) {
      seenEntry[i] = e;
      for (let k = 0; k < i; k++) {
        const other = seenEntry[k]!;
        if (other < 0) continue;
        for (let a = f.posStart[e]!; a < f.posStart[e + 1]!; a++) {
          const pa = f.pos[a]!;
          for (let b = f.posStart[other]!; b < f.posStart[other + 1]!; b++) {
            const pb = f.pos[b]!;
            const dist = Math.abs(positionOf(pa) - positionOf(pb));
            if (dist === 0) continue;
            const curw = pairWeight(weights, weightOf(pa), weightOf(pb), dist);
            res = res < 0 ? curw : Math.fround(1 - (1 - res) * (1 - curw));
          }
        }
      }
    }
  }
  return res;
}

/** `ts_rank(weights, vector, query, 32)` in its AND form (plan.andForm), as text-search.ts tsRank computes it. */
export function tsRankAnd(f: Forward, d: number, plan: QueryPlan, weights: readonly number[] = RANK_WEIGHTS): number {
  let res = rankAndRaw(f, d, plan, weights);
  if (res < 0) res = Math.fround(1e-20);
  return Math.fround(res / Math.fround(res + 1));
}

// Cover density. A document's matched positions as sort keys: (position·4 + weight)·KEY_OPERANDS + operand index.
const KEY_OPERANDS = 1024;
let keys = new Int32Array(256);
/** Per distinct (position, weight) of the document, in order: its first key's index in `keys`. */
let groupStart = new Int32Array(257);
/** Per operand, the positions seen in the window being tried (each once); for a query of clauses, per clause how many keys. */
const seenAt: number[][] = [];
let clauseSeen = new Int32Array(64);
/** The positions of an operand in the window, for text-search.ts evaluate (made once, not per call). */
const seenPositions = (operand: Operand): readonly number[] => seenAt[operand.index]!;

/** How many operands have a position in the window being tried (those operands are `touched`); for a query of clauses, how many clauses. */
let present = 0;
const touched = new Int32Array(KEY_OPERANDS);
let clausesPresent = 0;

/** Adds a group's position to each of its operands' lists (a position's groups are adjacent, so the last entry tells a repeat). */
function note(group: number): void {
  for (let k = groupStart[group]!; k < groupStart[group + 1]!; k++) {
    const key = keys[k]!;
    const operand = key % KEY_OPERANDS;
    const list = seenAt[operand]!;
    const position = Math.floor(key / KEY_OPERANDS) >> 2;
    if (list.length === 0) touched[present++] = operand;
    if (list.length === 0 || list[list.length - 1] !== position) list.push(position);
  }
}

/** Counts a group's keys towards their operands' clauses (a query of clauses needs no positions). */
function noteClauses(group: number, clauseOf: Int32Array): void {
  for (let k = groupStart[group]!; k < groupStart[group + 1]!; k++) {
    const clause = clauseOf[keys[k]! % KEY_OPERANDS]!;
    if (clauseSeen[clause]!++ === 0) clausesPresent++;
  }
}

function clearSeen(plan: QueryPlan): void {
  if (plan.clauseOf) {
    clauseSeen.fill(0, 0, plan.clauses);
    clausesPresent = 0;
  } else {
    for (let i = 0; i < present; i++) seenAt[touched[i]!]!.length = 0;
    present = 0;
  }
}

/** Notes group g in the window; whether the window now matches the query. */
function noteMatches(plan: QueryPlan, g: number): boolean {
  if (plan.clauseOf) {
    noteClauses(g, plan.clauseOf);
    return clausesPresent === plan.clauses;
  }
  note(g);
  return evaluate(plan.query.root!, seenPositions) !== null;
}

/** Group g's packed (position, weight). */
const slot = (g: number): number => Math.floor(keys[groupStart[g]!]! / KEY_OPERANDS);

/**
 * `ts_rank_cd(weights, vector, query, 32)`, phrases included (text-search.ts tsRankCd; callers
 * use the reference for queries of more than KEY_OPERANDS operands).
 */
export function tsRankCdFast(f: Forward, d: number, plan: QueryPlan, weights: readonly number[] = RANK_WEIGHTS): number {
  const root = plan.query.root;
  if (!root) return 0;
  const operands = plan.query.operands.length;
  if (operands > KEY_OPERANDS) throw new Error('tsRankCdFast: too many operands');
  const end = f.docStart[d + 1]!;
  let n = 0;
  for (let o = 0; o < operands; o++) {
    const to = plan.to[o]!;
    for (let e = firstEntry(f, d, plan.from[o]!); e < end && f.docLex[e]! < to; e++) {
      for (let p = f.posStart[e]!; p < f.posStart[e + 1]!; p++) {
        if (n === keys.length) {
          const grown = new Int32Array(n * 2);
          grown.set(keys);
          keys = grown;
        }
        const packed = f.pos[p]!;
        keys[n++] = (positionOf(packed) * 4 + weightOf(packed)) * KEY_OPERANDS + o;
      }
    }
  }
  if (n === 0) return 0;
  keys.subarray(0, n).sort();
  if (groupStart.length < n + 1) groupStart = new Int32Array(keys.length + 1);
  while (seenAt.length < operands) seenAt.push([]);
  if (clauseSeen.length < plan.clauses) clauseSeen = new Int32Array(plan.clauses * 2);
  // Group the keys by (position, weight): one group per distinct packed position, as the reference's map.
  let groups = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || Math.floor(keys[k]! / KEY_OPERANDS) !== Math.floor(keys[k - 1]! / KEY_OPERANDS)) groupStart[groups++] = k;
  }
  groupStart[groups] = n;
  let wdoc = 0;
  if (plan.orOnly) {
    // Each (position, weight) matches alone: the loop below would find each group as a cover of
    // one (no noise), adding 1 / (1 / weight) in group order; the same arithmetic, without the search.
    for (let g = 0; g < groups; g++) wdoc += 1 / (1 / weights[slot(g) & 3]!);
    return Math.fround(wdoc / (wdoc + 1));
  }
  let start = 0;
  while (start < groups) {
    clearSeen(plan);
    let last = -1;
    for (let g = start; g < groups; g++) {
      if (noteMatches(plan, g)) {
        last = g;
        break;
      }
    }
    if (last < 0) break;
    clearSeen(plan);
    let first = -1;
    let g = last;
    for (; g >= start; g--) {
      if (noteMatches(plan, g)) {
        first = g;
        break;
      }
    }
    if (first < 0) {
      start++;
      continue;
    }
    let invSum = 0;
    for (let k = first; k <= last; k++) invSum += 1 / weights[slot(k) & 3]!;
    const cpos = (last - first + 1) / invSum;
    let noise = (slot(last) >> 2) - (slot(first) >> 2) - (last - first);
    if (noise < 0) noise = Math.trunc((last - first) / 2);
    wdoc += cpos / (1 + noise);
    start = g + 1;
  }
  return Math.fround(wdoc / (wdoc + 1));
}

// ---------------------------------------------------------------------------------------------
// pg_trgm's word_similarity(query, name) on trigram ids

/**
 * The trigrams of every document's name (as positionalTrigrams makes them), numbered once per
 * segment: a search's name similarity then compares small integers in scratch arrays instead of
 * making and hashing the name's trigram strings for each of the documents it ranks.
 */
export class NameTrigrams {
  private readonly idOf = new Map<string, number>();
  private readonly start: Int32Array;
  private readonly ids: Int32Array;
  /** Epoch-stamped scratch per trigram id: the query's local id, and a document's own numbering. */
  private queryStamp: Int32Array;
  private queryLocal: Int32Array;
  private docStamp: Int32Array;
  private docLocal: Int32Array;
  private epoch = 0;
  private index = new Int32Array(64);
  private lastpos = new Int32Array(128);

  constructor(names: readonly string[], trigramsOf: (text: string) => string[]) {
    this.start = new Int32Array(names.length + 1);
    const all: number[] = [];
    for (const [d, name] of names.entries()) {
      for (const t of trigramsOf(name)) {
        let id = this.idOf.get(t);
        if (id === undefined) this.idOf.set(t, (id = this.idOf.size));
        all.push(id);
      }
      this.start[d + 1] = all.length;
    }
    this.ids = Int32Array.from(all);
    const size = this.idOf.size;
    this.queryStamp = new Int32Array(size);
    this.queryLocal = new Int32Array(size);
    this.docStamp = new Int32Array(size);
    this.docLocal = new Int32Array(size);
  }

  private nextEpoch(): number {
    if (this.epoch === 0x7fffffff) {
      this.epoch = 0;
      this.queryStamp.fill(0);
      this.docStamp.fill(0);
    }
    return ++this.epoch;
  }

  /** Prepares a query's trigrams; returns its number of distinct trigrams (ulen1) and the stamp that marks them. */
  prepare(queryTrigrams: readonly string[]): { ulen1: number; stamp: number } {
    const stamp = this.nextEpoch();
    const local = new Map<string, number>();
    for (const t of queryTrigrams) {
      if (local.has(t)) continue;
      local.set(t, local.size);
      const id = this.idOf.get(t);
      if (id !== undefined) {
        this.queryStamp[id] = stamp;
        this.queryLocal[id] = local.size - 1;
      }
    }
    return { ulen1: local.size, stamp };
  }

  /** `word_similarity(query, name of d)` for a prepared query (text-search.ts wordSimilarity). */
  similarity(d: number, query: { ulen1: number; stamp: number }): number {
    const { ulen1 } = query;
    const lo = this.start[d]!;
    const len = this.start[d + 1]! - lo;
    if (ulen1 === 0 || len === 0) return 0;
    if (this.index.length < len) this.index = new Int32Array(len * 2);
    const index = this.index;
    const docStamp = this.nextEpoch();
    let next = ulen1;
    for (let i = 0; i < len; i++) {
      const g = this.ids[lo + i]!;
      if (this.queryStamp[g] === query.stamp) index[i] = this.queryLocal[g]!;
      else {
        if (this.docStamp[g] !== docStamp) {
          this.docStamp[g] = docStamp;
          this.docLocal[g] = next++;
        }
        index[i] = this.docLocal[g]!;
      }
    }
    if (this.lastpos.length < next) this.lastpos = new Int32Array(next * 2);
    const lastpos = this.lastpos;
    lastpos.fill(-1, 0, next);
    return similarityScan(index, len, ulen1, lastpos);
  }
}
