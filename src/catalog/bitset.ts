/**
 * Sets of a segment's documents as bitsets (32 documents a word): the in-memory search combines
 * a query's word matches and its filters with a few hundred word operations instead of one byte
 * (or one object) per document, and counts with popcount. Plain functions over Uint32Array, so a
 * caller can reuse one scratch array for every query.
 */
export type Bitset = Uint32Array;

/** An empty set for documents 0 … size-1. */
export function bitset(size: number): Bitset {
  return new Uint32Array((size + 31) >>> 5);
}

/** A set with every document 0 … size-1 (none of the padding bits). */
export function fullBitset(size: number): Bitset {
  const out = bitset(size);
  out.fill(0xffffffff);
  const rest = size & 31;
  if (rest) out[out.length - 1] = (1 << rest) - 1;
  return out;
}

export const hasBit = (set: Bitset, d: number): boolean => (set[d >>> 5]! & (1 << (d & 31))) !== 0;

export function setBit(set: Bitset, d: number): void {
  set[d >>> 5]! |= 1 << (d & 31);
}

/** out = a ∩ b (out may be a or b). */
export function and(out: Bitset, a: Bitset, b: Bitset): Bitset {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** out = a ∪ b (out may be a or b). */
export function or(out: Bitset, a: Bitset, b: Bitset): Bitset {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** out = a ∖ b (out may be a or b). */
export function andNot(out: Bitset, a: Bitset, b: Bitset): Bitset {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! & ~b[i]!;
  return out;
}

/** Set bits in one 32-bit word (Hamming weight, SWAR). */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** |a| */
export function count(a: Bitset): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i]) n += popcount32(a[i]!);
  return n;
}

/** |a ∩ b| without building the intersection. */
export function countAnd(a: Bitset, b: Bitset): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]! & b[i]!;
    if (w) n += popcount32(w);
  }
  return n;
}

/** Writes the members of a set, ascending, into out (from 0); returns how many. */
export function members(set: Bitset, out: Int32Array): number {
  let n = 0;
  for (let i = 0; i < set.length; i++) {
    let w = set[i]!;
    while (w) {
      const low = w & -w;
      out[n++] = (i << 5) + (31 - Math.clz32(low));
      w ^= low;
    }
  }
  return n;
}

/** The set of the documents a predicate holds for. */
export function bitsetWhere(size: number, holds: (d: number) => boolean): Bitset {
  const out = bitset(size);
  for (let d = 0; d < size; d++) if (holds(d)) setBit(out, d);
  return out;
}
