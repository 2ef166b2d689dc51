/**
 * "Open now" as a reader needs it: open or closed at an instant, and when that changes next
 * ("Åpent nå · stenger 16:00", "Stengt · åpner mandag 08:00"). Pure; every wall-clock time is
 * Oslo local time, read through toOsloMoment, so daylight saving time is handled by the calendar.
 */
import { addDays, openingsStartingOn, toOsloMoment, weekdayOf, type OpeningHours, type Weekday } from './opening-hours.ts';

/** An Oslo wall-clock time: its date, weekday, 'HH:MM' (24:00 is the end of a day) and days from today. */
export type WallTime = { date: string; weekday: Weekday; time: string; daysAhead: number };

export type OpenStatus =
  { state: 'always' } | { state: 'unknown' } | { state: 'open'; closes: WallTime | null } | { state: 'closed'; opens: WallTime | null };

/** How far ahead the next opening or closing is looked for (a closed week around Christmas fits). */
export const HORIZON_DAYS = 14;
const DAY = 24 * 60;

/** The openings from yesterday to the horizon on one line of minutes from today's midnight, merged where they touch. */
function timeline(hours: OpeningHours, today: string): { opens: number; closes: number }[] {
  const all: { opens: number; closes: number }[] = [];
  for (let d = -1; d <= HORIZON_DAYS; d++) {
    for (const i of openingsStartingOn(hours, addDays(today, d))) all.push({ opens: d * DAY + i.opens, closes: d * DAY + i.closes });
  }
  all.sort((a, b) => a.opens - b.opens);
  const merged: { opens: number; closes: number }[] = [];
  for (const i of all) {
    const last = merged.at(-1);
    if (last && i.opens <= last.closes) last.closes = Math.max(last.closes, i.closes);
    else merged.push({ ...i });
  }
  return merged;
}

function wallTime(today: string, minute: number, endOfDay: boolean): WallTime {
  let days = Math.floor(minute / DAY);
  let inDay = minute - days * DAY;
  // A closing at midnight reads as 24:00 on the day it ends, not 00:00 on the next.
  if (endOfDay && inDay === 0) {
    days -= 1;
    inDay = DAY;
  }
  const date = addDays(today, days);
  const time = `${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
  return { date, weekday: weekdayOf(date), time, daysAhead: days };
}

/** Whether a service is open at the instant and when that changes; 'unknown' when no hours are given. */
export function openStatus(hours: OpeningHours, instant: Date): OpenStatus {
  if (hours.is24_7) return { state: 'always' };
  if (hours.rules.length === 0 && hours.exceptions.length === 0) return { state: 'unknown' };
  const now = toOsloMoment(instant);
  const line = timeline(hours, now.date);
  const current = line.find((i) => i.opens <= now.minutes && now.minutes < i.closes);
  const horizon = (HORIZON_DAYS + 1) * DAY;
  if (current) return { state: 'open', closes: current.closes >= horizon ? null : wallTime(now.date, current.closes, true) };
  const next = line.find((i) => i.opens > now.minutes);
  return { state: 'closed', opens: next && next.opens < horizon ? wallTime(now.date, next.opens, false) : null };
}

export type Lang = 'nb' | 'en';

const WEEKDAY_NAMES: Record<Lang, Record<Weekday, string>> = {
  nb: { MO: 'mandag', TU: 'tirsdag', WE: 'onsdag', TH: 'torsdag', FR: 'fredag', SA: 'lørdag', SU: 'søndag' },
  en: { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' },
};
const MONTHS: Record<Lang, string[]> = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "08:00", "i morgen 08:00", "mandag 08:00" or "3. januar 08:00", as far ahead as the time is. */
function when(t: WallTime, lang: Lang, closing: boolean): string {
  // A closing in the small hours after today is the same night ("stenger 02:00"), not tomorrow's.
  if (t.daysAhead === 0 || (closing && t.daysAhead === 1 && t.time < '06:00')) return t.time;
  if (t.daysAhead === 1) return `${lang === 'nb' ? 'i morgen' : 'tomorrow'} ${t.time}`;
  if (t.daysAhead < 7) return `${WEEKDAY_NAMES[lang][t.weekday]} ${t.time}`;
  const month = MONTHS[lang][Number(t.date.slice(5, 7)) - 1]!;
  const day = Number(t.date.slice(8, 10));
  return lang === 'nb' ? `${day}. ${month} ${t.time}` : `${day} ${month} ${t.time}`;
}

/** The status as one short line in bokmål or English. */
export function openStatusText(status: OpenStatus, lang: Lang): string {
  const nb = lang === 'nb';
  switch (status.state) {
    case 'always':
      return nb ? 'Døgnåpent' : 'Open 24/7';
    case 'unknown':
      return nb ? 'Åpningstider ikke oppgitt' : 'Opening hours not given';
    case 'open':
      if (!status.closes) return nb ? 'Åpent nå' : 'Open now';
      return `${nb ? 'Åpent nå · stenger' : 'Open now · closes'} ${when(status.closes, lang, true)}`;
    case 'closed':
      if (!status.opens) return nb ? 'Stengt' : 'Closed';
      return `${nb ? 'Stengt · åpner' : 'Closed · opens'} ${when(status.opens, lang, false)}`;
  }
}

/** What the API gives with an entry: the status and its line in both languages. */
export type OpenStatusView = OpenStatus & { text: Record<Lang, string> };

export function openStatusView(hours: OpeningHours, instant: Date): OpenStatusView {
  const minute = Math.floor(instant.getTime() / 60_000);
  const hit = viewCache.get(hours);
  if (hit?.minute === minute) return hit.view;
  const status = openStatus(hours, instant);
  const view = { ...status, text: { nb: openStatusText(status, 'nb'), en: openStatusText(status, 'en') } };
  viewCache.set(hours, { minute, view });
  return view;
}

/**
 * The last view per opening-hours object, for its minute: the status is decided to the minute, and
 * the search index hands out the same hours object for a service on every answer, so the result
 * list's twenty statuses are worked out once a minute, not on every search (about a third of a
 * search's own cost). Weak: hours of replaced services are dropped with them.
 */
const viewCache = new WeakMap<OpeningHours, { minute: number; view: OpenStatusView }>();
