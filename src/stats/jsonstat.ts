import type { IndicatorTable } from './compute.ts';
import { DISCLOSURE_THRESHOLD } from './protection.ts';
import type { ImportProvenance, IndicatorDefinition, JsonStatDataset } from './stats.schemas.ts';

/*
 * An indicator's table as a JSON-stat 2.0 dataset (https://json-stat.org/format/), without I/O.
 * Values are the published numbers (or the computed rates), row-major over (area, period).
 * `status`: '..' suppressed (by the source or by the disclosure rule), '.' not reported.
 */

export const STATUS_CODES = {
  '..': 'suppressed: 4 or fewer persons/households, or a cell that would reveal one (prikket)',
  '.': 'not reported in the source, or no import yet (the reason is in extension.cells)',
} as const;

export const DISCLOSURE_RULE =
  'Counts of 4 or fewer persons or households are not published, nor any cell from which one could be worked out from the ' +
  'totals (DOMAIN.md, publishing rules). Rates the source publishes as rates are published as the source did; a rate Veiviser ' +
  'computes is suppressed with its count. Periods in which the source already suppressed cells are published as the source did.';

/** Periods and areas a request asks for (null: all). */
export type DatasetFilter = { periods: string[] | null; areas: string[] | null };

/** Builds the JSON-stat dataset of an indicator's table. */
export function toJsonStat(
  indicator: IndicatorDefinition,
  table: IndicatorTable,
  options: {
    imports: ImportProvenance[];
    filter: DatasetFilter;
    protectedTables: string[];
    lang: 'nb' | 'en';
    release: JsonStatDataset['extension']['release'];
  },
): JsonStatDataset {
  const areas = table.areas.filter((a) => !options.filter.areas || options.filter.areas.includes(a.id));
  const periods = table.periods.filter((p) => !options.filter.periods || options.filter.periods.includes(p));
  const byKey = new Map(table.cells.map((c) => [`${c.area}|${c.period}`, c]));
  const value: (number | string | null)[] = [];
  const status: Record<string, string> = {};
  const cells: JsonStatDataset['extension']['cells'] = [];
  for (const area of areas) {
    for (const period of periods) {
      const c = byKey.get(`${area.id}|${period}`)!;
      const i = value.length;
      value.push(c.value);
      if (c.status === 'suppressed' || c.status === 'suppressed_at_source') status[String(i)] = '..';
      else if (c.status === 'missing') status[String(i)] = '.';
      cells.push({
        derivation: c.derivation,
        numerator: c.numerator,
        denominator: c.denominator,
        denominatorPeriod: c.denominatorPeriod,
        importId: c.importId,
        reason: c.reason,
        note: c.note,
        findings: c.findings,
      });
    }
  }
  const areaIds = new Set(areas.map((a) => a.id));
  const periodIds = new Set(periods);
  const usedImports = new Set(cells.map((c) => c.importId).filter((id): id is number => id !== null));
  const dimension = indicator.breakdown === 'district' ? 'district' : 'entity';
  // The dataset changed when its release was made (imports after it do not change it).
  const updated = options.release.createdAt;
  return {
    version: '2.0',
    class: 'dataset',
    label: indicator.label[options.lang],
    source: indicator.source,
    updated,
    note: [indicator.unit[options.lang], ...(indicator.notes ? [indicator.notes] : [])],
    id: [dimension, 'period'],
    size: [areas.length, periods.length],
    role: { time: ['period'], ...(dimension === 'district' ? { geo: ['district'] } : {}) },
    dimension: {
      [dimension]: {
        label: dimension === 'district' ? (options.lang === 'nb' ? 'bydel' : 'district') : options.lang === 'nb' ? 'enhet' : 'entity',
        category: { index: areas.map((a) => a.id), label: Object.fromEntries(areas.map((a) => [a.id, a.label])) },
      },
      period: {
        label: options.lang === 'nb' ? 'periode' : 'period',
        category: {
          index: periods,
          label: Object.fromEntries(
            periods.map((p) => [p, p === 'unspecified' ? (options.lang === 'nb' ? 'ikke oppgitt' : 'not stated') : p]),
          ),
        },
      },
    },
    value,
    status,
    extension: {
      indicator,
      statusCodes: { ...STATUS_CODES },
      imports: options.imports.filter((i) => usedImports.has(i.id)),
      findings: table.findings.filter((f) => areaIds.has(f.area) && periodIds.has(f.period)),
      cells,
      disclosure: { rule: DISCLOSURE_RULE, threshold: DISCLOSURE_THRESHOLD, protectedTables: options.protectedTables },
      release: options.release,
    },
  };
}
