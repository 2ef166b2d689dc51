/*
 * The discharge-ready module's pure rules: Oslo's days, the payment obligation and its alert. No I/O.
 *
 * The rule (DOMAIN.md, *betalingsplikt*): when a hospital notifies that a patient is
 * discharge-ready and the municipality cannot receive the patient, the municipality pays from and
 * including the day of notification. Days are Oslo's calendar days.
 */

const DAY_MS = 86_400_000;

/** The date (YYYY-MM-DD) of an instant in Oslo. */
export function osloDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The date `days` after (or before) a date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The instant a day begins in Oslo (midnight exists every day: the clocks change at 02:00 and 03:00). */
export function osloMidnight(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    if (osloDate(candidate) === date && osloDate(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  throw new Error(`No Oslo midnight found for ${date}`);
}

/** The district's answer: it can receive the patient on a day, or it cannot (yet). */
export type DistrictAnswer = { canReceive: true; receiveOn: string } | { canReceive: false };

/**
 * When the payment obligation becomes certain for a notification nobody has answered: at the end
 * of the notification day. Until then the district can still answer that it receives the patient
 * that day; after it, the notification day itself is the first payment day.
 */
export function paymentStartsAt(notifiedAt: Date): Date {
  return osloMidnight(addDays(osloDate(notifiedAt), 1));
}

/** The alert comes two hours after an unanswered notification, and at the latest one hour before payment starts. */
export const ALERT_AFTER_MS = 2 * 3_600_000;
export const ALERT_BEFORE_PAYMENT_MS = 3_600_000;

/** When an unanswered notification's "payment starts soon" alert is due (never before the notification itself). */
export function paymentAlertDueAt(notifiedAt: Date): Date {
  const latest = paymentStartsAt(notifiedAt).getTime() - ALERT_BEFORE_PAYMENT_MS;
  return new Date(Math.max(notifiedAt.getTime(), Math.min(notifiedAt.getTime() + ALERT_AFTER_MS, latest)));
}

/** The live counters of one notification at a moment. */
export type DischargeCounters = {
  /** Oslo days since the patient was ready: to today, or to the day the district receives the patient. */
  daysSinceReady: number;
  /** Payment days so far: the days from and including the notification day the district could not receive the patient. */
  paymentDays: number;
  /** The first payment day (the notification day) once payment applies; null while it does not. */
  paymentFrom: string | null;
};

/**
 * The counters of a notification. Payment days are the Oslo days from and including the
 * notification day, up to today, on which the district could not receive the patient:
 * - answered "can receive on R": the days before R (none when R is the notification day);
 * - answered "cannot receive": every day from the notification day through today;
 * - not answered: as "cannot", but only once the notification day has ended (paymentStartsAt):
 *   before then the district can still take the patient that day.
 */
export function dischargeCounters(input: { readyAt: Date; notifiedAt: Date; answer: DistrictAnswer | null; now: Date }): DischargeCounters {
  const today = osloDate(input.now);
  const notifiedOn = osloDate(input.notifiedAt);
  const readyOn = osloDate(input.readyAt);
  // The counting ends on the day the district receives the patient, if that day has come.
  const receivedOn = input.answer?.canReceive && input.answer.receiveOn <= today ? input.answer.receiveOn : null;
  const daysSinceReady = Math.max(0, daysBetween(readyOn, receivedOn ?? today));
  let paymentDays: number;
  if (input.answer?.canReceive) {
    const end = input.answer.receiveOn < addDays(today, 1) ? input.answer.receiveOn : addDays(today, 1);
    paymentDays = Math.max(0, daysBetween(notifiedOn, end));
  } else if (input.answer === null && input.now < paymentStartsAt(input.notifiedAt)) {
    paymentDays = 0;
  } else {
    paymentDays = Math.max(0, daysBetween(notifiedOn, today) + 1);
  }
  const applies = input.answer === null ? input.now >= paymentStartsAt(input.notifiedAt) : paymentDays > 0 || !input.answer.canReceive;
  return { daysSinceReady, paymentDays, paymentFrom: applies ? notifiedOn : null };
}

/** The earliest day a district may say it receives the patient: not before the notification day, nor before today. */
export function earliestReceiveOn(notifiedAt: Date, now: Date): string {
  const notifiedOn = osloDate(notifiedAt);
  const today = osloDate(now);
  return notifiedOn > today ? notifiedOn : today;
}
