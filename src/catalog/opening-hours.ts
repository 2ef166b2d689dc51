/**
 * Opening hours: weekly rules with validity dates, dated exceptions, public holidays, 24/7 and
 * openings that run past midnight. Pure functions; all wall-clock times are Oslo local time.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type WeeklyRule = {
  byday: Weekday;
  /** 'HH:MM' */
  opensAt: string;
  /** 'HH:MM'; at or before opensAt means the opening ends the next day. */
  closesAt: string;
  validFrom: string | null;
  validTo: string | null;
  closedOnPublicHolidays: boolean;
};

export type ScheduleException = {
  date: string;
  closed: boolean;
  opensAt: string | null;
  closesAt: string | null;
  /** Why the day is different ("Julaften"); shown to readers, ignored by the rules. */
  description?: string | null;
};

export type OpeningHours = {
  is24_7: boolean;
  rules: WeeklyRule[];
  exceptions: ScheduleException[];
};

export type OsloMoment = { date: string; weekday: Weekday; minutes: number };

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

const SHORT_TO_WEEKDAY: Record<string, Weekday> = {
  Mon: 'MO',
  Tue: 'TU',
  Wed: 'WE',
  Thu: 'TH',
  Fri: 'FR',
  Sat: 'SA',
  Sun: 'SU',
};

/** The Oslo calendar date, weekday and minute of the day at an instant (DST-aware). */
export function toOsloMoment(instant: Date): OsloMoment {
  // Decided to the minute: a result list's every status, and every search in that minute, ask for the same one.
  const minute = Math.floor(instant.getTime() / 60_000);
  if (lastMoment?.minute !== minute) lastMoment = { minute, moment: Object.freeze(osloMomentOf(instant)) };
  return lastMoment.moment;
}

let lastMoment: { minute: number; moment: OsloMoment } | null = null;

function osloMomentOf(instant: Date): OsloMoment {
  const parts: Record<string, string> = {};
  for (const p of osloParts.formatToParts(instant)) parts[p.type] = p.value;
  const weekday = SHORT_TO_WEEKDAY[parts.weekday ?? ''];
  if (!weekday) throw new Error(`Unexpected weekday ${parts.weekday}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** 'HH:MM' or 'HH:MM:SS' to minutes after midnight. */
export function timeToMinutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Memoised date arithmetic: opening status walks the same few weeks of dates for every entry, and
 * parsing a Date for each costs more than the rest of its work. Bounded: cleared when full.
 */
function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, (hit = f(key)));
    }
    return hit;
  };
}

const addedDays = memo((key) => {
  const [date, days] = key.split('|');
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Number(days));
  return d.toISOString().slice(0, 10);
});

/** The ISO date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return addedDays(`${date}|${days}`);
}

const weekdays = memo((date) => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!); // getUTCDay: 0 = Sunday

/** Weekday of an ISO date. */
export function weekdayOf(date: string): Weekday {
  return weekdays(date);
}

/** Easter Sunday of a year (Anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Map<string, string>>();

/** Norway's public holidays (helligdager og høytidsdager) in a year, date → bokmål name. */
export function publicHolidays(year: number): Map<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const holidays = new Map<string, string>([
    [`${year}-01-01`, 'Første nyttårsdag'],
    [addDays(easter, -3), 'Skjærtorsdag'],
    [addDays(easter, -2), 'Langfredag'],
    [easter, 'Første påskedag'],
    [addDays(easter, 1), 'Andre påskedag'],
    [`${year}-05-01`, 'Arbeidernes dag'],
    [`${year}-05-17`, 'Grunnlovsdag'],
    [addDays(easter, 39), 'Kristi himmelfartsdag'],
    [addDays(easter, 49), 'Første pinsedag'],
    [addDays(easter, 50), 'Andre pinsedag'],
    [`${year}-12-25`, 'Første juledag'],
    [`${year}-12-26`, 'Andre juledag'],
  ]);
  holidayCache.set(year, holidays);
  return holidays;
}

/** True when the ISO date is a Norwegian public holiday. */
export function isPublicHoliday(date: string): boolean {
  return publicHolidays(Number(date.slice(0, 4))).has(date);
}

export type Interval = { opens: number; closes: number };

/** A date with what the rules ask of it. */
type Day = { date: string; weekday: Weekday; holiday: boolean };
const dayOf = (date: string): Day => ({ date, weekday: weekdayOf(date), holiday: isPublicHoliday(date) });

/**
 * Calls `each` with every opening that starts on `day`, as minutes (closes > 1440 runs into the
 * next day), until it returns true; whether one did. Without arrays: the search index asks this of
 * every service each minute for "open now".
 */
function someOpeningStartingOn(hours: OpeningHours, day: Day, each: (opens: number, closes: number) => boolean): boolean {
  const { date, weekday, holiday } = day;
  for (const e of hours.exceptions) {
    if (e.date !== date) continue;
    if (e.closed || !e.opensAt || !e.closesAt) return false;
    const opens = minutesOfTime(e.opensAt);
    return each(opens, closingOf(opens, e.closesAt));
  }
  for (const r of hours.rules) {
    if (r.byday !== weekday || (r.validFrom !== null && r.validFrom > date) || (r.validTo !== null && date > r.validTo)) continue;
    if (holiday && r.closedOnPublicHolidays) continue;
    const opens = minutesOfTime(r.opensAt);
    if (each(opens, closingOf(opens, r.closesAt))) return true;
  }
  return false;
}

/** The openings that start on `date`, as minutes; closes > 1440 runs into the next day. */
export function openingsStartingOn(hours: OpeningHours, date: string): Interval[] {
  const out: Interval[] = [];
  someOpeningStartingOn(hours, dayOf(date), (opens, closes) => {
    out.push({ opens, closes });
    return false;
  });
  return out;
}

/** 'HH:MM' (or 'HH:MM:SS') as minutes, memoised: a catalog uses a few dozen distinct times (at most 86,400). */
const minutesOfTimes = new Map<string, number>();
function minutesOfTime(time: string): number {
  let minutes = minutesOfTimes.get(time);
  if (minutes === undefined) minutesOfTimes.set(time, (minutes = timeToMinutes(time)));
  return minutes;
}

/** An opening's closing minute: a close at or before its opening runs into the next day. */
function closingOf(opens: number, closesAt: string): number {
  const closes = minutesOfTime(closesAt);
  return closes <= opens ? closes + 24 * 60 : closes;
}

function interval(opensAt: string, closesAt: string): Interval {
  const opens = minutesOfTime(opensAt);
  return { opens, closes: closingOf(opens, closesAt) };
}

/** True when a service with these hours is open at the instant. */
export function isOpenAt(hours: OpeningHours, instant: Date): boolean {
  return hours.is24_7 || isOpenAtMoment(hours, toOsloMoment(instant));
}

/** Today and yesterday of the last moment asked about (the index asks of one moment for every service). */
let lastDays: { today: Day; yesterday: Day; minutes: number } | null = null;
function daysOf(moment: OsloMoment): { today: Day; yesterday: Day; minutes: number } {
  if (lastDays?.today.date !== moment.date || lastDays.minutes !== moment.minutes)
    lastDays = { today: dayOf(moment.date), yesterday: dayOf(addDays(moment.date, -1)), minutes: moment.minutes };
  return lastDays;
}

/** isOpenAt at an Oslo moment already worked out (the search index asks it of every service at one instant). */
export function isOpenAtMoment(hours: OpeningHours, now: OsloMoment): boolean {
  if (hours.is24_7) return true;
  if (hours.rules.length === 0 && hours.exceptions.length === 0) return false;
  const { today, yesterday, minutes } = daysOf(now);
  if (someOpeningStartingOn(hours, today, (opens, closes) => opens <= minutes && minutes < closes)) return true;
  return someOpeningStartingOn(hours, yesterday, (_, closes) => minutes + 24 * 60 < closes);
}

const EVENING_STARTS = 17 * 60;

/** True when some weekly opening reaches past 17:00 (or past midnight). */
export function hasEveningHours(hours: OpeningHours): boolean {
  return hours.is24_7 || hours.rules.some((r) => interval(r.opensAt, r.closesAt).closes > EVENING_STARTS);
}

/** True when the service opens on Saturdays or Sundays. */
export function hasWeekendHours(hours: OpeningHours): boolean {
  return hours.is24_7 || hours.rules.some((r) => r.byday === 'SA' || r.byday === 'SU');
}

/** True when every weekly opening is Monday–Friday within 08:00–16:00 ("office hours only"). */
export function isOfficeHoursOnly(hours: OpeningHours): boolean {
  if (hours.is24_7 || hours.rules.length === 0) return false;
  return hours.rules.every((r) => {
    const i = interval(r.opensAt, r.closesAt);
    return !['SA', 'SU'].includes(r.byday) && i.opens >= 8 * 60 && i.closes <= 16 * 60;
  });
}

/** The Oslo dates and weekdays of now and yesterday, for the SQL form of isOpenAt. */
export function openNowParameters(instant: Date) {
  const now = toOsloMoment(instant);
  const yesterday = addDays(now.date, -1);
  return {
    instant,
    today: now.date,
    todayWeekday: now.weekday,
    todayHoliday: isPublicHoliday(now.date),
    yesterday,
    yesterdayWeekday: weekdayOf(yesterday),
    yesterdayHoliday: isPublicHoliday(yesterday),
    time: `${String(Math.floor(now.minutes / 60)).padStart(2, '0')}:${String(now.minutes % 60).padStart(2, '0')}`,
  };
}
