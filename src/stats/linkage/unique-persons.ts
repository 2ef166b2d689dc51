/**
 * Unique persons across sources (GitHub issue 11 item 4). Source systems each count their own
 * registrations; linked on the keyed pseudonym of the national ID, the city can count each person
 * once and see how sources overlap (how many in LAR are also in a VEL institution). Pure functions:
 * the caller reads pseudonymised registrations; nothing here sees a national ID.
 */
import { AppError } from '../../platform/errors.ts';
import type { ProtectTable } from '../disclosure/types.ts';

/** One person registered in one source in one period (person = the access module's pseudonym). */
export type Registration = { person: string; source: string; period: string };

export type Linkage = {
  /** Sources in alphabetical order. */
  sources: string[];
  /** Persons in at least one source. */
  unique: number;
  /** Persons per source. */
  bySource: Record<string, number>;
  /** overlap[a][b]: persons in both a and b (overlap[a][a] = bySource[a]); symmetric. */
  overlap: Record<string, Record<string, number>>;
  /** Persons by how many sources they are in (1, 2, …). */
  bySourceCount: Record<number, number>;
  /** Persons by the exact set of sources they are in ('LAR+VEL': in LAR and VEL, no other). */
  byPattern: Record<string, number>;
};

/** Beyond this many sources the 2^n exact patterns are too many to publish around. */
export const MAX_SOURCES = 10;

/** Links registrations (optionally only some periods) into unique persons and source overlaps. */
export function linkPersons(registrations: Registration[], options: { periods?: string[] } = {}): Linkage {
  const periods = options.periods === undefined ? undefined : new Set(options.periods);
  const sourcesOf = new Map<string, Set<string>>();
  const sources = new Set<string>();
  registrations.forEach((r, i) => {
    for (const field of ['person', 'source', 'period'] as const) {
      if (typeof r[field] !== 'string' || r[field] === '') {
        throw new AppError('INVALID_INPUT', `registrations[${i}].${field} must be a non-empty string`, [
          { field: `registrations[${i}].${field}`, message: 'must be a non-empty string' },
        ]);
      }
    }
    sources.add(r.source);
    if (periods && !periods.has(r.period)) return;
    let set = sourcesOf.get(r.person);
    if (!set) sourcesOf.set(r.person, (set = new Set()));
    set.add(r.source);
  });
  const sorted = [...sources].sort();
  if (sorted.length > MAX_SOURCES) {
    throw new AppError('INVALID_INPUT', `at most ${MAX_SOURCES} sources can be linked, not ${sorted.length}`, [
      { field: 'registrations', message: `more than ${MAX_SOURCES} sources` },
    ]);
  }
  const overlap = Object.fromEntries(sorted.map((a) => [a, Object.fromEntries(sorted.map((b) => [b, 0]))])) as Linkage['overlap'];
  const bySourceCount: Record<number, number> = {};
  const byPattern = Object.fromEntries(patterns(sorted).map((p) => [p.join('+'), 0]));
  for (const set of sourcesOf.values()) {
    bySourceCount[set.size] = (bySourceCount[set.size] ?? 0) + 1;
    byPattern[[...set].sort().join('+')]! += 1;
    for (const a of set) for (const b of set) overlap[a]![b]! += 1;
  }
  const bySource = Object.fromEntries(sorted.map((s) => [s, overlap[s]![s]!]));
  return { sources: sorted, unique: sourcesOf.size, bySource, overlap, bySourceCount, byPattern };
}

/** Every non-empty subset of the (sorted) sources, each sorted. */
function patterns(sources: string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << sources.length; mask++) out.push(sources.filter((_, i) => mask & (1 << i)));
  return out;
}

/**
 * The linkage as tables for the release's disclosure ledger. Overlaps are not additive on their
 * own, so each is published inside a true sum: for every pair, in a = in both a and b + in a but
 * not b; and unique = in a + outside a. A cell keeps one key everywhere it appears (both a and b is
 * the same cell in a's and b's tables), so the ledger gives it one decision. The exact patterns
 * (persons in a and b and no other source) are hidden cells under every sum: never published, but
 * the audit knows they are ≥ 0 and that a small one must not follow by inclusion–exclusion.
 */
export function overlapTables(linkage: Linkage, prefix: string): ProtectTable[] {
  const enc = encodeURIComponent;
  const inKey = (a: string) => `${prefix}:in:${enc(a)}`;
  const bothKey = (a: string, b: string) => `${prefix}:both:${[enc(a), enc(b)].sort().join('+')}`;
  const onlyKey = (a: string, b: string) => `${prefix}:in:${enc(a)}:not:${enc(b)}`;
  // Outside a: with two sources that is exactly "in b but not a", so it gets that cell's key.
  const outsideKey = (a: string) => {
    const others = linkage.sources.filter((s) => s !== a);
    return others.length === 1 ? onlyKey(others[0]!, a) : `${prefix}:outside:${enc(a)}`;
  };
  const { sources, overlap, bySource, unique } = linkage;
  const exact = patterns(sources).map((p) => ({
    sources: p,
    cell: { key: `${prefix}:exactly:${p.map(enc).join('+')}`, value: linkage.byPattern[p.join('+')] ?? 0, hidden: true },
  }));
  const containing = (...these: string[]) => exact.filter((p) => these.every((s) => p.sources.includes(s)));
  const tables: ProtectTable[] = sources.map((a) => {
    const others = sources.filter((b) => b !== a);
    return {
      id: `${prefix}:overlap:${enc(a)}`,
      cells: [
        { key: inKey(a), value: bySource[a]! },
        ...others.flatMap((b) => [
          { key: bothKey(a, b), value: overlap[a]![b]! },
          { key: onlyKey(a, b), value: bySource[a]! - overlap[a]![b]! },
        ]),
        ...containing(a).map((p) => p.cell),
      ],
      totals: [
        ...others.map((b) => ({ total: inKey(a), parts: [bothKey(a, b), onlyKey(a, b)] })),
        { total: inKey(a), parts: containing(a).map((p) => p.cell.key) },
        ...others.map((b) => ({ total: bothKey(a, b), parts: containing(a, b).map((p) => p.cell.key) })),
      ],
    };
  });
  tables.push({
    id: `${prefix}:unique`,
    cells: [
      { key: `${prefix}:unique`, value: unique },
      ...sources.flatMap((a) => [
        { key: inKey(a), value: bySource[a]! },
        { key: outsideKey(a), value: unique - bySource[a]! },
      ]),
      ...exact.map((p) => p.cell),
    ],
    totals: [
      ...sources.map((a) => ({ total: `${prefix}:unique`, parts: [inKey(a), outsideKey(a)] })),
      // No sources, no persons: nothing to sum.
      ...(exact.length > 0 ? [{ total: `${prefix}:unique`, parts: exact.map((p) => p.cell.key) }] : []),
    ],
  });
  return tables;
}
