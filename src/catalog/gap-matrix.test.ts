import { describe, expect, it } from 'vitest';
import { computeGapMatrix, type GapInput } from './gap-matrix.ts';

const offer = (overrides: Partial<GapInput> = {}): GapInput => ({
  id: crypto.randomUUID(),
  name: 'Tilbud',
  ladderStep: 2,
  cityWide: false,
  districts: ['alna'],
  hours: { is24_7: false, rules: [], exceptions: [] },
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
});
