import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  dischargeCounters,
  earliestReceiveOn,
  osloDate,
  osloMidnight,
  paymentAlertDueAt,
  paymentStartsAt,
} from './discharge-ready-rules.ts';

const at = (iso: string) => new Date(iso);
// Wednesday 2 December 2026, Oslo winter time (UTC+1).
const notifiedAt = at('2026-12-02T09:00:00+01:00');
const readyAt = at('2026-12-02T08:00:00+01:00');

describe('Oslo days', () => {
  it('takes the date in Oslo, not in UTC, around midnight', () => {
    expect(osloDate(at('2026-12-02T23:30:00Z'))).toBe('2026-12-03');
    expect(osloDate(at('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });

  it('finds Oslo midnight in winter and summer time, and on the days the clocks change', () => {
    expect(osloMidnight('2026-12-03').toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(osloMidnight('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(osloMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(osloMidnight('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });

  it('adds and counts days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});

describe('payment days (from and including the notification day, when the district cannot receive)', () => {
  it('counts the notification day itself as the first payment day once the district says it cannot receive', () => {
    const c = dischargeCounters({ readyAt, notifiedAt, answer: { canReceive: false }, now: at('2026-12-02T15:00:00+01:00') });
    expect(c).toEqual({ daysSinceReady: 0, paymentDays: 1, paymentFrom: '2026-12-02' });
  });

  it('counts every day through today while the district cannot receive', () => {
    const c = dischargeCounters({ readyAt, notifiedAt, answer: { canReceive: false }, now: at('2026-12-05T10:00:00+01:00') });
    expect(c).toEqual({ daysSinceReady: 3, paymentDays: 4, paymentFrom: '2026-12-02' });
  });

  it('owes nothing when the district receives the patient on the notification day', () => {
    const answer = { canReceive: true, receiveOn: '2026-12-02' } as const;
    const c = dischargeCounters({ readyAt, notifiedAt, answer, now: at('2026-12-09T10:00:00+01:00') });
    expect(c).toEqual({ daysSinceReady: 0, paymentDays: 0, paymentFrom: null });
  });

  it('owes the days before the day the district can receive the patient, and stops counting then', () => {
    const answer = { canReceive: true, receiveOn: '2026-12-04' } as const;
    expect(dischargeCounters({ readyAt, notifiedAt, answer, now: at('2026-12-02T12:00:00+01:00') }).paymentDays).toBe(1);
    expect(dischargeCounters({ readyAt, notifiedAt, answer, now: at('2026-12-03T12:00:00+01:00') }).paymentDays).toBe(2);
    const after = dischargeCounters({ readyAt, notifiedAt, answer, now: at('2026-12-20T12:00:00+01:00') });
    expect(after).toEqual({ daysSinceReady: 2, paymentDays: 2, paymentFrom: '2026-12-02' });
  });

  it('owes nothing for an unanswered notification until the notification day ends, then from and including it', () => {
    const before = dischargeCounters({ readyAt, notifiedAt, answer: null, now: at('2026-12-02T23:59:00+01:00') });
    expect(before).toEqual({ daysSinceReady: 0, paymentDays: 0, paymentFrom: null });
    const after = dischargeCounters({ readyAt, notifiedAt, answer: null, now: at('2026-12-03T00:00:00+01:00') });
    expect(after).toEqual({ daysSinceReady: 1, paymentDays: 2, paymentFrom: '2026-12-02' });
  });

  it('counts from the notification day, not the earlier day the patient was ready (a late notice costs the district nothing)', () => {
    const early = at('2026-11-28T10:00:00+01:00');
    const c = dischargeCounters({ readyAt: early, notifiedAt, answer: { canReceive: false }, now: at('2026-12-02T12:00:00+01:00') });
    expect(c).toEqual({ daysSinceReady: 4, paymentDays: 1, paymentFrom: '2026-12-02' });
  });

  it('counts a notification late in the evening by its Oslo day, not its UTC day', () => {
    const late = at('2026-12-02T23:30:00+01:00'); // 22:30 UTC
    const c = dischargeCounters({ readyAt: late, notifiedAt: late, answer: { canReceive: false }, now: at('2026-12-03T00:30:00+01:00') });
    expect(c.paymentFrom).toBe('2026-12-02');
    expect(c.paymentDays).toBe(2);
  });
});

describe('the payment alert', () => {
  it('is due two hours after the notification when that is well before the day ends', () => {
    expect(paymentStartsAt(notifiedAt).toISOString()).toBe('2026-12-02T23:00:00.000Z');
    expect(paymentAlertDueAt(notifiedAt).toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it('is due one hour before payment starts for an evening notification, and at once for one in the last hour', () => {
    expect(paymentAlertDueAt(at('2026-12-02T22:00:00+01:00')).toISOString()).toBe('2026-12-02T22:00:00.000Z');
    const lastHour = at('2026-12-02T23:30:00+01:00');
    expect(paymentAlertDueAt(lastHour).toISOString()).toBe(lastHour.toISOString());
  });
});

describe('the earliest receiving day', () => {
  it('is today, never a day before the notification', () => {
    expect(earliestReceiveOn(notifiedAt, at('2026-12-04T10:00:00+01:00'))).toBe('2026-12-04');
    expect(earliestReceiveOn(notifiedAt, at('2026-12-02T10:00:00+01:00'))).toBe('2026-12-02');
  });
});
