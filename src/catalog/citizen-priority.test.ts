import { describe, expect, it } from 'vitest';
import { byCitizenDependence, priorityTier, type PriorityFacts } from './citizen-priority.ts';
import { contactGaps } from './contact-gaps.ts';

const entry = (name: string, kind: PriorityFacts['kind'], access: PriorityFacts['access'] = null, alternateNames: string[] = []) => ({
  name,
  kind,
  access,
  alternateNames,
});

describe('citizen dependence', () => {
  it('puts crisis services first, then drop-in and low-threshold ones, then the rest by kind and name', () => {
    const list = [
      entry('Østensjø boliger', 'housing_staffed', 'decision'),
      entry('Aktivitetshuset', 'activity_house'),
      entry('Legevakten', 'other'),
      entry('Sprøyteutdeling', 'harm_reduction'),
      entry('Ærlig prat', 'other', 'drop_in'),
      entry('Prindsen', 'institution_acute', 'decision'),
      entry('Avrusning', 'treatment_specialist', 'referral', ['Rusakutten']),
      entry('Åpen kafé', 'other', 'drop_in'),
    ];
    expect([...list].sort(byCitizenDependence).map((e) => e.name)).toEqual([
      'Prindsen',
      'Avrusning',
      'Legevakten',
      'Sprøyteutdeling',
      'Ærlig prat',
      'Åpen kafé',
      'Aktivitetshuset',
      'Østensjø boliger',
    ]);
  });

  it('names the tier', () => {
    expect(priorityTier(entry('Krisesenteret', 'other'))).toBe('crisis');
    expect(priorityTier(entry('Feltpleien', 'low_threshold_health'))).toBe('drop_in');
    expect(priorityTier(entry('Boliger', 'housing_staffed'))).toBe('other');
  });
});

describe('contactGaps', () => {
  const full = { phone: '22 00 00 00', contactPhones: 0, hasAddress: true, url: 'https://x.no', is24_7: false, hasWeeklyHours: true };
  it("names what is missing, and counts a contact person's phone and 24/7 as given", () => {
    expect(contactGaps(full)).toEqual([]);
    expect(contactGaps({ ...full, phone: null, contactPhones: 1 })).toEqual([]);
    expect(contactGaps({ ...full, hasWeeklyHours: false, is24_7: true })).toEqual([]);
    expect(contactGaps({ phone: null, contactPhones: 0, hasAddress: false, url: null, is24_7: false, hasWeeklyHours: false })).toEqual([
      'phone',
      'address',
      'web',
      'hours',
    ]);
  });
});
