/**
 * The zod building blocks for untrusted input: every schema of the API, the configuration and the
 * seed builds its text, numbers, dates and URLs from these, so a rule about what input is fit to
 * store or search for holds everywhere at once.
 *
 * Why each rule exists: PostgreSQL refuses NUL in text and in JSON (`\u0000`), and a lone
 * surrogate becomes invalid UTF-8 or invalid JSON on the way into the database, so either would
 * end as a 500 deep inside a query; text of only invisible characters passes a length check but
 * shows nothing to the reader; `Number()` reads `0x10`, `1e2` and `' 5 '`; and PostgreSQL's dates
 * have no year 0 and end before year 10000, which an odd offset can push a date-time past.
 */
import { z } from 'zod';

/** C0 and C1 control characters other than tab, line feed and carriage return; NUL among them. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A surrogate that is not half of a pair (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Characters that show nothing: white space and the default-ignorable code points (zero-width
 * space and joiners, word joiner, byte order mark, soft hyphen, bidirectional marks, variation
 * selectors, Hangul fillers), and the blank braille pattern.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+$/u;

export const INPUT_MESSAGES = {
  control: 'must not contain control characters (such as NUL)',
  surrogate: 'must be valid Unicode text (it holds a lone surrogate)',
  invisible: 'must contain visible characters, not only invisible ones',
  integer: 'must be a whole number written in decimal digits, like 12',
} as const;

/** True when the text holds no control characters and no lone surrogates. */
export function isCleanText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value) && !LONE_SURROGATE.test(value);
}

/** The text with control characters and lone surrogates replaced by U+FFFD, at most 100 characters: for echoing input back. */
export function printable(value: string): string {
  return value.slice(0, 100).replace(new RegExp(`${CONTROL_CHARACTER.source}|${LONE_SURROGATE.source}`, 'gu'), '\uFFFD');
}

/**
 * Any string without control characters or lone surrogates, kept exactly as sent: passwords,
 * tokens, values passed on to another system.
 */
export function safeString(max: number) {
  return z
    .string()
    .refine((v) => !CONTROL_CHARACTER.test(v), { message: INPUT_MESSAGES.control, abort: true })
    .refine((v) => !LONE_SURROGATE.test(v), { message: INPUT_MESSAGES.surrogate, abort: true })
    .max(max, `must be at most ${max} characters`);
}

/**
 * Text a person writes: a safe string, trimmed, at most `max` characters, and not only invisible
 * characters (empty is left to `.min()` or to the optional wrappers).
 */
export function safeText(max: number) {
  return z
    .string()
    .refine((v) => !CONTROL_CHARACTER.test(v), { message: INPUT_MESSAGES.control, abort: true })
    .refine((v) => !LONE_SURROGATE.test(v), { message: INPUT_MESSAGES.surrogate, abort: true })
    .trim()
    .refine((v) => v === '' || !INVISIBLE_ONLY.test(v), { message: INPUT_MESSAGES.invisible, abort: true })
    .max(max, `must be at most ${max} characters`);
}

/** Optional text: absent, null or blank is null. */
export function optionalSafeText(max: number) {
  return safeText(max)
    .nullish()
    .transform((v) => (v ? v : null));
}

/**
 * A whole number from text (a query parameter, an environment variable): plain decimal digits
 * with an optional minus sign, nothing else — not `0x10`, `1e2`, `1.0`, `+1` or ` 1 `.
 */
export function plainInt(min: number, max: number) {
  return (
    z
      .string()
      .refine((v) => /^-?\d{1,15}$/.test(v), INPUT_MESSAGES.integer)
      // The OpenAPI document shows what the text stands for: a query parameter holding an integer.
      .meta({ type: 'integer', minimum: min, maximum: max })
      .transform(Number)
      .pipe(z.number().int().min(min, `must be ${min} or more`).max(max, `must be at most ${max}`))
  );
}

/** The dates the system accepts: the catalog, the audit log and person data all fall inside. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';
const DATE_RANGE_MESSAGE = `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const END_INSTANT = Date.parse(`${LATEST_DATE}T00:00:00Z`) + 24 * 3600 * 1000;
/** UTC offsets in use on Earth run from -12:00 to +14:00. */
const OFFSET = /([+-])(\d{2}):(\d{2})$/;

/** A calendar date as YYYY-MM-DD, one that exists, between 1900 and 2999. */
export function isoDate(message = 'must be a date as YYYY-MM-DD') {
  return z.iso.date({ message, abort: true }).refine((v) => v >= EARLIEST_DATE && v <= LATEST_DATE, { message: DATE_RANGE_MESSAGE });
}

function offsetInRange(value: string): boolean {
  const match = OFFSET.exec(value);
  if (!match) return true; // Z
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '+' ? minutes <= 14 * 60 : minutes <= 12 * 60;
}

/** An instant as an ISO date-time with Z or an offset (-12:00 to +14:00), between 1900 and 2999. */
export function isoDateTime(message = 'must be an ISO date-time with offset, like 2026-05-17T12:00:00+02:00') {
  return z.iso
    .datetime({ offset: true, message, abort: true })
    .refine(offsetInRange, { message: 'must have a UTC offset between -12:00 and +14:00', abort: true })
    .refine(
      (v) => {
        const instant = Date.parse(v);
        return instant >= EARLIEST_INSTANT && instant < END_INSTANT;
      },
      { message: DATE_RANGE_MESSAGE },
    );
}

/** A date (YYYY-MM-DD) or a date-time with offset, as filters take them; one message, not a union's. */
export function isoDateOrDateTime() {
  const date = isoDate();
  const dateTime = isoDateTime();
  return z.string().superRefine((value, ctx) => {
    const result = (/^\d{4}-\d{2}-\d{2}$/.test(value) ? date : dateTime).safeParse(value);
    if (!result.success) {
      ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'must be a date or an ISO date-time' });
    }
  });
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parsedUrl(value: string): URL | null {
  return isCleanText(value) && URL.canParse(value) ? new URL(value) : null;
}

/** An https URL without credentials; plain http only on this machine (development and tests). */
export function httpsUrl(max = 500) {
  return z
    .url({ message: 'must be an https URL (http only for localhost)', abort: true })
    .max(max, `must be at most ${max} characters`)
    .refine(
      (value) => {
        const url = parsedUrl(value);
        return url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
      },
      { message: 'must be an https URL (http only for localhost)', abort: true },
    )
    .refine((value) => {
      const url = parsedUrl(value);
      return !url?.username && !url?.password;
    }, 'must not contain a user name or password');
}

/** An OpenID Connect issuer identifier: an https URL with no query or fragment (OpenID Connect Discovery 1.0, §3). */
export function issuerUrl() {
  return httpsUrl().refine((value) => {
    const url = parsedUrl(value);
    return !url?.search && !url?.hash && !value.includes('#') && !value.includes('?');
  }, 'must not have a query or fragment');
}

/** A web address shown as a link: http or https only (never javascript: or data:), without credentials. */
export function webUrl(max = 500) {
  return z
    .url({ protocol: /^https?$/, message: 'must be a web address (https://…)' })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => isCleanText(value), { message: INPUT_MESSAGES.control, abort: true })
    .refine((value) => {
      const url = parsedUrl(value);
      return !url?.username && !url?.password;
    }, 'must not contain a user name or password');
}
