import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  hasEveningHours,
  hasWeekendHours,
  isOfficeHoursOnly,
  isOpenAt,
  isPublicHoliday,
  toOsloMoment,
  WEEKDAYS,
  type OpeningHours,
  type WeeklyRule,
} from './opening-hours.ts';

const rule = (overrides: Partial<WeeklyRule> = {}): WeeklyRule => ({
  byday: 'MO',
  opensAt: '09:00',
  closesAt: '15:00',
  validFrom: null,
  validTo: null,
  closedOnPublicHolidays: true,
  ...overrides,
});

const hours = (rules: WeeklyRule[], extra: Partial<OpeningHours> = {}): OpeningHours => ({
  is24_7: false,
  rules,
  exceptions: [],
  ...extra,
});

/** An instant given as Oslo wall-clock time with its UTC offset (+01:00 winter, +02:00 summer). */
const at = (iso: string) => new Date(iso);

describe('toOsloMoment', () => {
  it('reads Oslo local time in winter (UTC+1) and summer (UTC+2)', () => {
    expect(toOsloMoment(at('2026-01-12T08:30:00Z'))).toEqual({ date: '2026-01-12', weekday: 'MO', minutes: 9 * 60 + 30 });
    expect(toOsloMoment(at('2026-07-13T08:30:00Z'))).toEqual({ date: '2026-07-13', weekday: 'MO', minutes: 10 * 60 + 30 });
  });

  it('moves to the next local date before UTC midnight', () => {
    expect(toOsloMoment(at('2026-01-11T23:30:00Z'))).toMatchObject({ date: '2026-01-12', weekday: 'MO', minutes: 30 });
  });
});

describe('public holidays', () => {
  it('computes Easter Sunday for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('knows the moving and fixed Norwegian holidays', () => {
    for (const date of [
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-17',
      '2026-05-24',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]) {
      expect(isPublicHoliday(date), date).toBe(true);
    }
    expect(isPublicHoliday('2026-12-24')).toBe(false);
    expect(isPublicHoliday('2026-04-04')).toBe(false);
  });
});

describe('isOpenAt', () => {
  it('is open inside a weekday opening and closed at the closing minute', () => {
    const h = hours([rule()]);
    expect(isOpenAt(h, at('2026-01-12T09:00:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-01-12T14:59:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-01-12T15:00:00+01:00'))).toBe(false);
    expect(isOpenAt(h, at('2026-01-12T08:59:00+01:00'))).toBe(false);
    expect(isOpenAt(h, at('2026-01-13T10:00:00+01:00'))).toBe(false);
  });

  it('keeps a Saturday night opening open past midnight into Sunday', () => {
    const h = hours([rule({ byday: 'SA', opensAt: '22:00', closesAt: '02:00' })]);
    expect(isOpenAt(h, at('2026-01-17T23:30:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-01-18T01:59:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-01-18T02:00:00+01:00'))).toBe(false);
    expect(isOpenAt(h, at('2026-01-17T21:59:00+01:00'))).toBe(false);
  });

  it('treats closing at 00:00 as midnight', () => {
    const h = hours([rule({ byday: 'FR', opensAt: '18:00', closesAt: '00:00' })]);
    expect(isOpenAt(h, at('2026-01-16T23:59:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-01-17T00:00:00+01:00'))).toBe(false);
  });

  it('is always open when 24/7, even on public holidays', () => {
    const h = hours([], { is24_7: true });
    expect(isOpenAt(h, at('2026-12-25T03:00:00+01:00'))).toBe(true);
  });

  it('closes on public holidays unless the rule says it stays open', () => {
    // 2026-05-14 is Ascension Day, a Thursday.
    const closing = hours([rule({ byday: 'TH' })]);
    const staying = hours([rule({ byday: 'TH', closedOnPublicHolidays: false })]);
    expect(isOpenAt(closing, at('2026-05-14T10:00:00+02:00'))).toBe(false);
    expect(isOpenAt(staying, at('2026-05-14T10:00:00+02:00'))).toBe(true);
    expect(isOpenAt(closing, at('2026-05-21T10:00:00+02:00'))).toBe(true);
  });

  it('cancels the whole past-midnight opening when it starts on a holiday', () => {
    // 2026-12-25 is a Friday.
    const h = hours([rule({ byday: 'FR', opensAt: '20:00', closesAt: '04:00' })]);
    expect(isOpenAt(h, at('2026-12-26T01:00:00+01:00'))).toBe(false);
    expect(isOpenAt(h, at('2027-01-09T01:00:00+01:00'))).toBe(true); // an ordinary Friday night
  });

  it('lets a dated exception close a day or give it other hours', () => {
    const base = [rule({ byday: 'MO' })];
    const closed = hours(base, { exceptions: [{ date: '2026-01-12', closed: true, opensAt: null, closesAt: null }] });
    const special = hours(base, { exceptions: [{ date: '2026-01-12', closed: false, opensAt: '12:00', closesAt: '13:00' }] });
    expect(isOpenAt(closed, at('2026-01-12T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(special, at('2026-01-12T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(special, at('2026-01-12T12:30:00+01:00'))).toBe(true);
    expect(isOpenAt(closed, at('2026-01-19T10:00:00+01:00'))).toBe(true);
  });

  it('respects validity dates', () => {
    const h = hours([rule({ validFrom: '2026-02-01', validTo: '2026-02-28' })]);
    expect(isOpenAt(h, at('2026-01-26T10:00:00+01:00'))).toBe(false);
    expect(isOpenAt(h, at('2026-02-02T10:00:00+01:00'))).toBe(true);
    expect(isOpenAt(h, at('2026-03-02T10:00:00+01:00'))).toBe(false);
  });

  it('follows the wall clock across the spring DST change', () => {
    // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST.
    const h = hours([rule({ byday: 'SU', opensAt: '03:00', closesAt: '04:00', closedOnPublicHolidays: false })]);
    expect(isOpenAt(h, at('2026-03-29T00:59:00Z'))).toBe(false); // 01:59 CET
    expect(isOpenAt(h, at('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
    expect(isOpenAt(h, at('2026-03-29T02:00:00Z'))).toBe(false); // 04:00 CEST
  });

  it('is open during both 02:30s of the autumn DST change', () => {
    // 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET; 02:30 happens twice.
    const h = hours([rule({ byday: 'SU', opensAt: '02:00', closesAt: '03:00', closedOnPublicHolidays: false })]);
    expect(isOpenAt(h, at('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isOpenAt(h, at('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isOpenAt(h, at('2026-10-25T02:30:00Z'))).toBe(false); // 03:30 CET
  });

  // Reference model: minute of the week, wrapping around Sunday night, valid only without
  // holidays, exceptions and validity dates.
  const minuteOfWeek = (instant: Date) => {
    const m = toOsloMoment(instant);
    return WEEKDAYS.indexOf(m.weekday) * 1440 + m.minutes;
  };
  const inRule = (r: WeeklyRule, minute: number) => {
    const start = WEEKDAYS.indexOf(r.byday) * 1440 + Number(r.opensAt.slice(0, 2)) * 60 + Number(r.opensAt.slice(3));
    let length = Number(r.closesAt.slice(0, 2)) * 60 + Number(r.closesAt.slice(3)) - (start % 1440);
    if (length <= 0) length += 1440;
    const offset = (minute - start + 7 * 1440) % (7 * 1440);
    return offset < length;
  };
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const arbitraryRule = fc.record({
    byday: fc.constantFrom(...WEEKDAYS),
    opensAt: time,
    closesAt: time,
    validFrom: fc.constant(null),
    validTo: fc.constant(null),
    closedOnPublicHolidays: fc.constant(false),
  });

  it('agrees with a minute-of-the-week model for any weekly rules (property)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryRule, { maxLength: 4 }),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        (rules, instant) => {
          const expected = rules.some((r) => inRule(r, minuteOfWeek(instant)));
          expect(isOpenAt(hours(rules), instant)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never opens without rules and always opens 24/7 (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          expect(isOpenAt(hours([]), instant)).toBe(false);
          expect(isOpenAt(hours([], { is24_7: true }), instant)).toBe(true);
        },
      ),
    );
  });
});

describe('derived hour flags', () => {
  it('sees evening, weekend and office-hours-only openings', () => {
    expect(hasEveningHours(hours([rule({ closesAt: '17:30' })]))).toBe(true);
    expect(hasEveningHours(hours([rule({ opensAt: '22:00', closesAt: '02:00' })]))).toBe(true);
    expect(hasEveningHours(hours([rule()]))).toBe(false);
    expect(hasWeekendHours(hours([rule({ byday: 'SU' })]))).toBe(true);
    expect(hasWeekendHours(hours([rule()]))).toBe(false);
    expect(isOfficeHoursOnly(hours([rule(), rule({ byday: 'FR', opensAt: '08:00', closesAt: '16:00' })]))).toBe(true);
    expect(isOfficeHoursOnly(hours([rule({ closesAt: '19:00' })]))).toBe(false);
    expect(isOfficeHoursOnly(hours([]))).toBe(false);
  });
});
