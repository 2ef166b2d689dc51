import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, indicatorById, validateCatalogue } from './catalogue.ts';
import { catalogueMarkdown } from './catalogue-doc.ts';
import { LAYOUTS, measureKey } from './layouts.ts';

describe('statistics catalogue', () => {
  it('has the named indicators of the report', () => {
    for (const id of [
      'gp_patients_substance_per_1000_adults',
      'lar_patients_per_1000_adults',
      'tsb_patients_per_1000_adults',
      'prison_admissions_per_1000_adults',
      'vel_residents_per_1000_adults',
      'child_welfare_children_reported_per_1000_children',
      'staff_years_adults_per_10000',
      'housing_need_households',
      'occupancy_percent',
      'stays_over_normed_length',
    ]) {
      expect(indicatorById(id), id).toBeDefined();
    }
    expect(indicatorById('child_welfare_children_reported_per_1000_children')).toMatchObject({
      denominator: 'population_under_18',
      factor: 'per_1000',
    });
    expect(indicatorById('staff_years_adults_per_10000')).toMatchObject({ factor: 'per_10000', disclosure: 'none' });
  });

  it('gives every measure of every imported table an indicator', () => {
    const measures = new Set(CATALOGUE.map((i) => i.measure));
    const declared = LAYOUTS.flatMap((l) =>
      l.long ? Object.keys(l.long.measures).map((m) => `${l.id}.${measureKey(m)}`) : l.values.map((v) => `${l.id}.${v.measure}`),
    );
    expect(declared.filter((m) => !measures.has(m))).toEqual([]);
  });

  it('refuses a duplicate id, a measure no layout declares, and a computed rate without a population', () => {
    const one = indicatorById('lar_patients_per_1000_adults')!;
    expect(() => validateCatalogue([one, one])).toThrow(/defined twice/);
    expect(() => validateCatalogue([{ ...one, measure: 'key_figures.no_such' }])).toThrow(/no layout declares/);
    expect(() => validateCatalogue([{ ...one, denominator: 'none' }])).toThrow(/not a population/);
    expect(() => validateCatalogue([{ ...one, factor: 'per_million' as never }])).toThrow();
  });

  it('docs/statistics.md carries the generated catalogue (npm run docs:statistics)', () => {
    const doc = readFileSync(new URL('../../docs/statistics.md', import.meta.url), 'utf8');
    const between = /<!-- catalogue:start -->\n([\s\S]*?)\n<!-- catalogue:end -->/.exec(doc);
    expect(between, 'docs/statistics.md lacks the catalogue markers').not.toBeNull();
    expect(between![1], 'regenerate with npm run docs:statistics').toBe(catalogueMarkdown(CATALOGUE));
  });
});
