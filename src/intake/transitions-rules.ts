/*
 * Pure rules of the transitions out of a stay: immediate discharge's re-placement deadline and
 * task ages, user-controlled stays' limits, comparable units, quality-of-life scales. No I/O.
 */
import { osloDate } from './intake-rules.ts';
import { QUALITY_OF_LIFE_MAX, type QualityOfLifeSetting, type TaskAgeBucket } from './transitions-vocabulary.ts';

const DAY_MS = 86_400_000;

/** Days from one YYYY-MM-DD to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The YYYY-MM-DD `days` after a date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const osloWeekday = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', weekday: 'short' }).format(at);

/**
 * The instant `days` working days after `at`: the same time of day, Saturdays and Sundays (in
 * Oslo) not counted. Public holidays are not known here and count as working days.
 */
export function addWorkingDays(at: Date, days: number): Date {
  let t = at.getTime();
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const day = osloWeekday(new Date(t));
    if (day !== 'Sat' && day !== 'Sun') left -= 1;
  }
  return new Date(t);
}

/** Which group of the overview an open task is in: past its deadline, else by its age. */
export function taskAgeBucket(task: { createdAt: Date; deadline: Date }, now: Date): TaskAgeBucket {
  if (task.deadline.getTime() <= now.getTime()) return 'overdue';
  const age = now.getTime() - task.createdAt.getTime();
  if (age < DAY_MS) return 'under_24h';
  if (age <= 3 * DAY_MS) return 'one_to_three_days';
  return 'over_three_days';
}

/** The first instant of the Oslo day after `date` (YYYY-MM-DD): the end of that day in Oslo. */
export function osloEndOfDay(date: string): Date {
  const next = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  // Oslo is UTC+1 or UTC+2: the end of the day is the candidate whose Oslo date is the next day at midnight.
  for (const hours of [1, 2]) {
    const candidate = new Date(next - hours * 3_600_000);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(candidate);
    if (osloDate(candidate) === addDays(date, 1) && hour === '00') return candidate;
  }
  return new Date(next - 3_600_000);
}

/** A user-controlled agreement's limits, as the rules need them. */
export type AgreementLimits = {
  nightsPerStay: number;
  staysPerPeriod: number;
  periodDays: number;
  validFrom: string;
  validTo: string;
};

/**
 * The agreement period a day falls in: periods of `periodDays` days follow each other from the
 * agreement's first day (the last one may run past its end). `end` is the period's first day after it.
 */
export function agreementPeriod(agreement: Pick<AgreementLimits, 'periodDays' | 'validFrom'>, day: string): { start: string; end: string } {
  const index = Math.floor(daysBetween(agreement.validFrom, day) / agreement.periodDays);
  const start = addDays(agreement.validFrom, index * agreement.periodDays);
  return { start, end: addDays(start, agreement.periodDays) };
}

/** How far ahead a stay may be asked for: a request holds a place from the moment it is granted. */
export const USER_CONTROLLED_MAX_DAYS_AHEAD = 7;

/**
 * Why a stay request is outside its agreement (field and message), or null when it is within:
 * it starts today or within USER_CONTROLLED_MAX_DAYS_AHEAD days, lies inside the validity, is at
 * most `nightsPerStay` nights, and its period has fewer than `staysPerPeriod` granted stays.
 */
export function stayRequestProblem(
  agreement: AgreementLimits,
  request: { from: string; to: string },
  context: { today: string; grantedInPeriod: number },
): { field: 'from' | 'to'; message: string } | null {
  if (request.to <= request.from) return { field: 'to', message: 'must be after from (a stay is one night or more)' };
  if (request.from < context.today) return { field: 'from', message: 'must be today or later' };
  if (daysBetween(context.today, request.from) > USER_CONTROLLED_MAX_DAYS_AHEAD)
    return { field: 'from', message: `must be within ${USER_CONTROLLED_MAX_DAYS_AHEAD} days from today` };
  if (request.from < agreement.validFrom || request.from > agreement.validTo)
    return { field: 'from', message: `is outside the agreement (valid ${agreement.validFrom} to ${agreement.validTo})` };
  // The last night is the one before `to`; it must still be inside the validity.
  if (addDays(request.to, -1) > agreement.validTo)
    return { field: 'to', message: `is outside the agreement (valid to ${agreement.validTo}: the last night may be that day)` };
  const nights = daysBetween(request.from, request.to);
  if (nights > agreement.nightsPerStay)
    return { field: 'to', message: `${nights} nights is more than the agreement's ${agreement.nightsPerStay} nights per stay` };
  if (context.grantedInPeriod >= agreement.staysPerPeriod) {
    const period = agreementPeriod(agreement, request.from);
    return {
      field: 'from',
      message:
        `the agreement's ${agreement.staysPerPeriod} stays per ${agreement.periodDays} days are used ` +
        `in the period ${period.start} to ${addDays(period.end, -1)}`,
    };
  }
  return null;
}

/** What decides whether another unit is comparable. */
export type UnitProfile = {
  id: string;
  name: string;
  category: string | null;
  substancePolicy: string | null;
  gender: string | null;
  free: number;
};

/** Whether a unit takes the people the original unit takes: the same, or 'any' when the original is for one gender. */
const genderFits = (original: string | null, candidate: string | null) =>
  original === candidate || candidate === 'any' || candidate === null || original === null;

/**
 * Units offered when a user-controlled stay's own unit is full: other units with a free place of
 * the same category and the same drug-free/active-use setting, whose gender fits; most free first.
 * A unit whose category or setting is unknown is never "comparable".
 */
export function comparableUnits(original: UnitProfile, candidates: readonly UnitProfile[]): UnitProfile[] {
  if (original.category === null) return [];
  return candidates
    .filter(
      (u) =>
        u.id !== original.id &&
        u.free > 0 &&
        u.category === original.category &&
        u.substancePolicy === original.substancePolicy &&
        genderFits(original.gender, u.gender),
    )
    .sort((a, b) => b.free - a.free || (a.name < b.name ? -1 : 1));
}

/** Why a quality-of-life answer is off its scale (a message for `score`), or null. */
export function qualityOfLifeProblem(setting: QualityOfLifeSetting, score: number | null, declined: boolean): string | null {
  if (declined) return score === null ? null : 'must be left out when the person declined to answer';
  if (score === null) return 'is required unless the person declined to answer';
  const max = QUALITY_OF_LIFE_MAX[setting];
  if (!Number.isInteger(score) || score < 1 || score > max)
    return `must be a whole number from 1 to ${max} in ${setting === 'district' ? 'a district' : 'an institution'}`;
  return null;
}
