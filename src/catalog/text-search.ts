import { readFileSync } from 'node:fs';
import { pgQsort } from './pg-qsort.ts';
import { stem } from './stemmer.ts';

/**
 * PostgreSQL's full-text search, as the catalog search uses it, in memory: the stored tsvector
 * read back, our tsquery text parsed and normalised as `to_tsquery('norwegian', …)` does (stop
 * words dropped, words stemmed), matching (`@@`, with prefixes and phrases), `ts_rank`,
 * `ts_rank_cd` (cover density) and pg_trgm's `word_similarity`. The in-memory search index ranks
 * with these so it orders results as the SQL path does; `text-search.int.test.ts` compares every
 * function with PostgreSQL's own on the seeded catalog.
 *
 * Written from PostgreSQL's documented behaviour and its algorithms (tsrank.c, tsvector_op.c,
 * pg_trgm's trgm_op.c), not copied.
 */

/** A position as PostgreSQL packs it: the weight (A = 3 … D = 0) in the top two bits, the position in the low 14. */
export const positionOf = (packed: number) => packed & 0x3fff;
export const weightOf = (packed: number) => packed >> 14;

/** The rank weights the search uses, by weight code (D, C, B, A): `'{0.1, 0.2, 0.4, 1.0}'`. */
export const RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0].map(Math.fround) as [number, number, number, number];

/** One document's vector: lexemes in PostgreSQL's order (byte order), each with its packed positions. */
export type DocVector = { lexemes: string[]; positions: Uint16Array[] };

const WEIGHT_CODES: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/** Reads a tsvector's text form (`'lexeme':1A,5 'other':3B`), as PostgreSQL prints it. */
export function parseTsvector(text: string): DocVector {
  const lexemes: string[] = [];
  const positions: Uint16Array[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (text[i] !== "'") throw new Error(`tsvector: expected a quote at ${i}`);
    i++;
    let lexeme = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error('tsvector: unterminated lexeme');
      if (c === "'" && text[i + 1] === "'") {
        lexeme += "'";
        i += 2;
      } else if (c === '\\') {
        lexeme += text[i + 1] ?? '';
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else {
        lexeme += c;
        i++;
      }
    }
    const list: number[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let n = 0;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) n = n * 10 + text.charCodeAt(i++) - 48;
        const weight = WEIGHT_CODES[text[i] ?? ''];
        if (weight !== undefined) i++;
        list.push(((weight ?? 0) << 14) | n);
        if (text[i] !== ',') break;
        i++;
      }
    }
    lexemes.push(lexeme);
    positions.push(Uint16Array.from(list));
  }
  return { lexemes, positions };
}

/** PostgreSQL's lexeme order: bytewise (UTF-8), a prefix before its extensions. */
export function compareLexemes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Queries

export type Operand = { kind: 'operand'; text: string; prefix: boolean; /** Its place among the query's operands. */ index: number };
export type QueryNode =
  | Operand
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'phrase'; left: QueryNode; right: QueryNode; distance: number };

/** A parsed, normalised query: its tree (null when nothing is left, e.g. only stop words) and its operands in order. */
export type ParsedQuery = { root: QueryNode | null; operands: Operand[] };

let stopWords: Set<string> | null = null;

function isStopWord(word: string): boolean {
  stopWords ??= new Set(
    readFileSync(new URL('./dictionaries/norwegian.stop', import.meta.url), 'utf8')
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
  );
  return stopWords.has(word);
}

/** PostgreSQL's longest lexeme, in bytes; a longer word is left out of a query. */
const MAX_LEXEME_BYTES = 2046;

/**
 * What `to_tsquery('norwegian', …)` makes of one operand word: lower-cased; a word with digits
 * as it is (the 'simple' dictionary); a stop word nothing; any other word its Snowball stem.
 */
export function normaliseWord(word: string): string | null {
  const lower = word.toLowerCase();
  if (!lower || Buffer.byteLength(lower) > MAX_LEXEME_BYTES) return null;
  if (/\p{N}/u.test(lower)) return lower;
  if (isStopWord(lower)) return null;
  return stem(lower);
}

type Token = { t: '(' | ')' | '&' | '|' | '<->' } | { t: 'word'; text: string; prefix: boolean };

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === ' ') i++;
    else if (c === '(' || c === ')' || c === '&' || c === '|') {
      tokens.push({ t: c });
      i++;
    } else if (query.startsWith('<->', i)) {
      tokens.push({ t: '<->' });
      i += 3;
    } else {
      const match = /^[\p{L}\p{N}]+/u.exec(query.slice(i));
      if (!match) throw new Error(`tsquery: unexpected ${JSON.stringify(c)} at ${i}`);
      i += match[0].length;
      const prefix = query.startsWith(':*', i);
      if (prefix) i += 2;
      tokens.push({ t: 'word', text: match[0], prefix });
    }
  }
  return tokens;
}

/** A subtree while parsing: stop words leave a gap that widens a phrase's distance (`a <-> og <-> b` is `a <2> b`). */
type Partial = { node: QueryNode | null; /** Positions the subtree spans after its last real operand. */ trailing: number };

/**
 * Parses the tsquery text the search builds (words, `word:*`, `&`, `|`, `<->`, parentheses) the
 * way `to_tsquery('norwegian', …)` does: `<->` binds tighter than `&`, `&` tighter than `|`; stop
 * words are dropped, a dropped operand of `&` or `|` leaves the other side, and one in a phrase
 * keeps its place (the distance grows).
 */
export function parseTsquery(query: string): ParsedQuery {
  const tokens = lex(query);
  const operands: Operand[] = [];
  let at = 0;
  const peek = () => tokens[at]?.t;

  const primary = (): Partial => {
    const token = tokens[at++];
    if (!token) throw new Error('tsquery: unexpected end');
    if (token.t === '(') {
      const inner = or();
      if (tokens[at++]?.t !== ')') throw new Error('tsquery: missing )');
      return inner;
    }
    if (token.t !== 'word') throw new Error(`tsquery: unexpected ${token.t}`);
    const text = normaliseWord(token.text);
    if (text === null) return { node: null, trailing: 0 };
    const operand: Operand = { kind: 'operand', text, prefix: token.prefix, index: operands.length };
    operands.push(operand);
    return { node: operand, trailing: 0 };
  };
  const phrase = (): Partial => {
    let left = primary();
    while (peek() === '<->') {
      at++;
      const right = primary();
      if (!right.node) left = { node: left.node, trailing: left.trailing + 1 + right.trailing };
      else if (!left.node) left = right;
      else left = { node: { kind: 'phrase', left: left.node, right: right.node, distance: 1 + left.trailing }, trailing: right.trailing };
    }
    return left;
  };
  const binary = (kind: 'and' | 'or', next: () => Partial, op: '&' | '|') => (): Partial => {
    let left = next();
    while (peek() === op) {
      at++;
      const right = next();
      left = !left.node ? right : !right.node ? left : { node: { kind, left: left.node, right: right.node }, trailing: 0 };
    }
    return left;
  };
  const and = binary('and', phrase, '&');
  const or = binary('or', and, '|');
  const result = tokens.length ? or() : { node: null, trailing: 0 };
  if (at !== tokens.length) throw new Error('tsquery: trailing tokens');
  return { root: result.node, operands };
}

/** The operands whose lexeme matches `lexeme` (a prefix operand every lexeme it begins). */
export function operandMatches(operand: Operand, lexeme: string): boolean {
  return operand.prefix ? lexeme.startsWith(operand.text) : lexeme === operand.text;
}

/** The index range [lo, hi) of the lexemes an operand matches in a sorted lexeme array. */
export function lexemeRange(lexemes: readonly string[], operand: Operand): [number, number] {
  let lo = 0;
  let hi = lexemes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lexemes[mid]! < operand.text) lo = mid + 1;
    else hi = mid;
  }
  if (!operand.prefix) return lexemes[lo] === operand.text ? [lo, lo + 1] : [lo, lo];
  let end = lo;
  while (end < lexemes.length && lexemes[end]!.startsWith(operand.text)) end++;
  return [lo, end];
}

/** A document as the rank functions read it: the positions of each lexeme entry an operand matches. */
export type VectorView = { entries: (operand: Operand) => readonly Uint16Array[] };

export function viewOf(vector: DocVector): VectorView {
  return {
    entries: (operand) => {
      const [lo, hi] = lexemeRange(vector.lexemes, operand);
      return vector.positions.slice(lo, hi);
    },
  };
}

/** Sorted distinct positions (without weights) of an operand in a document, optionally only weight A. */
function operandPositions(view: VectorView, operand: Operand, onlyWeightA: boolean): number[] {
  const out: number[] = [];
  for (const list of view.entries(operand)) for (const p of list) if (!onlyWeightA || weightOf(p) === 3) out.push(positionOf(p));
  out.sort((a, b) => a - b);
  return out;
}

/**
 * Evaluates a query on positions: an operand's positions come from `positionsOf`, a phrase's are
 * its right end's where the right part follows the left at the phrase's distance. Returns the
 * positions of a match (for `and`/`or`, a non-empty marker when it holds), or null.
 */
export function evaluate(node: QueryNode, positionsOf: (operand: Operand) => readonly number[] | null): readonly number[] | null {
  switch (node.kind) {
    case 'operand': {
      const list = positionsOf(node);
      return list && list.length ? list : null;
    }
    case 'and': {
      const l = evaluate(node.left, positionsOf);
      return l && evaluate(node.right, positionsOf) ? MATCHED : null;
    }
    case 'or':
      return (evaluate(node.left, positionsOf) ?? evaluate(node.right, positionsOf)) ? MATCHED : null;
    case 'phrase': {
      const l = evaluate(node.left, positionsOf);
      if (!l) return null;
      const r = evaluate(node.right, positionsOf);
      if (!r) return null;
      if (l === MATCHED || r === MATCHED) return MATCHED; // an and/or inside a phrase: PostgreSQL is lenient too
      const left = new Set(l);
      const out = r.filter((p) => left.has(p - node.distance));
      return out.length ? out : null;
    }
  }
}
const MATCHED: readonly number[] = [];

/** `vector @@ query` (or, with onlyWeightA, whether it matches the name and alternate names). */
export function matches(view: VectorView, query: ParsedQuery, onlyWeightA = false): boolean {
  if (!query.root) return false;
  const cache = new Map<number, number[]>();
  const result = evaluate(query.root, (operand) => {
    let list = cache.get(operand.index);
    if (!list) {
      list = operandPositions(view, operand, onlyWeightA);
      cache.set(operand.index, list);
    }
    return list;
  });
  return result !== null;
}

/** The operands in the order PostgreSQL stores a tsquery's items: prefix notation, an operator then its right operand, then its left. */
function storedOrder(node: QueryNode | null, out: Operand[] = []): Operand[] {
  if (!node) return out;
  if (node.kind === 'operand') out.push(node);
  else {
    storedOrder(node.right, out);
    storedOrder(node.left, out);
  }
  return out;
}

/**
 * The query's distinct operands as `ts_rank` takes them (tsrank.c SortAndUniqItems): the stored
 * items sorted by text with PostgreSQL's own (unstable) qsort, the first of each text kept — so of
 * `bolig:*` and `boliger`, both stemmed to 'bol', the one PostgreSQL keeps decides whether
 * 'boligbru' counts.
 */
export function uniqueOperands(query: ParsedQuery): Operand[] {
  const items = storedOrder(query.root);
  if (items.length < 2) return items;
  pgQsort(items, (a, b) => compareLexemes(a.text, b.text));
  return items.filter((item, i) => i === 0 || item.text !== items[i - 1]!.text);
}

/** One entry's share of `ts_rank`'s OR form: its weights, the heaviest counted in full, the rest damped by 1/j². */
export function orEntryScore(positions: Uint16Array, weights = RANK_WEIGHTS): number {
  let resj = 0;
  let wjm = -1;
  let jm = 0;
  for (let j = 0; j < positions.length; j++) {
    const w = weights[weightOf(positions[j]!)]!;
    resj = Math.fround(resj + Math.fround(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  // In C: float arithmetic up to the division by a double constant (the caller adds that double to its float sum).
  return Math.fround(Math.fround(wjm + resj) - Math.fround(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685;
}

/** tsrank.c word_distance: a float4 of double arithmetic ((float4) w / 1.5 is a double). */
function wordDistance(distance: number): number {
  return distance > 100 ? Math.fround(1e-30) : Math.fround(1 / (1.005 + 0.05 * Math.exp(distance / 1.5 - 2)));
}

const pairTables = new WeakMap<readonly number[], Float32Array>();

/**
 * One pair's weight in ts_rank's AND form, `sqrt(w(a) * w(b) * word_distance(dist))` with C's float
 * products, from a table per weights array (weight codes × distances 0 … 101, 101 standing for all
 * beyond 100): the AND form runs it for every pair of positions of every match it ranks.
 */
export function pairWeight(weights: readonly number[], codeA: number, codeB: number, distance: number): number {
  let table = pairTables.get(weights);
  if (!table) {
    table = new Float32Array(16 * 102);
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++)
        for (let d = 0; d <= 101; d++)
          table[(a * 4 + b) * 102 + d] = Math.sqrt(Math.fround(Math.fround(weights[a]! * weights[b]!) * wordDistance(d)));
    pairTables.set(weights, table);
  }
  return table[(codeA * 4 + codeB) * 102 + Math.min(distance, 101)]!;
}

/** `ts_rank(weights, vector, query, 32)`. */
export function tsRank(view: VectorView, query: ParsedQuery, weights = RANK_WEIGHTS): number {
  if (!query.root) return 0;
  const items = uniqueOperands(query);
  const top = query.root.kind;
  let res = (top === 'and' || top === 'phrase') && items.length >= 2 ? rankAnd(view, items, weights) : rankOr(view, items, weights);
  if (res < 0) res = Math.fround(1e-20);
  // res is a C float: res + 1 is rounded to float before the division.
  return Math.fround(res / Math.fround(res + 1));
}

function rankOr(view: VectorView, items: Operand[], weights: typeof RANK_WEIGHTS): number {
  let res = 0;
  for (const item of items) for (const entry of view.entries(item)) res = Math.fround(res + orEntryScore(entry, weights));
  return items.length ? Math.fround(res / items.length) : res;
}

function rankAnd(view: VectorView, items: Operand[], weights: typeof RANK_WEIGHTS): number {
  let res = -1;
  const seen: (Uint16Array | null)[] = items.map(() => null);
  for (let i = 0; i < items.length; i++) {
    for (const entry of view.entries(items[i]!)) {
      seen[i] = entry;
      for (let k = 0; k < i; k++) {
        const other = seen[k];
        if (!other) continue;
        for (const a of entry) {
          for (const b of other) {
            // Every stored entry has positions, so two at the same place (another weight of one word) add nothing.
            const dist = Math.abs(positionOf(a) - positionOf(b));
            if (dist === 0) continue;
            const curw = pairWeight(weights, weightOf(a), weightOf(b), dist);
            res = res < 0 ? curw : Math.fround(1 - (1 - res) * (1 - curw));
          }
        }
      }
    }
  }
  return res;
}

/** `ts_rank_cd(weights, vector, query, 32)`: the covers of the query in the document, each by its density. */
export function tsRankCd(view: VectorView, query: ParsedQuery, weights = RANK_WEIGHTS): number {
  if (!query.root) return 0;
  // The document's positions of every operand, merged: each position with the operands it satisfies.
  const byPosition = new Map<number, { packed: number; operands: number[] }>();
  for (const operand of query.operands) {
    for (const entry of view.entries(operand)) {
      for (const packed of entry) {
        const at = byPosition.get(packed);
        if (at) at.operands.push(operand.index);
        else byPosition.set(packed, { packed, operands: [operand.index] });
      }
    }
  }
  if (byPosition.size === 0) return 0;
  const doc = [...byPosition.values()].sort(
    (a, b) => positionOf(a.packed) - positionOf(b.packed) || weightOf(a.packed) - weightOf(b.packed),
  );
  const root = query.root;
  const seen = new Map<number, number[]>();
  const holds = () => evaluate(root, (operand) => seen.get(operand.index) ?? null) !== null;
  const note = (at: { packed: number; operands: number[] }) => {
    for (const index of at.operands) {
      const list = seen.get(index);
      const position = positionOf(at.packed);
      if (!list) seen.set(index, [position]);
      else if (!list.includes(position)) list.push(position);
    }
  };
  let wdoc = 0;
  let start = 0;
  while (start < doc.length) {
    // The cover's end: the first position from `start` at which the whole query holds.
    seen.clear();
    let end = -1;
    for (let i = start; i < doc.length; i++) {
      note(doc[i]!);
      if (holds()) {
        end = i;
        break;
      }
    }
    if (end < 0) break;
    // Its beginning: walking back from the end, the first position at which the query holds again.
    seen.clear();
    let begin = -1;
    let i = end;
    for (; i >= start; i--) {
      note(doc[i]!);
      if (holds()) {
        begin = i;
        break;
      }
    }
    if (begin < 0) {
      start++;
      continue;
    }
    let invSum = 0;
    for (let k = begin; k <= end; k++) invSum += 1 / weights[weightOf(doc[k]!.packed)]!;
    const cpos = (end - begin + 1) / invSum;
    let noise = positionOf(doc[end]!.packed) - positionOf(doc[begin]!.packed) - (end - begin);
    if (noise < 0) noise = Math.trunc((end - begin) / 2);
    wdoc += cpos / (1 + noise);
    start = i + 1;
  }
  return Math.fround(wdoc / (wdoc + 1));
}

// ---------------------------------------------------------------------------------------------
// pg_trgm's word_similarity

/** Every trigram of a text in order, as pg_trgm makes them: each alphanumeric word lower-cased, padded "  word ". */
export function positionalTrigrams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const chars = Array.from(`  ${word} `);
    for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

const sml = (count: number, len1: number, len2: number) => Math.fround(count / (len1 + len2 - count));

/**
 * `word_similarity(a, b)`: the greatest trigram similarity between `a` and any stretch of `b`
 * (pg_trgm's iterative search over the trigrams of `b` that `a` shares).
 */
export function wordSimilarity(a: string, b: string, aTrigrams = positionalTrigrams(a)): number {
  const trg2 = positionalTrigrams(b);
  const ids = new Map<string, number>();
  for (const t of aTrigrams) if (!ids.has(t)) ids.set(t, ids.size);
  const ulen1 = ids.size;
  if (ulen1 === 0 || trg2.length === 0) return 0;
  // Trigrams of b by index: shared ones keep a's id, the others get ids after them.
  const index = trg2.map((t) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = ids.size;
      ids.set(t, id);
    }
    return id;
  });
  return similarityScan(index, index.length, ulen1, new Int32Array(ids.size).fill(-1));
}

/**
 * pg_trgm's iterate_word_similarity: over `len` trigram ids of the second text in order (ids below
 * `ulen1` are the first text's distinct trigrams, the others the second's own), the greatest
 * similarity of any stretch. `lastpos` must hold -1 for every id; it is used as scratch.
 * Shared by wordSimilarity (the reference) and the index's precomputed name trigrams.
 */
export function similarityScan(index: ArrayLike<number>, len: number, ulen1: number, lastpos: Int32Array): number {
  let ulen2 = 0;
  let count = 0;
  let lower = -1;
  let best = 0;
  for (let i = 0; i < len; i++) {
    const id = index[i]!;
    if (lower >= 0 || id < ulen1) {
      if (lastpos[id]! < 0) {
        ulen2++;
        if (id < ulen1) count++;
      }
      lastpos[id] = i;
    }
    if (id >= ulen1) continue;
    const upper = i;
    if (lower === -1) {
      lower = i;
      ulen2 = 1;
    }
    let current = sml(count, ulen1, ulen2);
    let tmpCount = count;
    let tmpUlen2 = ulen2;
    const prevLower = lower;
    for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
      const candidate = sml(tmpCount, ulen1, tmpUlen2);
      if (candidate > current) {
        current = candidate;
        ulen2 = tmpUlen2;
        lower = tmpLower;
        count = tmpCount;
      }
      const tid = index[tmpLower]!;
      if (lastpos[tid] === tmpLower) {
        tmpUlen2--;
        if (tid < ulen1) tmpCount--;
      }
    }
    if (current > best) best = current;
    for (let k = prevLower; k < lower; k++) {
      const tid = index[k]!;
      if (lastpos[tid] === k) lastpos[tid] = -1;
    }
  }
  return best;
}
