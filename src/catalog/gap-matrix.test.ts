import { describe, expect, it } from 'vitest';
import { computeGapMatrix, type GapInput } from './gap-matrix.ts';

const offer = (overrides: Partial<GapInput> = {}): GapInput => ({
  id: crypto.randomUUID(),
  name: 'Tilbud',
  ladderStep: 2,
  cityWide: false,
  districts: ['alna'],
  hours: { is24_7: false, rules: [], exceptions: [] },
  arrangement: null,
  ...overrides,
});

const cell = (rows: ReturnType<typeof computeGapMatrix>, district: string, step: number) =>
  rows.find((r) => r.district === district)!.cells.find((c) => c.step === step)!;

describe('computeGapMatrix', () => {
  it('has 15 districts × 7 steps and marks steps with no offer as missing', () => {
    const rows = computeGapMatrix([]);
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.cells.length === 7 && r.missingSteps.length === 7)).toBe(true);
  });

  it('counts city-wide offers in every district and local offers only in their own', () => {
    const rows = computeGapMatrix([offer({ cityWide: true, districts: [], ladderStep: 6 }), offer({ districts: ['alna'], ladderStep: 3 })]);
    expect(cell(rows, 'sagene', 6)).toMatchObject({ cityWide: 1, local: 0 });
    expect(cell(rows, 'alna', 3)).toMatchObject({ local: 1, status: 'hours_unknown' });
    expect(cell(rows, 'sagene', 3).status).toBe('missing');
  });

  it('flags steps covered only on weekdays in office hours', () => {
    const weekday = {
      is24_7: false,
      exceptions: [],
      rules: [{ byday: 'MO' as const, opensAt: '09:00', closesAt: '15:00', validFrom: null, validTo: null, closedOnPublicHolidays: true }],
    };
    const evening = { ...weekday, rules: [{ ...weekday.rules[0]!, closesAt: '21:00' }] };
    expect(cell(computeGapMatrix([offer({ hours: weekday })]), 'alna', 2).status).toBe('office_hours_only');
    expect(cell(computeGapMatrix([offer({ hours: weekday }), offer({ hours: evening })]), 'alna', 2)).toMatchObject({
      status: 'covered',
      outsideOfficeHours: 1,
    });
    expect(cell(computeGapMatrix([offer({ hours: { ...weekday, is24_7: true, rules: [] } })]), 'alna', 2).status).toBe('covered');
  });

  const weekday = {
    is24_7: false,
    exceptions: [],
    rules: [{ byday: 'TU' as const, opensAt: '08:00', closesAt: '15:30', validFrom: null, validTo: null, closedOnPublicHolidays: true }],
  };

  it('never lets an agreement, a contract or a project fill a step', () => {
    const rows = computeGapMatrix([
      offer({ cityWide: true, districts: [], ladderStep: 5, arrangement: 'framework_agreement' }),
      offer({ districts: ['alna'], ladderStep: 5, arrangement: 'procurement_contract' }),
      offer({ districts: ['alna'], ladderStep: 4, arrangement: 'internal_project', hours: { ...weekday, is24_7: true, rules: [] } }),
    ]);
    expect(cell(rows, 'alna', 5)).toMatchObject({ local: 0, cityWide: 0, status: 'missing', serviceIds: [] });
    expect(cell(rows, 'alna', 4).status).toBe('missing');
    expect(rows.find((r) => r.district === 'alna')!.missingSteps).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps a district’s own offers apart from city-wide ones, with a status for each view', () => {
    const rows = computeGapMatrix([
      offer({ cityWide: true, districts: [], ladderStep: 2, hours: { ...weekday, is24_7: true, rules: [] } }),
      offer({ cityWide: true, districts: [], ladderStep: 2 }),
      offer({ districts: ['alna'], ladderStep: 2, hours: weekday }),
      offer({ districts: ['sagene'], ladderStep: 3, hours: weekday }),
    ]);
    const alna = cell(rows, 'alna', 2);
    expect(alna).toMatchObject({ local: 1, cityWide: 2, status: 'covered', outsideOfficeHours: 1, hoursUnknown: 1 });
    // Without the city's services, Alna's own step 2 is open in office hours only.
    expect(alna.own).toEqual({ status: 'office_hours_only', outsideOfficeHours: 0, hoursUnknown: 0 });
    // Sagene has step 2 only through city-wide services: its own step 2 is missing.
    expect(cell(rows, 'sagene', 2)).toMatchObject({ local: 0, cityWide: 2, status: 'covered', own: { status: 'missing' } });
    const sagene = rows.find((r) => r.district === 'sagene')!;
    expect(sagene.missingSteps).toEqual([1, 4, 5, 6, 7]);
    expect(sagene.ownMissingSteps).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it('leaves entries without a ladder step out of every cell', () => {
    const rows = computeGapMatrix([offer({ ladderStep: null, cityWide: true, districts: [] })]);
    expect(rows.every((r) => r.cells.every((c) => c.local + c.cityWide === 0))).toBe(true);
  });
});
