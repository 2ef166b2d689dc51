import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  agreementPeriod,
  comparableUnits,
  daysBetween,
  osloEndOfDay,
  qualityOfLifeProblem,
  stayRequestProblem,
  taskAgeBucket,
  type UnitProfile,
} from './transitions-rules.ts';

const H = 3_600_000;

describe('addWorkingDays', () => {
  it('skips the weekend: two working days after a Thursday evening is the Monday evening', () => {
    expect(addWorkingDays(new Date('2026-12-03T19:00:00Z'), 2).toISOString()).toBe('2026-12-07T19:00:00.000Z');
    expect(addWorkingDays(new Date('2026-12-05T10:00:00Z'), 2).toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(addWorkingDays(new Date('2026-12-01T10:00:00Z'), 2).toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });
  it('never lands on a Saturday or Sunday in Oslo, and is at least the number of days later', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10 }),
        (at, n) => {
          const due = addWorkingDays(at, n);
          const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', weekday: 'short' }).format(due);
          expect(['Sat', 'Sun']).not.toContain(day);
          expect(due.getTime() - at.getTime()).toBeGreaterThanOrEqual(n * 24 * H);
        },
      ),
    );
  });
});

describe('taskAgeBucket', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const created = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * H);
  const later = new Date(now.getTime() + H);
  it('groups by age: under 24 hours, 1–3 days, over 3 days', () => {
    expect(taskAgeBucket({ createdAt: created(23), deadline: later }, now)).toBe('under_24h');
    expect(taskAgeBucket({ createdAt: created(24), deadline: later }, now)).toBe('one_to_three_days');
    expect(taskAgeBucket({ createdAt: created(72), deadline: later }, now)).toBe('one_to_three_days');
    expect(taskAgeBucket({ createdAt: created(73), deadline: later }, now)).toBe('over_three_days');
  });
  it('puts a task past its deadline in overdue, whatever its age', () => {
    expect(taskAgeBucket({ createdAt: created(1), deadline: now }, now)).toBe('overdue');
    expect(taskAgeBucket({ createdAt: created(100), deadline: created(2) }, now)).toBe('overdue');
  });
});

describe('osloEndOfDay', () => {
  it('is midnight in Oslo, in winter (UTC+1) and summer (UTC+2)', () => {
    expect(osloEndOfDay('2026-12-03').toISOString()).toBe('2026-12-03T23:00:00.000Z');
    expect(osloEndOfDay('2026-07-01').toISOString()).toBe('2026-07-01T22:00:00.000Z');
    expect(osloEndOfDay('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(osloEndOfDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('stay requests under a user-controlled agreement', () => {
  const agreement = { nightsPerStay: 3, staysPerPeriod: 2, periodDays: 30, validFrom: '2026-12-01', validTo: '2027-05-31' };
  const ctx = { today: '2026-12-03', grantedInPeriod: 0 };
  it('accepts a stay within the limits', () => {
    expect(stayRequestProblem(agreement, { from: '2026-12-03', to: '2026-12-06' }, ctx)).toBeNull();
  });
  it('names the field that is outside the limits', () => {
    expect(stayRequestProblem(agreement, { from: '2026-12-03', to: '2026-12-07' }, ctx)?.field).toBe('to');
    expect(stayRequestProblem(agreement, { from: '2026-12-03', to: '2026-12-03' }, ctx)?.field).toBe('to');
    expect(stayRequestProblem(agreement, { from: '2026-12-02', to: '2026-12-04' }, ctx)?.field).toBe('from');
    expect(stayRequestProblem(agreement, { from: '2026-12-11', to: '2026-12-12' }, ctx)?.field).toBe('from');
    expect(stayRequestProblem(agreement, { from: '2026-12-03', to: '2026-12-04' }, { ...ctx, grantedInPeriod: 2 })?.message).toMatch(
      /2 stays per 30 days are used in the period 2026-12-01 to 2026-12-30/,
    );
    const ending = { ...agreement, validTo: '2026-12-04' };
    expect(stayRequestProblem(ending, { from: '2026-12-04', to: '2026-12-05' }, ctx)).toBeNull();
    expect(stayRequestProblem(ending, { from: '2026-12-04', to: '2026-12-06' }, ctx)?.field).toBe('to');
  });
  it('counts periods from the first day of the agreement', () => {
    expect(agreementPeriod(agreement, '2026-12-01')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(agreementPeriod(agreement, '2026-12-31')).toEqual({ start: '2026-12-31', end: '2027-01-30' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (offset) => {
        const day = new Date(Date.parse('2026-12-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
        const p = agreementPeriod(agreement, day);
        expect(p.start <= day && day < p.end).toBe(true);
        expect(daysBetween(p.start, p.end)).toBe(30);
      }),
    );
  });
});

describe('comparableUnits', () => {
  const unit = (id: string, o: Partial<UnitProfile> = {}): UnitProfile => ({
    id,
    name: id,
    category: 'resource_centre',
    substancePolicy: 'drug_free',
    gender: 'any',
    free: 3,
    ...o,
  });
  it('offers units of the same category and setting with a free place, most free first', () => {
    const original = unit('a', { free: 0 });
    const found = comparableUnits(original, [
      original,
      unit('b', { free: 1 }),
      unit('c', { free: 5 }),
      unit('d', { free: 0 }),
      unit('e', { substancePolicy: 'active_use' }),
      unit('f', { category: 'coping' }),
    ]);
    expect(found.map((u) => u.id)).toEqual(['c', 'b']);
  });
  it('keeps a women’s unit’s alternatives to units for women or for anyone', () => {
    const original = unit('w', { gender: 'women', free: 0 });
    expect(
      comparableUnits(original, [unit('any'), unit('men', { gender: 'men' }), unit('w2', { gender: 'women' })]).map((u) => u.id),
    ).toEqual(['any', 'w2']);
  });
  it('offers nothing when the unit’s category is unknown', () => {
    expect(comparableUnits(unit('x', { category: null }), [unit('y', { category: null })])).toEqual([]);
  });
});

describe('qualityOfLifeProblem', () => {
  it('holds districts to 1–7 and institutions to 1–5, and a declined answer to no score', () => {
    expect(qualityOfLifeProblem('district', 7, false)).toBeNull();
    expect(qualityOfLifeProblem('institution', 5, false)).toBeNull();
    expect(qualityOfLifeProblem('institution', 6, false)).toMatch(/1 to 5/);
    expect(qualityOfLifeProblem('district', 0, false)).toMatch(/1 to 7/);
    expect(qualityOfLifeProblem('district', null, true)).toBeNull();
    expect(qualityOfLifeProblem('district', 3, true)).toMatch(/declined/);
    expect(qualityOfLifeProblem('district', null, false)).toMatch(/required/);
  });
});
