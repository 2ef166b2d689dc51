import { DISTRICTS } from '../platform/districts.ts';
import type { StoredObservation } from './compute.ts';

/*
 * Veiviser's own live data as indicator input, without I/O: counts per district and year that
 * the stats repository aggregates from the intake and discharge-ready tables when a release is
 * made (read-only; no person data leaves the query, only these numbers). They become cells of the
 * `intake_live` layout, so the live indicators are computed, protected and published like every
 * other indicator, in the same release and under the same ledger.
 */

export const LIVE_LAYOUT = 'intake_live';

/** The live measures that are counts (of stays, events or persons). */
export const LIVE_COUNTS = [
  'admissions',
  'persons_admitted',
  'persons_10_plus_admissions',
  'discharges',
  'discharges_own_home',
  'stays_over_normed_length',
  'immediate_discharges',
  'quality_of_life_answers',
  'discharge_ready_notices',
] as const;
export type LiveCount = (typeof LIVE_COUNTS)[number];

/**
 * One aggregate row: a district (null: the person has none, counted in Oslo only) or `oslo`, a
 * year, and the numbers. Means and days are given with the count they are over.
 */
export type LiveRow = {
  area: string | null;
  year: string;
  counts: Partial<Record<LiveCount, number>>;
  /** Sum of the quality-of-life scores (district setting, 1–7) over `quality_of_life_answers`. */
  qualityOfLifeSum?: number;
  /** Days from ready to the date the district could receive, summed over that many answered notices. */
  daysWaiting?: { sum: number; notices: number };
};

/** Means and day sums over fewer answers than this are not published: one person's answer would show. */
export const LIVE_MIN_BASE = 5;

const DISTRICT_NAME = new Map<string, string>(DISTRICTS.map((d) => [d.slug, d.name]));

/**
 * The rows as cells: for every year with any live data, every district and Oslo get every measure
 * (0 where nothing happened: a true zero, not a missing number). Oslo is the city's own total
 * (including persons with no district). A district not among the 15 counts in Oslo only.
 */
export function liveObservations(rows: readonly LiveRow[]): StoredObservation[] {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const out: StoredObservation[] = [];
  let rowNumber = 1;
  for (const year of years) {
    const inYear = rows.filter((r) => r.year === year);
    const areas = [...DISTRICTS.map((d) => d.slug), 'oslo'];
    for (const area of areas) {
      const mine = inYear.filter((r) => (area === 'oslo' ? true : r.area === area));
      const sum = (f: (r: LiveRow) => number) => mine.reduce((n, r) => n + f(r), 0);
      const label = area === 'oslo' ? 'Oslo' : DISTRICT_NAME.get(area)!;
      const cell = (measure: string, value: number | null, missingReason: string | null = null): StoredObservation => ({
        importId: null,
        measure: `${LIVE_LAYOUT}.${measure}`,
        area,
        areaLabel: label,
        period: year,
        variant: '',
        value: value === null ? null : String(value),
        status: value === null ? 'missing' : 'value',
        valueText: null,
        missingReason,
        note: null,
        rowNumber: rowNumber++,
      });
      for (const measure of LIVE_COUNTS)
        out.push(
          cell(
            measure,
            sum((r) => r.counts[measure] ?? 0),
          ),
        );
      const answers = sum((r) => r.counts.quality_of_life_answers ?? 0);
      const scores = sum((r) => r.qualityOfLifeSum ?? 0);
      out.push(
        answers >= LIVE_MIN_BASE
          ? cell('quality_of_life_mean', Math.round((scores / answers) * 10) / 10)
          : cell('quality_of_life_mean', null, `fewer than ${LIVE_MIN_BASE} answers: a mean would show one person's answer`),
      );
      const notices = sum((r) => r.daysWaiting?.notices ?? 0);
      const days = sum((r) => r.daysWaiting?.sum ?? 0);
      out.push(
        notices >= LIVE_MIN_BASE
          ? cell('discharge_ready_days_waiting', days)
          : cell('discharge_ready_days_waiting', null, `fewer than ${LIVE_MIN_BASE} answered notices: the days would show one person's`),
      );
    }
  }
  return out;
}
