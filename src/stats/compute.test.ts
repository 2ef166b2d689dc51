import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../platform/districts.ts';
import { indicatorById } from './catalogue.ts';
import { compareStatements, computeIndicator, rateOf, totalFindings, type StoredObservation } from './compute.ts';
import { layoutById } from './layouts.ts';

const obs = (
  measure: string,
  area: string,
  period: string,
  value: string | null,
  extra: Partial<StoredObservation> = {},
): StoredObservation => ({
  importId: 1,
  measure,
  area,
  areaLabel: DISTRICTS.find((d) => d.slug === area)?.name ?? (area === 'oslo' ? 'Totalt Oslo' : area),
  period,
  variant: '',
  value,
  status: value === null ? 'missing' : 'value',
  valueText: null,
  missingReason: value === null ? 'not reported in the source (empty cell)' : null,
  note: null,
  rowNumber: 2,
  ...extra,
});
/** The same count in every district (and its population). */
const everywhere = (measure: string, period: string, value: number) => DISTRICTS.map((d) => obs(measure, d.slug, period, String(value)));

describe('rates from counts', () => {
  it('is numerator / denominator × factor to one decimal, and none without a population', () => {
    expect(rateOf(378, 40126, 1000)).toBe(9.4);
    expect(rateOf(96, 54601, 10000)).toBe(17.6);
    expect(rateOf(0, 100, 1000)).toBe(0);
    expect(rateOf(5, 0, 1000)).toBeNull();
  });

  it('computes each district and Oslo from the stated Oslo count, keeping numerator and denominator', () => {
    const indicator = indicatorById('lar_patients_per_1000_adults')!;
    const table = computeIndicator({
      indicator,
      layout: layoutById('key_figures')!,
      observations: [...everywhere('key_figures.lar_patients', '2024', 10), obs('key_figures.lar_patients', 'oslo', '2024', '160')],
      population: [
        ...everywhere('population.population_18_plus', '2025', 1000),
        obs('population.population_18_plus', 'oslo', '2025', '16000'),
      ],
    });
    expect(table.areas.at(-1)).toEqual({ id: 'oslo', label: 'Oslo' });
    expect(table.cells[0]).toMatchObject({
      area: 'gamle-oslo',
      value: 10,
      numerator: 10,
      denominator: 1000,
      denominatorPeriod: '2025',
      derivation: 'computed',
    });
    expect(table.cells.at(-1)).toMatchObject({ area: 'oslo', value: 10, numerator: 160, denominator: 16000 });
    // 15 × 10 = 150, not the stated 160: a finding on Oslo, the number stays as published.
    expect(table.findings).toHaveLength(1);
    expect(table.findings[0]).toMatchObject({ kind: 'total_mismatch', area: 'oslo', values: { published: 160, sumOfParts: 150 } });
    expect(table.cells.at(-1)!.findings).toEqual([table.findings[0]!.id]);
  });

  it('sums the districts when the source states no Oslo count, and says why when one district has none', () => {
    const indicator = indicatorById('tsb_patients_per_1000_adults')!;
    const measure = 'key_figures.tsb_unique_patients_outpatient_and_inpatient';
    const population = everywhere('population.population_18_plus', '2025', 1000);
    const full = computeIndicator({
      indicator,
      layout: layoutById('key_figures')!,
      observations: everywhere(measure, '2024', 2),
      population,
    });
    expect(full.cells.at(-1)).toMatchObject({ area: 'oslo', value: 2, numerator: 30, denominator: 15000, derivation: 'sum_of_districts' });
    const gap = computeIndicator({
      indicator,
      layout: layoutById('key_figures')!,
      observations: [...everywhere(measure, '2024', 2).slice(1), obs(measure, 'gamle-oslo', '2024', null)],
      population,
    });
    expect(gap.cells[0]).toMatchObject({
      area: 'gamle-oslo',
      value: null,
      status: 'missing',
      reason: 'not reported in the source (empty cell)',
    });
    expect(gap.cells.at(-1)).toMatchObject({ value: null, status: 'missing', reason: 'no Oslo total: Gamle Oslo has no number for 2024' });
  });
});

describe('published numbers', () => {
  it('keeps published rates and text as published, a zero as 0 and a missing cell as null with its reason', () => {
    const indicator = indicatorById('fig07_gps_per_1000_residents')!;
    const table = computeIndicator({
      indicator,
      layout: layoutById('fig07')!,
      observations: [
        obs('fig07.gps_per_1000_residents', 'alna', '2023', '0.87'),
        obs('fig07.gps_per_1000_residents', 'bjerke', '2023', '0'),
      ],
    });
    const cell = (area: string) => table.cells.find((c) => c.area === area)!;
    expect(cell('alna')).toMatchObject({ value: 0.87, status: 'value', derivation: 'published' });
    expect(cell('bjerke')).toMatchObject({ value: 0, status: 'value' });
    expect(cell('grorud')).toMatchObject({ value: null, status: 'missing', reason: 'not in the published table' });
  });

  it('answers an indicator without any import with one empty cell per area, saying why', () => {
    const table = computeIndicator({
      indicator: indicatorById('stays_over_normed_length')!,
      layout: layoutById('vel_stays')!,
      observations: [],
    });
    expect(table.periods).toEqual(['unspecified']);
    expect(table.cells).toEqual([
      expect.objectContaining({ area: 'oslo', value: null, status: 'missing', reason: 'no import of this table yet' }),
    ]);
  });
});

describe('data-quality findings', () => {
  it('checks a total against its parts through the districts total and the agencies (Figur 59, 2019)', () => {
    const m = 'fig59.staff_years';
    const districts = DISTRICTS.map((d, i) => obs(m, d.slug, '2019', String(i === 0 ? 70 : 66.6)));
    const sum = 70 + 14 * 66.6;
    const findings = totalFindings('x', [
      ...districts,
      obs(m, 'districts_total', '2019', String(Math.round(sum)), { areaLabel: 'Totalt bydel' }),
      obs(m, 'entity:velferdsetaten', '2019', '470'),
      obs(m, 'oslo', '2019', String(Math.round(sum) + 470)),
    ]);
    expect(findings.map((f) => [f.area, f.kind])).toEqual([['districts_total', 'total_mismatch']]);
    expect(findings[0]!.message.en).toContain('«Totalt bydel» 2019 is 1,002 as published; its 15 parts sum to 1,002.4.');
  });

  it('checks a total with cells suppressed at source against the 0–4 each can be', () => {
    const m = 'fig10.g3_small_house_no_staff_base_screened';
    const parts = DISTRICTS.map((d) => obs(m, d.slug, '2024', null, { status: 'suppressed_at_source', missingReason: null }));
    expect(totalFindings('x', [...parts, obs(m, 'oslo', '2024', '10')])).toEqual([]);
    expect(totalFindings('x', [...parts, obs(m, 'oslo', '2024', '61')])[0]).toMatchObject({
      kind: 'bounds_mismatch',
      values: { lowest: 0, highest: 60 },
    });
  });

  it('tells a scale error from a disagreement and from agreement within the published rounding', () => {
    const base = {
      id: 'f',
      area: 'gamle-oslo',
      areaLabel: 'Gamle Oslo',
      period: '2023',
      oursLabel: { nb: 'a', en: 'a' },
      oursFactor: 'per_10000' as const,
    };
    const stated = (value: string, variant: string) => obs('m', 'gamle-oslo', '2023', value, { variant });
    expect(compareStatements({ ...base, ours: 17.6, other: stated('18', 'kap. 3'), otherFactor: 'per_10000' })).toBeNull();
    expect(compareStatements({ ...base, ours: 17.6, other: stated('1.8', 'Figur 2'), otherFactor: 'per_10000' })).toMatchObject({
      kind: 'scale_mismatch',
      message: {
        en:
          'Gamle Oslo 2023: Figur 2 gives 1.8 labelled per 10,000; ' +
          'the counts give 17.6 per 10,000, so the published number is per 1,000.',
      },
    });
    expect(compareStatements({ ...base, ours: 17.6, other: stated('1.8', 'kap. 2'), otherFactor: 'per_1000' })).toBeNull();
    expect(compareStatements({ ...base, ours: 17.6, other: stated('25', 'kap. 16'), otherFactor: 'per_10000' })).toMatchObject({
      kind: 'source_disagreement',
    });
    expect(
      compareStatements({ ...base, oursFactor: 'count', ours: 299, other: stated('399', 'kap. 3 text'), otherFactor: 'count' }),
    ).toMatchObject({
      kind: 'source_disagreement',
      values: { value: 299, otherStatement: 399 },
    });
  });
});
