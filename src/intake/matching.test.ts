import { describe, expect, it } from 'vitest';
import { areNeighbours, isSuitable, POINTS, rankUnits, type MatchNeeds, type MatchUnit } from './matching.ts';

const needs = (over: Partial<MatchNeeds> = {}): MatchNeeds => ({
  category: 'assessment',
  substance: 'drug_free',
  gender: 'woman',
  age: 40,
  somaticCare: false,
  homeDistrict: 'alna',
  preferredUnits: [],
  ...over,
});
const unit = (over: Partial<MatchUnit> = {}): MatchUnit => ({
  id: 'u',
  name: 'Enhet',
  open: true,
  category: 'assessment',
  substancePolicy: 'drug_free',
  gender: 'any',
  somaticCare: null,
  district: null,
  minAge: null,
  maxAge: null,
  free: 3,
  ...over,
});
const TODAY = '2026-12-03';
const codes = (reasons: { code: string }[]) => reasons.map((r) => r.code);

describe('matching a request to units', () => {
  it('puts units of another category, policy, gender, age or without somatic care apart, each with why', () => {
    const units = [
      unit({ id: 'cat', name: 'A', category: 'acute' }),
      unit({ id: 'sub', name: 'B', substancePolicy: 'active_use' }),
      unit({ id: 'men', name: 'C', gender: 'men' }),
      unit({ id: 'age', name: 'D', maxAge: 30 }),
      unit({ id: 'som', name: 'E', somaticCare: false }),
      unit({ id: 'shut', name: 'F', open: false }),
    ];
    const { suitable, unsuitable } = rankUnits(needs({ somaticCare: true }), units, [], TODAY);
    expect(suitable).toEqual([]);
    expect(unsuitable.map((u) => [u.unitId, codes(u.reasons)])).toEqual([
      ['cat', ['category']],
      ['sub', ['substance']],
      ['men', ['gender']],
      ['age', ['age']],
      ['som', ['somatic']],
      ['shut', ['closed']],
    ]);
    for (const u of unsuitable) for (const r of u.reasons) expect(r.nb.length * r.en.length).toBeGreaterThan(0);
  });

  it('puts a unit the person is barred from apart while the bar applies, and not after it', () => {
    const bar = { unitId: 'u', from: '2026-12-01', until: '2026-12-10', reason: 'Vold mot ansatt' };
    const during = rankUnits(needs(), [unit()], [bar], TODAY);
    expect(during.unsuitable[0]?.reasons[0]).toMatchObject({
      code: 'barred',
      en: expect.stringContaining('until 2026-12-10: Vold mot ansatt'),
    });
    expect(isSuitable(needs(), unit(), [bar], '2026-12-10')).toBe(false);
    expect(isSuitable(needs(), unit(), [bar], '2026-12-11')).toBe(true);
    expect(isSuitable(needs(), unit(), [{ ...bar, until: null }], '2030-01-01')).toBe(false);
    expect(isSuitable(needs(), unit(), [{ ...bar, unitId: 'other' }], TODAY)).toBe(true);
  });

  it('ranks the preferred unit, then free places, then the home district, then neighbours, and sums the points', () => {
    const units = [
      unit({ id: 'far', name: 'Fjern', district: 'ullern' }),
      unit({ id: 'full', name: 'Full', free: 0 }),
      unit({ id: 'home', name: 'Hjemme', district: 'alna' }),
      unit({ id: 'next', name: 'Naboen', district: 'grorud' }),
      unit({ id: 'pref', name: 'Ønsket', district: 'ullern' }),
    ];
    const { suitable, unsuitable } = rankUnits(needs({ preferredUnits: ['pref'] }), units, [], TODAY);
    expect(unsuitable).toEqual([]);
    expect(suitable.map((u) => u.unitId)).toEqual(['pref', 'home', 'next', 'far', 'full']);
    expect(suitable.find((u) => u.unitId === 'home')?.score).toBe(POINTS.freeNow + POINTS.homeDistrict);
    expect(suitable.find((u) => u.unitId === 'full')?.reasons).toContainEqual(
      expect.objectContaining({ code: 'free', points: POINTS.noneFree }),
    );
  });

  it('counts what a unit does not state against it, without refusing it', () => {
    const vague = unit({ category: null, substancePolicy: null, gender: null, somaticCare: null });
    const [ranked] = rankUnits(needs({ somaticCare: true }), [vague], [], TODAY).suitable;
    expect(codes(ranked!.reasons.filter((r) => r.points < 0))).toEqual(['category', 'substance', 'gender', 'somatic']);
    expect(ranked!.score).toBe(
      POINTS.freeNow + POINTS.categoryUnknown + POINTS.substanceUnknown + POINTS.genderUnknown + POINTS.somaticUnknown,
    );
  });

  it('lets a request for either setting match drug-free and active-use units alike', () => {
    expect(isSuitable(needs({ substance: 'either' }), unit({ substancePolicy: 'active_use' }), [], TODAY)).toBe(true);
    expect(isSuitable(needs({ substance: 'either' }), unit({ substancePolicy: 'drug_free' }), [], TODAY)).toBe(true);
  });

  it('calls districts neighbours when their tiles touch, and never a district its own neighbour', () => {
    expect(areNeighbours('alna', 'grorud')).toBe(true);
    expect(areNeighbours('grorud', 'alna')).toBe(true);
    expect(areNeighbours('alna', 'ullern')).toBe(false);
    expect(areNeighbours('alna', 'alna')).toBe(false);
    expect(areNeighbours('alna', 'nowhere')).toBe(false);
  });
});
