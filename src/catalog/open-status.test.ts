import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openStatus, openStatusText, openStatusView, type WallTime } from './open-status.ts';
import { isOpenAt, toOsloMoment, WEEKDAYS, type OpeningHours, type WeeklyRule } from './opening-hours.ts';

const rule = (byday: WeeklyRule['byday'], opensAt: string, closesAt: string, extra: Partial<WeeklyRule> = {}): WeeklyRule => ({
  byday,
  opensAt,
  closesAt,
  validFrom: null,
  validTo: null,
  closedOnPublicHolidays: true,
  ...extra,
});
const hours = (rules: WeeklyRule[], extra: Partial<OpeningHours> = {}): OpeningHours => ({
  is24_7: false,
  rules,
  exceptions: [],
  ...extra,
});
const weekdays = (opensAt: string, closesAt: string) => (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((d) => rule(d, opensAt, closesAt));

/** The instant an Oslo wall-clock time names (either one in the autumn's repeated hour); null inside the spring gap. */
function osloInstant(date: string, time: string): Date | null {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  for (const offset of [1, 2]) {
    const candidate = new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - offset * 60) * 60_000);
    const m = toOsloMoment(candidate);
    if (m.date === date && m.minutes === minutes) return candidate;
  }
  return null;
}
const instantOf = (t: WallTime) => (t.time === '24:00' ? osloInstant(addOne(t.date), '00:00') : osloInstant(t.date, t.time));
const addOne = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const text = (h: OpeningHours, iso: string, lang: 'nb' | 'en' = 'nb') => openStatusText(openStatus(h, new Date(iso)), lang);

describe('openStatus and its text', () => {
  // 2026-01-12 is a Monday; Oslo is UTC+1 in January.
  it('says open now and when it closes', () => {
    expect(text(hours(weekdays('08:00', '16:00')), '2026-01-12T09:00:00Z')).toBe('Åpent nå · stenger 16:00');
    expect(text(hours(weekdays('08:00', '16:00')), '2026-01-12T09:00:00Z', 'en')).toBe('Open now · closes 16:00');
  });

  it('says closed and when it opens: later today, tomorrow, on a weekday, or on a date', () => {
    const h = hours(weekdays('08:00', '16:00'));
    expect(text(h, '2026-01-12T05:00:00Z')).toBe('Stengt · åpner 08:00');
    expect(text(h, '2026-01-12T17:00:00Z')).toBe('Stengt · åpner i morgen 08:00');
    expect(text(h, '2026-01-16T17:00:00Z')).toBe('Stengt · åpner mandag 08:00');
    expect(text(h, '2026-01-16T17:00:00Z', 'en')).toBe('Closed · opens Monday 08:00');
    const christmas = hours([rule('MO', '10:00', '12:00')], {
      exceptions: [{ date: '2026-01-19', closed: true, opensAt: null, closesAt: null }],
    });
    // Monday 12 January after closing: the next Monday is closed, so the one after.
    expect(text(christmas, '2026-01-12T12:00:00Z')).toBe('Stengt · åpner 26. januar 10:00');
    expect(text(christmas, '2026-01-12T12:00:00Z', 'en')).toBe('Closed · opens 26 January 10:00');
  });

  it('says round the clock and unknown hours plainly', () => {
    expect(text(hours([], { is24_7: true }), '2026-01-12T03:00:00Z')).toBe('Døgnåpent');
    expect(text(hours([]), '2026-01-12T03:00:00Z')).toBe('Åpningstider ikke oppgitt');
    expect(text(hours([]), '2026-01-12T03:00:00Z', 'en')).toBe('Opening hours not given');
  });

  it('follows an opening past midnight, and a closing at midnight reads 24:00', () => {
    const night = hours([rule('FR', '20:00', '03:00')]);
    expect(text(night, '2026-01-16T22:00:00Z')).toBe('Åpent nå · stenger 03:00'); // Friday 23:00
    expect(text(night, '2026-01-17T01:00:00Z')).toBe('Åpent nå · stenger 03:00'); // Saturday 02:00
    expect(text(hours([rule('MO', '18:00', '00:00')]), '2026-01-12T18:00:00Z')).toBe('Åpent nå · stenger 24:00');
  });

  it('joins openings that touch, so a closing is the real one', () => {
    const split = hours([rule('MO', '08:00', '12:00'), rule('MO', '12:00', '20:00')]);
    expect(text(split, '2026-01-12T10:00:00Z')).toBe('Åpent nå · stenger 20:00');
    const weekend = hours([rule('SA', '10:00', '00:00'), rule('SU', '00:00', '23:00'), rule('SU', '23:00', '09:00')]);
    expect(text(weekend, '2026-01-17T12:00:00Z')).toBe('Åpent nå · stenger mandag 09:00');
  });

  it('respects public holidays and dated exceptions', () => {
    // 2026-05-01 (a Friday) is a public holiday.
    expect(text(hours(weekdays('08:00', '16:00')), '2026-05-01T08:00:00Z')).toBe('Stengt · åpner mandag 08:00');
    const late = hours(weekdays('08:00', '16:00'), {
      exceptions: [{ date: '2026-01-12', closed: false, opensAt: '12:00', closesAt: '14:00' }],
    });
    expect(text(late, '2026-01-12T09:00:00Z')).toBe('Stengt · åpner 12:00');
  });

  it('reads summer time correctly on the days the clocks change', () => {
    // 29 March 2026: clocks go from 02:00 to 03:00. 06:30Z is 08:30 summer time (07:30 if read as winter time).
    const sunday = hours([rule('SU', '08:00', '16:00', { closedOnPublicHolidays: false })]);
    expect(text(sunday, '2026-03-29T06:30:00Z')).toBe('Åpent nå · stenger 16:00');
    expect(text(sunday, '2026-03-29T05:30:00Z')).toBe('Stengt · åpner 08:00');
    // 25 October 2026: clocks go back from 03:00 to 02:00. 07:30Z is 08:30 winter time.
    expect(text(sunday, '2026-10-25T07:30:00Z')).toBe('Åpent nå · stenger 16:00');
    expect(text(sunday, '2026-10-25T06:30:00Z')).toBe('Stengt · åpner 08:00');
  });

  it('gives the line in both languages with the status', () => {
    expect(openStatusView(hours([], { is24_7: true }), new Date())).toEqual({
      state: 'always',
      text: { nb: 'Døgnåpent', en: 'Open 24/7' },
    });
  });
});

describe('openStatus laws', () => {
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const arbitraryRule = fc
    .record({ byday: fc.constantFrom(...WEEKDAYS), opensAt: time, closesAt: time, closedOnPublicHolidays: fc.boolean() })
    .filter((r) => r.opensAt !== r.closesAt)
    .map((r) => rule(r.byday, r.opensAt, r.closesAt, { closedOnPublicHolidays: r.closedOnPublicHolidays }));
  const arbitraryHours = fc.array(arbitraryRule, { minLength: 1, maxLength: 5 }).map((rules) => hours(rules));
  const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
  const runs = { numRuns: 400 };

  it('is open exactly when isOpenAt says so', () => {
    fc.assert(
      fc.property(arbitraryHours, instant, (h, at) => {
        expect(openStatus(h, at).state === 'open').toBe(isOpenAt(h, at));
      }),
      runs,
    );
  });

  it('is open at the opening it names and at no minute before it', () => {
    fc.assert(
      fc.property(arbitraryHours, instant, fc.double({ min: 0, max: 1, noNaN: true }), (h, at, fraction) => {
        const s = openStatus(h, at);
        if (s.state !== 'closed' || !s.opens) return;
        const opens = instantOf(s.opens);
        fc.pre(opens !== null);
        expect(isOpenAt(h, opens)).toBe(true);
        const between = new Date(at.getTime() + Math.floor((opens.getTime() - at.getTime()) * fraction));
        if (between < opens && toOsloMoment(between).minutes !== toOsloMoment(opens).minutes) expect(isOpenAt(h, between)).toBe(false);
      }),
      runs,
    );
  });

  it('is open until the minute it names as closing, and closed at it', () => {
    fc.assert(
      fc.property(arbitraryHours, instant, (h, at) => {
        const s = openStatus(h, at);
        if (s.state !== 'open' || !s.closes) return;
        const closes = instantOf(s.closes);
        fc.pre(closes !== null);
        expect(isOpenAt(h, closes)).toBe(false);
        expect(isOpenAt(h, new Date(closes.getTime() - 60_000))).toBe(true);
      }),
      runs,
    );
  });
});
