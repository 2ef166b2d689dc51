import { z } from 'zod';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { isoDate as isoDateOf, isoDateTime, optionalSafeText, plainInt, safeString, safeText, webUrl } from '../platform/input.ts';
import { WEEKDAYS } from './opening-hours.ts';
import {
  ACCESS_KIND_CODES,
  ARRANGEMENT_KIND_CODES,
  INTAKE_STATUSES,
  SERVICE_KIND_CODES,
  SERVICE_STATUSES,
  TARGET_GROUP_CODES,
} from './vocabulary.ts';

const isoDate = isoDateOf();
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const text = safeText;
const optionalText = optionalSafeText;
/** For counts and ages: said plainly, where zod would say "Too small: expected number to be >=0". */
const NOT_NEGATIVE = 'must be 0 or more';

export const weeklyRuleSchema = z
  .strictObject({
    byday: z.enum(WEEKDAYS),
    opensAt: clockTime,
    closesAt: clockTime,
    validFrom: isoDate.nullish().transform((v) => v ?? null),
    validTo: isoDate.nullish().transform((v) => v ?? null),
    closedOnPublicHolidays: z.boolean().default(true),
  })
  // A closing time at or before the opening means the next day, so equal times would be 24 hours:
  // that is is24_7 (or two rules), never a typo we guess the meaning of.
  .refine((r) => r.opensAt !== r.closesAt, {
    message: 'must differ from opensAt (for round-the-clock hours, use is24_7)',
    path: ['closesAt'],
  })
  .refine((r) => r.validFrom === null || r.validTo === null || r.validFrom <= r.validTo, {
    message: 'must be on or after validFrom',
    path: ['validTo'],
  });

export const scheduleExceptionSchema = z
  .strictObject({
    date: isoDate,
    closed: z.boolean(),
    opensAt: clockTime.nullish().transform((v) => v ?? null),
    closesAt: clockTime.nullish().transform((v) => v ?? null),
    description: optionalText(200),
  })
  .refine((e) => e.closed || (e.opensAt && e.closesAt), {
    message: 'an exception that is not closed needs opensAt and closesAt',
    path: ['opensAt'],
  })
  .refine((e) => e.closed || e.opensAt !== e.closesAt, { message: 'must differ from opensAt', path: ['closesAt'] });

export const openingHoursSchema = z.strictObject({
  is24_7: z.boolean().default(false),
  rules: z.array(weeklyRuleSchema).max(50).default([]),
  exceptions: z.array(scheduleExceptionSchema).max(100).default([]),
});

export const contactSchema = z.strictObject({
  name: optionalText(200),
  title: optionalText(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ]{3,20}$/, 'must be a phone number (digits, spaces, optional +)')
    .nullish()
    .transform((v) => v || null),
  email: z
    .email({ message: 'must be an e-mail address' })
    .nullish()
    .transform((v) => v || null),
});

export const locationInputSchema = z.strictObject({
  name: optionalText(200),
  address1: optionalText(200),
  postalCode: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit postal code')
    .nullish()
    .transform((v) => v || null),
  city: optionalText(100),
  addressNote: optionalText(300),
  district: z
    .enum(DISTRICT_SLUGS)
    .nullish()
    .transform((v) => v ?? null),
  accessibility: optionalText(1000),
  transportation: optionalText(1000),
});

/** The fields of a service, each checked on its own (imports use this directly). */
export const serviceFieldsSchema = z.strictObject({
  name: text(200).min(2, 'must be at least 2 characters'),
  alternateNames: z.array(text(200).min(1)).max(10).default([]),
  description: text(4000).min(10, 'must be at least 10 characters'),
  descriptionEn: optionalText(4000),
  url: webUrl(500)
    .nullish()
    .transform((v) => v || null),
  email: z
    .email({ message: 'must be an e-mail address' })
    .nullish()
    .transform((v) => v || null),
  phone: contactSchema.shape.phone,
  kind: z.enum(SERVICE_KIND_CODES),
  ladderStep: z.number().int().min(1).max(7).nullable().default(null),
  targetGroups: z.array(z.enum(TARGET_GROUP_CODES)).max(4).default([]),
  hovedforlop: z.array(z.number().int().min(1).max(3)).max(3).default([]),
  minAge: z.number().int().min(0, NOT_NEGATIVE).max(130).nullable().default(null),
  maxAge: z.number().int().min(0, NOT_NEGATIVE).max(130).nullable().default(null),
  eligibilityDescription: optionalText(2000),
  access: z.enum(ACCESS_KIND_CODES).nullable().default(null),
  arrangement: z.enum(ARRANGEMENT_KIND_CODES).nullable().default(null),
  requiresDrugFree: z.boolean().nullable().default(null),
  anonymous: z.boolean().nullable().default(null),
  cityWide: z.boolean().default(false),
  districts: z.array(z.enum(DISTRICT_SLUGS)).max(15).default([]),
  openingHours: openingHoursSchema.default({ is24_7: false, rules: [], exceptions: [] }),
  status: z.enum(SERVICE_STATUSES).default('active'),
  statusDate: isoDate.nullish().transform((v) => v ?? null),
  statusNote: optionalText(1000),
  costDescription: optionalText(1000),
  freeOfCharge: z.boolean().nullable().default(null),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code'))
    .max(30)
    .default([]),
  accessibility: optionalText(2000),
  places: z.number().int().min(0, NOT_NEGATIVE).max(100000).nullable().default(null),
  organizationId: z.uuid().nullable().default(null),
  location: locationInputSchema.nullable().default(null),
  contacts: z.array(contactSchema).max(20).default([]),
  source: optionalText(500),
});

/**
 * True when these fields of the input are valid on their own. Rules across fields run whenever
 * their own fields are valid, even while other fields are wrong, so an editor sees every error
 * in one round.
 */
const whenValid =
  (...keys: (keyof typeof serviceFieldsSchema.shape)[]) =>
  (payload: { value: unknown }): boolean => {
    const value = payload.value;
    // An array is an object too, but never these fields: the rules would read properties it lacks.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return keys.every((key) => serviceFieldsSchema.shape[key].safeParse((value as Record<string, unknown>)[key]).success);
  };

/** What an editor sends to create or replace a service: the fields, and rules across them. */
export const serviceInputSchema = serviceFieldsSchema
  .refine((s) => s.minAge === null || s.maxAge === null || s.minAge <= s.maxAge, {
    path: ['maxAge'],
    message: 'must be at least the minimum age',
    when: whenValid('minAge', 'maxAge'),
  })
  .refine((s) => s.cityWide || s.districts.length > 0 || s.status === 'planned', {
    path: ['districts'],
    message: 'choose at least one district, or city-wide',
    when: whenValid('cityWide', 'districts', 'status'),
  })
  .refine((s) => s.status !== 'closed' || s.statusDate !== null, {
    path: ['statusDate'],
    message: 'a closed service needs the date it closed',
    when: whenValid('status', 'statusDate'),
  });

export type ServiceInput = z.infer<typeof serviceInputSchema>;

export const serviceUpdateSchema = z.strictObject({ version: z.number().int().min(1), service: serviceInputSchema });

export const closeServiceSchema = z.strictObject({
  version: z.number().int().min(1),
  closedOn: isoDate,
  note: optionalText(1000),
});

/** Verifying is about the content the editor checked: the version they looked at. */
export const verifyServiceSchema = z.strictObject({ version: z.number().int().min(1) });

export const intakeStatusSchema = z.strictObject({ intakeStatus: z.enum(INTAKE_STATUSES).nullable() });

export const errorReportInputSchema = z.strictObject({
  message: text(2000).min(10, 'must be at least 10 characters'),
  contact: optionalText(200),
});

/** A comma-separated list of up to `maxItems` items (the raw text may hold that many ids or codes). */
const csv = <T extends z.ZodType>(item: T, maxItems = 20) =>
  safeString(maxItems * 40)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(maxItems, `must be a list of at most ${maxItems} items`) as unknown as z.ZodType<z.output<T>[], string[]>);

const boolFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query string of the public search; unknown parameters are refused. */
export const searchQuerySchema = z.strictObject({
  q: safeText(200).optional(),
  district: z.enum(DISTRICT_SLUGS).optional(),
  kind: csv(z.enum(SERVICE_KIND_CODES)).optional(),
  step: csv(plainInt(1, 7)).optional(),
  age: plainInt(0, 130).optional(),
  target: z.enum(TARGET_GROUP_CODES).optional(),
  dropIn: boolFlag.optional(),
  noDrugFreeRequirement: boolFlag.optional(),
  openNow: boolFlag.optional(),
  evenings: boolFlag.optional(),
  weekends: boolFlag.optional(),
  open24_7: boolFlag.optional(),
  includeClosed: boolFlag.optional(),
  ids: csv(z.uuid({ message: 'must be a list of service ids' })).optional(),
  at: isoDateTime().optional(),
  page: plainInt(1, 10000).default(1),
  perPage: plainInt(1, 100).default(20),
  lang: z.enum(['nb', 'en']).optional(),
  /** Search the words as typed, without typo correction (the "search for … instead" link). */
  noCorrection: boolFlag.optional(),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Whether an entry is open at the time asked about, and its line in both languages (open-status.ts). */
const wallTimeSchema = z.object({ date: z.string(), weekday: z.enum(WEEKDAYS), time: z.string(), daysAhead: z.number().int() });
export const openStatusSchema = z.union([
  z.object({ state: z.literal('always'), text: z.object({ nb: z.string(), en: z.string() }) }),
  z.object({ state: z.literal('unknown'), text: z.object({ nb: z.string(), en: z.string() }) }),
  z.object({ state: z.literal('open'), closes: wallTimeSchema.nullable(), text: z.object({ nb: z.string(), en: z.string() }) }),
  z.object({ state: z.literal('closed'), opens: wallTimeSchema.nullable(), text: z.object({ nb: z.string(), en: z.string() }) }),
]);

/** "How to get this service" in bokmål and English paragraphs (how-to-get.ts). */
export const howToGetSchema = z.object({ nb: z.array(z.string()), en: z.array(z.string()) });

/** The editors' worklist of offers missing a phone, an address, a web page or opening hours. */
export const contactWorklistSchema = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(SERVICE_KIND_CODES),
    access: z.enum(ACCESS_KIND_CODES).nullable(),
    tier: z.enum(['crisis', 'drop_in', 'other']),
    missing: z.array(z.enum(['phone', 'address', 'web', 'hours'])),
    lastVerifiedAt: z.string().nullable(),
  }),
);

export const confirmErrorReportResponseSchema = z.object({ id: z.uuid(), status: z.literal('open'), confirmed: z.literal(true) });
