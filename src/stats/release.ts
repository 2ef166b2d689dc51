import { createHash } from 'node:crypto';
import { layoutById } from './layouts.ts';
import { computeIndicator, type ComputedCell, type IndicatorTable, type StoredObservation } from './compute.ts';
import type { AuditReport, Ledger, ProtectTable } from './disclosure/types.ts';
import { applyLedger, DISCLOSURE_THRESHOLD, suppressSmallRanges, toProtectTables } from './protection.ts';
import type { IndicatorDefinition } from './stats.schemas.ts';
import { linkPersons, overlapTables, type Linkage, type Registration } from './linkage/unique-persons.ts';

/*
 * A release, without I/O: every indicator of the catalogue computed from one set of imported
 * cells, all of their count tables protected together (one ledger for the whole release, so a cell
 * shown by two indicators is suppressed in both or in neither), and the published tables with that
 * ledger written in. And what changed between two releases. The service stores and reads them.
 */

/** The settings disclosure control ran with (DOMAIN.md: 4 or fewer suppressed; width = threshold). */
export type ReleaseSettings = { threshold: number; protectionWidth: number };

/**
 * The audit of a release as stored and shown: never the true value of a suppressed cell (only the
 * interval an intruder can derive, which everything published already tells).
 */
export type ReleaseAudit = {
  ok: boolean;
  solver: string;
  intervalCount: number;
  /** The narrowest interval of a protected value (null when nothing needed protection). */
  narrowestWidth: number | null;
  problems: string[];
  failed: {
    table: string;
    key: string;
    kind: 'cell' | 'complement';
    min: number;
    max: number | null;
    width: number | null;
    required: number;
  }[];
};

export const RELEASE_SETTINGS: ReleaseSettings = { threshold: DISCLOSURE_THRESHOLD, protectionWidth: DISCLOSURE_THRESHOLD };

/** The population measure of each denominator. */
const POPULATION_MEASURE = {
  population_18_plus: 'population.population_18_plus',
  population_under_18: 'population.population_under_18',
} as const;

/** The imported measures an indicator is computed from. */
export function measuresOf(indicator: IndicatorDefinition): string[] {
  const population =
    indicator.method === 'rate_from_counts' ? POPULATION_MEASURE[indicator.denominator as keyof typeof POPULATION_MEASURE] : undefined;
  return [indicator.measure, ...(population ? [population] : []), ...indicator.compareWith.map((c) => c.measure)];
}

/** An indicator computed from these cells (before disclosure control). */
export function computeFrom(indicator: IndicatorDefinition, byMeasure: ReadonlyMap<string, StoredObservation[]>): IndicatorTable {
  const of = (measure: string | undefined) => (measure ? (byMeasure.get(measure) ?? []) : []);
  const population =
    indicator.method === 'rate_from_counts' ? POPULATION_MEASURE[indicator.denominator as keyof typeof POPULATION_MEASURE] : undefined;
  return computeIndicator({
    indicator,
    layout: layoutById(indicator.measure.split('.')[0]!)!,
    observations: of(indicator.measure),
    population: of(population),
    comparisons: indicator.compareWith.map((c) => ({ ...c, observations: of(c.measure) })),
  });
}

export function groupByMeasure(observations: readonly StoredObservation[]): Map<string, StoredObservation[]> {
  const map = new Map<string, StoredObservation[]>();
  for (const o of observations) {
    const list = map.get(o.measure);
    if (list) list.push(o);
    else map.set(o.measure, [o]);
  }
  return map;
}

/**
 * A cell's key in the release: the measure it counts, then area and period. Two indicators that
 * publish counts of the same measure share their cells, so the ledger treats them as one.
 */
const SEPARATOR = '#';
export const releaseCellKey = (indicator: IndicatorDefinition, key: string) => `${indicator.measure}${SEPARATOR}${key}`;

/** The count tables of every indicator, keyed for the release. */
export function releaseProtectTables(computed: readonly { indicator: IndicatorDefinition; table: IndicatorTable }[]): {
  tables: ProtectTable[];
  byIndicator: Map<string, string[]>;
} {
  const tables: ProtectTable[] = [];
  const byIndicator = new Map<string, string[]>();
  for (const { indicator, table } of computed) {
    const own = toProtectTables(indicator, table).map((t) => ({
      id: t.id,
      cells: t.cells.map((c) => ({ ...c, key: releaseCellKey(indicator, c.key) })),
      totals: t.totals.map((s) => ({ total: releaseCellKey(indicator, s.total), parts: s.parts.map((p) => releaseCellKey(indicator, p)) })),
    }));
    tables.push(...own);
    byIndicator.set(
      indicator.id,
      own.map((t) => t.id),
    );
  }
  return { tables, byIndicator };
}

/** The release ledger's entries of one indicator, with the keys its table uses (`area|period`). */
export function indicatorLedger(indicator: IndicatorDefinition, ledger: Ledger): Ledger {
  const prefix = `${indicator.measure}${SEPARATOR}`;
  return {
    ...ledger,
    entries: ledger.entries
      .filter((e) => e.table.startsWith(`${indicator.id}:`) && e.key.startsWith(prefix))
      .map((e) => ({ ...e, key: e.key.slice(prefix.length) })),
  };
}

/** An indicator's table as the release publishes it. */
export function publishTable(indicator: IndicatorDefinition, table: IndicatorTable, ledger: Ledger): IndicatorTable {
  return suppressSmallRanges(indicator, applyLedger(indicator, table, indicatorLedger(indicator, ledger)));
}

/** The audit as stored: without the suppressed cells' true values. */
export function summariseAudit(report: AuditReport): ReleaseAudit {
  const protectedWidths = report.intervals.filter((i) => i.required > 0).map((i) => i.width);
  return {
    ok: report.ok,
    solver: 'HiGHS (LP)',
    intervalCount: report.intervals.length,
    narrowestWidth: protectedWidths.length ? Math.min(...protectedWidths) : null,
    problems: report.problems,
    failed: report.intervals
      .filter((i) => !i.ok)
      .map((i) => ({
        table: i.table,
        key: i.key,
        kind: i.kind,
        min: i.min,
        // JSON has no Infinity: an unbounded maximum is null.
        max: Number.isFinite(i.max) ? i.max : null,
        width: Number.isFinite(i.width) ? i.width : null,
        required: i.required,
      })),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The catalogue's definitions, hashed. */
export const catalogueHash = (indicators: readonly IndicatorDefinition[]) => sha256(JSON.stringify(indicators));

/** The inputs, hashed in a fixed order (the import and the cell, with its value and status). */
export function inputsHash(observations: readonly StoredObservation[]): string {
  const lines = observations
    .map((o) => [o.importId, o.measure, o.area, o.period, o.variant, o.value ?? '', o.status, o.valueText ?? ''].join('\t'))
    .sort();
  return sha256(lines.join('\n'));
}

/** A published cell as a change shows it. */
export type CellState = { value: number | string | null; status: ComputedCell['status'] };
export type CellChange = {
  indicator: string;
  area: string;
  period: string;
  change: 'added' | 'removed' | 'value' | 'status';
  before: CellState | null;
  after: CellState | null;
};
export type ReleaseChanges = { indicatorsAdded: string[]; indicatorsRemoved: string[]; cells: CellChange[] };

/** A cell's state as readers see it: suppressed by the source or by the rule are both «suppressed». */
const published = (c: ComputedCell): CellState => ({ value: c.value, status: c.status });
const hidden = (s: ComputedCell['status']) => s === 'suppressed' || s === 'suppressed_at_source';

/**
 * What changed from one release to the next, over the published tables only (a suppressed cell's
 * value is null in both, so a change never tells a suppressed number).
 */
export function releaseChanges(before: ReadonlyMap<string, IndicatorTable>, after: ReadonlyMap<string, IndicatorTable>): ReleaseChanges {
  const indicatorsAdded = [...after.keys()].filter((id) => !before.has(id)).sort();
  const indicatorsRemoved = [...before.keys()].filter((id) => !after.has(id)).sort();
  const cells: CellChange[] = [];
  for (const [id, table] of after) {
    const old = before.get(id);
    if (!old) continue;
    const oldCells = new Map(old.cells.map((c) => [`${c.area}|${c.period}`, c]));
    const seen = new Set<string>();
    for (const c of table.cells) {
      const key = `${c.area}|${c.period}`;
      seen.add(key);
      const o = oldCells.get(key);
      const base = { indicator: id, area: c.area, period: c.period };
      if (!o) {
        if (c.status !== 'missing') cells.push({ ...base, change: 'added', before: null, after: published(c) });
      } else if (hidden(o.status) !== hidden(c.status)) {
        cells.push({ ...base, change: 'status', before: published(o), after: published(c) });
      } else if (o.value !== c.value || o.status !== c.status) {
        cells.push({ ...base, change: 'value', before: published(o), after: published(c) });
      }
    }
    for (const o of old.cells) {
      if (!seen.has(`${o.area}|${o.period}`) && o.status !== 'missing') {
        cells.push({ indicator: id, area: o.area, period: o.period, change: 'removed', before: published(o), after: null });
      }
    }
  }
  return { indicatorsAdded, indicatorsRemoved, cells };
}

/** A published number of the linkage: null when the ledger suppresses it. */
export type LinkedCount = { value: number | null; status: 'value' | 'suppressed' };

/**
 * Unique persons across Veiviser's person-level sources in one year, as a release publishes them:
 * persons in total, per source, and in both of each pair of sources (suppressed by the release's
 * one ledger; the exact patterns are never published).
 */
export type PublishedLinkage = {
  period: string;
  sources: string[];
  unique: LinkedCount;
  bySource: Record<string, LinkedCount>;
  overlap: { a: string; b: string; both: LinkedCount }[];
};

export const linkagePrefix = (period: string) => `linkage:${period}`;

/** The linkage of every year with registrations, and its tables for the ledger. */
export function linkageByYear(registrations: readonly Registration[]): { period: string; linkage: Linkage; tables: ProtectTable[] }[] {
  const periods = [...new Set(registrations.map((r) => r.period))].sort();
  return periods.map((period) => {
    const linkage = linkPersons([...registrations], { periods: [period] });
    return { period, linkage, tables: overlapTables(linkage, linkagePrefix(period)) };
  });
}

/** A year's linkage with the ledger written in (keys as overlapTables makes them). */
export function publishLinkage(period: string, linkage: Linkage, ledger: Ledger): PublishedLinkage {
  const suppressed = new Set(ledger.entries.map((e) => e.key));
  const prefix = linkagePrefix(period);
  const enc = encodeURIComponent;
  const count = (key: string, value: number): LinkedCount =>
    suppressed.has(key) ? { value: null, status: 'suppressed' } : { value, status: 'value' };
  const inSources = linkage.sources;
  const overlap: PublishedLinkage['overlap'] = [];
  for (const [i, a] of inSources.entries()) {
    for (const b of inSources.slice(i + 1)) {
      overlap.push({ a, b, both: count(`${prefix}:both:${[enc(a), enc(b)].sort().join('+')}`, linkage.overlap[a]![b]!) });
    }
  }
  return {
    period,
    sources: linkage.sources,
    unique: count(`${prefix}:unique`, linkage.unique),
    bySource: Object.fromEntries(linkage.sources.map((s) => [s, count(`${prefix}:in:${enc(s)}`, linkage.bySource[s]!)])),
    overlap,
  };
}
