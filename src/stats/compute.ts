import { DISTRICTS } from '../platform/districts.ts';
import type { Observation } from './import-rules.ts';
import type { Layout } from './layouts.ts';
import type { Finding, IndicatorDefinition, IndicatorFactor } from './stats.schemas.ts';

/*
 * Computing an indicator for every district and Oslo from imported cells, without I/O. Rates are
 * worked out where the source gives counts (numerator / population × factor, one decimal, the
 * numerator and denominator kept beside it); published numbers are kept as published. A true zero
 * stays 0; a missing number is null with the reason. Where the report contradicts itself (a total
 * that is not the sum of its parts, two statements of one number, a rate on the wrong scale) the
 * cell carries a finding: the input is never corrected.
 */

/** An imported cell with the import it came from. */
export type StoredObservation = Observation & { importId: number | null };

export type CellStatus = 'value' | 'text' | 'suppressed_at_source' | 'missing' | 'suppressed';

export type ComputedCell = {
  area: string;
  period: string;
  value: number | string | null;
  status: CellStatus;
  derivation: 'published' | 'computed' | 'sum_of_districts';
  numerator: number | null;
  denominator: number | null;
  denominatorPeriod: string | null;
  importId: number | null;
  reason: string | null;
  note: string | null;
  findings: string[];
};

export type IndicatorTable = {
  areas: { id: string; label: string }[];
  periods: string[];
  /** Row-major: for each area, every period. */
  cells: ComputedCell[];
  findings: Finding[];
};

export type ComputeInput = {
  indicator: IndicatorDefinition;
  layout: Layout;
  observations: readonly StoredObservation[];
  /** The denominator's cells (population), for rates computed from counts. */
  population?: readonly StoredObservation[];
  /** The cells of each `compareWith` measure. */
  comparisons?: readonly { measure: string; factor: IndicatorFactor; observations: readonly StoredObservation[] }[];
};

const FACTOR_NUMBER: Partial<Record<IndicatorFactor, number>> = { per_1000: 1000, per_10000: 10000, percent: 100 };

/** Per how many a factor is (1 for counts). */
export function factorNumber(factor: IndicatorFactor): number {
  return FACTOR_NUMBER[factor] ?? 1;
}

/** numerator / denominator × factor, to one decimal; null when the denominator is not positive. */
export function rateOf(numerator: number, denominator: number, factor: number): number | null {
  if (!(denominator > 0)) return null;
  return Math.round((numerator / denominator) * factor * 10) / 10;
}

const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });
const fmtNb = (n: number) => n.toLocaleString('nb-NO', { maximumFractionDigits: 2 });

const key = (area: string, period: string) => `${area}|${period}`;

/** The cells of a measure by area and period; a narrative's several statements keep the first (the others are compared). */
function index(observations: readonly StoredObservation[]): Map<string, StoredObservation> {
  const map = new Map<string, StoredObservation>();
  for (const o of observations) if (!map.has(key(o.area, o.period))) map.set(key(o.area, o.period), o);
  return map;
}

const numberOf = (o: StoredObservation | undefined): number | null =>
  o && o.status === 'value' && o.value !== null ? Number(o.value) : null;

/** The areas of a table: the 15 districts in SSB order, then agencies and totals the data has, then Oslo. */
function areasOf(indicator: IndicatorDefinition, observations: readonly StoredObservation[]): { id: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const o of observations) if (!seen.has(o.area)) seen.set(o.area, o.areaLabel);
  if (indicator.breakdown === 'entity' || indicator.breakdown === 'oslo') {
    const areas = [...seen].filter(([id]) => id !== 'oslo').map(([id, label]) => ({ id, label }));
    return seen.has('oslo') || indicator.breakdown === 'oslo' ? [...areas, { id: 'oslo', label: seen.get('oslo') ?? 'Oslo' }] : areas;
  }
  const districts = DISTRICTS.map((d) => ({ id: d.slug, label: d.name }));
  const extra =
    indicator.method === 'rate_from_counts'
      ? []
      : [...seen].filter(([id]) => id === 'districts_total' || id.startsWith('entity:')).map(([id, label]) => ({ id, label }));
  return [...districts, ...extra, { id: 'oslo', label: 'Oslo' }];
}

/** The published periods, in order (`unspecified` last). */
function periodsOf(observations: readonly StoredObservation[]): string[] {
  return [...new Set(observations.map((o) => o.period))].sort((a, b) =>
    a === 'unspecified' ? 1 : b === 'unspecified' ? -1 : a.localeCompare(b),
  );
}

/** The denominator of an area and period: the same period, or else the nearest the source has (the report uses 2025 for every year). */
function denominatorOf(population: Map<string, StoredObservation>, area: string, period: string): { value: number; period: string } | null {
  const same = numberOf(population.get(key(area, period)));
  if (same !== null) return { value: same, period };
  const candidates = [...population.values()].filter((o) => o.area === area && o.status === 'value');
  if (candidates.length === 0) return null;
  const target = Number(period);
  candidates.sort((a, b) => Math.abs(Number(a.period) - target) - Math.abs(Number(b.period) - target) || b.period.localeCompare(a.period));
  const best = candidates[0]!;
  return { value: Number(best.value), period: best.period };
}

const missingCell = (area: string, period: string, reason: string): ComputedCell => ({
  area,
  period,
  value: null,
  status: 'missing',
  derivation: 'published',
  numerator: null,
  denominator: null,
  denominatorPeriod: null,
  importId: null,
  reason,
  note: null,
  findings: [],
});

/** A published cell as it stands. */
function publishedCell(o: StoredObservation): ComputedCell {
  const value = o.status === 'value' ? Number(o.value) : o.status === 'text' ? o.valueText : null;
  return {
    area: o.area,
    period: o.period,
    value,
    status: o.status,
    derivation: 'published',
    numerator: o.status === 'value' ? Number(o.value) : null,
    denominator: null,
    denominatorPeriod: null,
    importId: o.importId,
    reason:
      o.status === 'missing'
        ? o.missingReason
        : o.status === 'suppressed_at_source'
          ? 'suppressed in the source (4 or fewer, can be 0)'
          : null,
    note: o.note,
    findings: [],
  };
}

/** The sum of the districts when every one has a number, else why not. */
function districtSum(cells: Map<string, StoredObservation>, period: string): { sum: number; importId: number | null } | { reason: string } {
  let sum = 0;
  let importId: number | null = null;
  for (const d of DISTRICTS) {
    const o = cells.get(key(d.slug, period));
    const n = numberOf(o);
    if (n === null) return { reason: `no Oslo total: ${d.name} has no number for ${period}` };
    sum += n;
    importId ??= o!.importId;
  }
  return { sum, importId };
}

/** Whether totals of this indicator can be checked and summed (counts and amounts of an additive table). */
const isAdditive = (indicator: IndicatorDefinition, layout: Layout) =>
  layout.additive && (indicator.factor === 'count' || indicator.factor === 'amount' || indicator.method === 'rate_from_counts');

/** Total rows that are not the sum of their parts (or, with cells suppressed at source, outside what 0–4 allows). */
export function totalFindings(indicatorId: string, observations: readonly StoredObservation[], threshold = 4): Finding[] {
  const cells = index(observations);
  const findings: Finding[] = [];
  const periods = periodsOf(observations);
  const areas = [...new Set(observations.map((o) => o.area))];
  const entities = areas.filter((a) => a.startsWith('entity:'));
  const hasDistrictsTotal = areas.includes('districts_total');
  const districts = DISTRICTS.map((d) => d.slug).filter((d) => areas.includes(d));
  const relations: { total: string; parts: string[] }[] = [];
  if (hasDistrictsTotal) relations.push({ total: 'districts_total', parts: districts });
  if (areas.includes('oslo'))
    relations.push({ total: 'oslo', parts: hasDistrictsTotal ? ['districts_total', ...entities] : [...districts, ...entities] });
  for (const period of periods) {
    for (const { total, parts } of relations) {
      const totalCell = cells.get(key(total, period));
      const stated = numberOf(totalCell);
      if (stated === null || parts.length === 0) continue;
      let known = 0;
      let suppressed = 0;
      let complete = true;
      for (const part of parts) {
        const o = cells.get(key(part, period));
        if (o?.status === 'suppressed_at_source') suppressed += 1;
        else if (numberOf(o) === null) complete = false;
        else known += numberOf(o)!;
      }
      if (!complete) continue;
      const label = totalCell!.areaLabel;
      const partLabels = parts.map((p) => cells.get(key(p, period))?.areaLabel ?? p);
      const what = parts.length > 4 ? `its ${parts.length} parts` : `its parts (${partLabels.join(', ')})`;
      const whatNb = parts.length > 4 ? `de ${parts.length} delene` : `delene (${partLabels.join(', ')})`;
      const id = `${indicatorId}:total:${total}:${period}`;
      const round = (n: number) => Math.round(n * 1000) / 1000;
      if (suppressed === 0 && round(known) !== round(stated)) {
        findings.push({
          id,
          kind: 'total_mismatch',
          area: total,
          period,
          message: {
            en:
              `«${label}» ${period} is ${fmt(stated)} as published; ${what} sum to ${fmt(round(known))}.` +
              (totalCell!.note ? ` The source notes: ${totalCell!.note}` : ''),
            nb:
              `«${label}» ${period} er ${fmtNb(stated)} som publisert; ${whatNb} summerer til ${fmtNb(round(known))}.` +
              (totalCell!.note ? ` Kilden merker: ${totalCell!.note}` : ''),
          },
          values: { published: stated, sumOfParts: round(known) },
        });
      } else if (suppressed > 0 && (stated < known || stated > known + threshold * suppressed)) {
        findings.push({
          id,
          kind: 'bounds_mismatch',
          area: total,
          period,
          message: {
            en:
              `«${label}» ${period} is ${fmt(stated)}; with ${suppressed} suppressed parts of 0–${threshold} ` +
              `the parts sum to ${fmt(known)}–${fmt(known + threshold * suppressed)}.`,
            nb:
              `«${label}» ${period} er ${fmtNb(stated)}; med ${suppressed} prikkede deler (0–${threshold}) ` +
              `blir summen ${fmtNb(known)}–${fmtNb(known + threshold * suppressed)}.`,
          },
          values: { published: stated, lowest: known, highest: known + threshold * suppressed },
        });
      }
    }
  }
  return findings;
}

/** How many decimals a published number has ("1.8" → 1). */
const decimalsOf = (text: string | null) => (text && text.includes('.') ? text.split('.')[1]!.length : 0);

/** Checks a number against another published statement of it: agreement, disagreement or a scale error. */
export function compareStatements(options: {
  id: string;
  area: string;
  areaLabel: string;
  period: string;
  ours: number;
  oursFactor: IndicatorFactor;
  oursLabel: { nb: string; en: string };
  other: StoredObservation;
  otherFactor: IndicatorFactor;
}): Finding | null {
  const { ours, other } = options;
  const otherValue = Number(other.value);
  const where = other.variant || other.measure;
  const base = { id: options.id, area: options.area, period: options.period };
  if (options.otherFactor === 'count' || options.oursFactor === 'count') {
    if (otherValue === ours) return null;
    return {
      ...base,
      kind: 'source_disagreement',
      message: {
        en: `${options.areaLabel} ${options.period}: ${options.oursLabel.en} gives ${fmt(ours)}; ${where} gives ${fmt(otherValue)}.`,
        nb: `${options.areaLabel} ${options.period}: ${options.oursLabel.nb} gir ${fmtNb(ours)}; ${where} gir ${fmtNb(otherValue)}.`,
      },
      values: { value: ours, otherStatement: otherValue },
    };
  }
  const oursPer = factorNumber(options.oursFactor);
  const otherPer = factorNumber(options.otherFactor);
  const otherInOurs = otherValue * (oursPer / otherPer);
  const tolerance = 0.5 * 10 ** -decimalsOf(other.value) * (oursPer / otherPer) + 0.05 * Math.abs(ours);
  if (Math.abs(otherInOurs - ours) <= tolerance) return null;
  const ratio = ours / otherInOurs;
  const perText = (n: number) => (n === 10000 ? 'per 10,000' : n === 1000 ? 'per 1,000' : `per ${n}`);
  const perTextNb = (n: number) => (n === 10000 ? 'per 10 000' : n === 1000 ? 'per 1 000' : `per ${n}`);
  for (const scale of [10, 0.1]) {
    if (Math.abs(ratio / scale - 1) < 0.15) {
      const realPer = otherPer / scale;
      return {
        ...base,
        kind: 'scale_mismatch',
        message: {
          en:
            `${options.areaLabel} ${options.period}: ${where} gives ${fmt(otherValue)} labelled ${perText(otherPer)}; the counts give ` +
            `${fmt(ours)} ${perText(oursPer)}, so the published number is ${perText(realPer)}.`,
          nb:
            `${options.areaLabel} ${options.period}: ${where} oppgir ${fmtNb(otherValue)} merket ${perTextNb(otherPer)}; tellingene gir ` +
            `${fmtNb(ours)} ${perTextNb(oursPer)}, så det publiserte tallet er ${perTextNb(realPer)}.`,
        },
        values: { value: ours, otherStatement: otherValue, scale },
      };
    }
  }
  return {
    ...base,
    kind: 'source_disagreement',
    message: {
      en:
        `${options.areaLabel} ${options.period}: computed ${fmt(ours)} ${perText(oursPer)}; ` +
        `${where} gives ${fmt(otherValue)} ${perText(otherPer)}.`,
      nb:
        `${options.areaLabel} ${options.period}: beregnet ${fmtNb(ours)} ${perTextNb(oursPer)}; ` +
        `${where} oppgir ${fmtNb(otherValue)} ${perTextNb(otherPer)}.`,
    },
    values: { value: ours, otherStatement: otherValue },
  };
}

/** Computes an indicator's table: every area × period, with provenance and findings. */
export function computeIndicator(input: ComputeInput): IndicatorTable {
  const { indicator, layout, observations } = input;
  const cells = index(observations);
  const noData = observations.length === 0;
  // With no import yet the table still has its areas and one period, every cell saying why it is empty.
  const areas = noData && indicator.breakdown !== 'district' ? [{ id: 'oslo', label: 'Oslo' }] : areasOf(indicator, observations);
  const periods = noData ? ['unspecified'] : periodsOf(observations);
  const population = index(input.population ?? []);
  const rate = indicator.method === 'rate_from_counts';
  const per = factorNumber(indicator.factor);
  const out: ComputedCell[] = [];

  for (const area of areas) {
    for (const period of periods) {
      const o = cells.get(key(area.id, period));
      let cell: ComputedCell;
      const osloSum = area.id === 'oslo' && isAdditive(indicator, layout) && (!o || o.status === 'missing');
      if (o && !osloSum) cell = publishedCell(o);
      else if (osloSum) {
        const sum = districtSum(cells, period);
        cell =
          'reason' in sum
            ? missingCell(area.id, period, sum.reason)
            : {
                ...missingCell(area.id, period, ''),
                value: sum.sum,
                numerator: sum.sum,
                status: 'value',
                reason: null,
                derivation: 'sum_of_districts',
                importId: sum.importId,
              };
      } else cell = missingCell(area.id, period, noData ? 'no import of this table yet' : 'not in the published table');

      if (rate && cell.status === 'value' && cell.numerator !== null) {
        const denominatorArea = cell.derivation === 'sum_of_districts' ? null : area.id;
        let denominator: { value: number; period: string } | null;
        if (denominatorArea) denominator = denominatorOf(population, denominatorArea, period);
        else {
          const parts = DISTRICTS.map((d) => denominatorOf(population, d.slug, period));
          const known = parts.filter((p): p is { value: number; period: string } => p !== null);
          denominator =
            known.length === parts.length && known[0]
              ? { value: known.reduce((sum, p) => sum + p.value, 0), period: known[0].period }
              : null;
        }
        if (!denominator)
          cell = { ...cell, value: null, status: 'missing', reason: `no population for ${area.label} (${indicator.denominator})` };
        else {
          cell = {
            ...cell,
            value: rateOf(cell.numerator, denominator.value, per),
            denominator: denominator.value,
            denominatorPeriod: denominator.period,
            derivation: cell.derivation === 'sum_of_districts' ? 'sum_of_districts' : 'computed',
          };
        }
      }
      out.push(cell);
    }
  }

  const findings: Finding[] = isAdditive(indicator, layout) ? totalFindings(indicator.id, observations) : [];
  const labelOf = new Map(areas.map((a) => [a.id, a.label]));
  for (const comparison of input.comparisons ?? []) {
    for (const other of comparison.observations) {
      if (other.status !== 'value') continue;
      const cell = out.find((c) => c.area === other.area && c.period === other.period);
      if (!cell || cell.status !== 'value') continue;
      const ours = comparison.factor === 'count' ? cell.numerator : (cell.value as number);
      if (ours === null) continue;
      const finding = compareStatements({
        id: `${indicator.id}:compare:${other.measure}:${other.area}:${other.period}:${other.variant}`,
        area: other.area,
        areaLabel: labelOf.get(other.area) ?? other.areaLabel,
        period: other.period,
        ours,
        oursFactor: comparison.factor === 'count' ? 'count' : indicator.factor,
        oursLabel: { nb: `«${indicator.label.nb}» (${layout.id})`, en: `«${indicator.label.en}» (${layout.id})` },
        other,
        otherFactor: comparison.factor,
      });
      if (finding) findings.push(finding);
    }
  }
  for (const finding of findings) out.find((c) => c.area === finding.area && c.period === finding.period)?.findings.push(finding.id);
  return { areas, periods, cells: out, findings };
}
