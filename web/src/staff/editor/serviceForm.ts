/**
 * The service form's state and its translation to and from the API's serviceInputSchema. Pure:
 * no React. The API is the one validator — what the editor typed goes to it as typed (a number
 * field with letters is sent as text), so its problem+json names every bad field.
 */
import type { Service, ServiceStatus, Weekday } from '../../api.ts';
import type { StaffMessages } from '../messages.ts';

export type RuleRow = {
  key: string;
  byday: Weekday;
  opensAt: string;
  closesAt: string;
  validFrom: string;
  validTo: string;
  closedOnPublicHolidays: boolean;
};
export type ExceptionRow = { key: string; date: string; closed: boolean; opensAt: string; closesAt: string; description: string };
export type ContactRow = { key: string; name: string; title: string; phone: string; email: string };
export type LocationFields = {
  name: string;
  address1: string;
  postalCode: string;
  city: string;
  addressNote: string;
  district: string;
  accessibility: string;
  transportation: string;
};

export type ServiceFormState = {
  name: string;
  alternateNames: string;
  description: string;
  descriptionEn: string;
  url: string;
  email: string;
  phone: string;
  kind: string;
  ladderStep: string;
  targetGroups: string[];
  hovedforlop: number[];
  minAge: string;
  maxAge: string;
  eligibilityDescription: string;
  access: string;
  requiresDrugFree: boolean | null;
  anonymous: boolean | null;
  cityWide: boolean;
  districts: string[];
  is24_7: boolean;
  rules: RuleRow[];
  exceptions: ExceptionRow[];
  status: ServiceStatus;
  statusDate: string;
  statusNote: string;
  costDescription: string;
  freeOfCharge: boolean | null;
  languages: string;
  accessibility: string;
  places: string;
  organizationId: string;
  location: LocationFields;
  contacts: ContactRow[];
  source: string;
};

let keyCounter = 0;
/** A stable React key for a new row. */
export const rowKey = () => `row-${(keyCounter += 1)}`;

const EMPTY_LOCATION: LocationFields = {
  name: '',
  address1: '',
  postalCode: '',
  city: '',
  addressNote: '',
  district: '',
  accessibility: '',
  transportation: '',
};

export function emptyForm(): ServiceFormState {
  return {
    name: '',
    alternateNames: '',
    description: '',
    descriptionEn: '',
    url: '',
    email: '',
    phone: '',
    kind: '',
    ladderStep: '',
    targetGroups: [],
    hovedforlop: [],
    minAge: '',
    maxAge: '',
    eligibilityDescription: '',
    access: '',
    requiresDrugFree: null,
    anonymous: null,
    cityWide: false,
    districts: [],
    is24_7: false,
    rules: [],
    exceptions: [],
    status: 'active',
    statusDate: '',
    statusNote: '',
    costDescription: '',
    freeOfCharge: null,
    languages: '',
    accessibility: '',
    places: '',
    organizationId: '',
    location: { ...EMPTY_LOCATION },
    contacts: [],
    source: '',
  };
}

const str = (v: string | null | undefined) => v ?? '';
const num = (v: number | null) => (v === null ? '' : String(v));

/** The form as it starts for a stored service. */
export function formFromService(s: Service): ServiceFormState {
  const l = s.locations[0];
  return {
    name: s.name,
    alternateNames: s.alternateNames.join('\n'),
    description: s.description,
    descriptionEn: str(s.descriptionEn),
    url: str(s.url),
    email: str(s.email),
    phone: str(s.phone),
    kind: s.kind,
    ladderStep: num(s.ladderStep),
    targetGroups: [...s.targetGroups],
    hovedforlop: [...s.hovedforlop],
    minAge: num(s.minAge),
    maxAge: num(s.maxAge),
    eligibilityDescription: str(s.eligibilityDescription),
    access: str(s.access),
    requiresDrugFree: s.requiresDrugFree,
    anonymous: s.anonymous,
    cityWide: s.cityWide,
    districts: [...s.districts],
    is24_7: s.openingHours.is24_7,
    rules: s.openingHours.rules.map((r) => ({
      key: rowKey(),
      byday: r.byday,
      opensAt: r.opensAt.slice(0, 5),
      closesAt: r.closesAt.slice(0, 5),
      validFrom: str(r.validFrom),
      validTo: str(r.validTo),
      closedOnPublicHolidays: r.closedOnPublicHolidays,
    })),
    exceptions: s.openingHours.exceptions.map((e) => ({
      key: rowKey(),
      date: e.date,
      closed: e.closed,
      opensAt: str(e.opensAt).slice(0, 5),
      closesAt: str(e.closesAt).slice(0, 5),
      description: str(e.description),
    })),
    status: s.status,
    statusDate: str(s.statusDate),
    statusNote: str(s.statusNote),
    costDescription: str(s.costDescription),
    freeOfCharge: s.freeOfCharge,
    languages: s.languages.join(', '),
    accessibility: str(s.accessibility),
    places: num(s.places),
    organizationId: s.organization?.id ?? '',
    location: l
      ? {
          name: str(l.name),
          address1: str(l.address1),
          postalCode: str(l.postalCode),
          city: str(l.city),
          addressNote: str(l.addressNote),
          district: str(l.district),
          accessibility: str(l.accessibility),
          transportation: str(l.transportation),
        }
      : { ...EMPTY_LOCATION },
    contacts: s.contacts.map((c) => ({ key: rowKey(), name: str(c.name), title: str(c.title), phone: str(c.phone), email: str(c.email) })),
    source: str(s.provenance.source),
  };
}

/** Empty text is "not stated" (null); the API trims the rest. */
const text = (v: string) => (v.trim() ? v : null);
/** Whole numbers (negative ones too, for the API to say "must be 0 or more") as numbers; anything else as typed. */
const integer = (v: string): number | string | null =>
  v.trim() === '' ? null : /^\s*[-−]?\d+\s*$/.test(v) ? Number(v.replace('−', '-')) : v;

/**
 * The body for POST /api/services (or `service` in PUT). `contactRows[i]` is the form row of the
 * i-th contact sent, since blank contact rows are left out and the API numbers what it got.
 */
export function formToInput(f: ServiceFormState): { input: Record<string, unknown>; contactRows: number[] } {
  const contactRows: number[] = [];
  const contacts = f.contacts.flatMap((c, i) => {
    if (![c.name, c.title, c.phone, c.email].some((v) => v.trim())) return [];
    contactRows.push(i);
    return [{ name: text(c.name), title: text(c.title), phone: text(c.phone), email: text(c.email) }];
  });
  const l = f.location;
  const hasLocation = Object.values(l).some((v) => v.trim());
  return {
    contactRows,
    input: {
      name: f.name,
      alternateNames: f.alternateNames
        .split('\n')
        .map((n) => n.trim())
        .filter(Boolean),
      description: f.description,
      descriptionEn: text(f.descriptionEn),
      url: text(f.url.trim()),
      email: text(f.email.trim()),
      phone: text(f.phone),
      kind: f.kind,
      ladderStep: integer(f.ladderStep),
      targetGroups: f.targetGroups,
      hovedforlop: f.hovedforlop,
      minAge: integer(f.minAge),
      maxAge: integer(f.maxAge),
      eligibilityDescription: text(f.eligibilityDescription),
      access: f.access || null,
      requiresDrugFree: f.requiresDrugFree,
      anonymous: f.anonymous,
      cityWide: f.cityWide,
      districts: f.cityWide ? [] : f.districts,
      openingHours: {
        is24_7: f.is24_7,
        rules: f.rules.map((r) => ({
          byday: r.byday,
          opensAt: r.opensAt.trim(),
          closesAt: r.closesAt.trim(),
          validFrom: r.validFrom || null,
          validTo: r.validTo || null,
          closedOnPublicHolidays: r.closedOnPublicHolidays,
        })),
        exceptions: f.exceptions.map((e) => ({
          date: e.date,
          closed: e.closed,
          opensAt: e.closed ? null : e.opensAt.trim() || null,
          closesAt: e.closed ? null : e.closesAt.trim() || null,
          description: text(e.description),
        })),
      },
      status: f.status,
      statusDate: f.statusDate || null,
      statusNote: text(f.statusNote),
      costDescription: text(f.costDescription),
      freeOfCharge: f.freeOfCharge,
      languages: f.languages
        .split(/[,\s]+/)
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean),
      accessibility: text(f.accessibility),
      places: integer(f.places),
      organizationId: f.organizationId || null,
      location: hasLocation
        ? {
            name: text(l.name),
            address1: text(l.address1),
            postalCode: text(l.postalCode.trim()),
            city: text(l.city),
            addressNote: text(l.addressNote),
            district: l.district || null,
            accessibility: text(l.accessibility),
            transportation: text(l.transportation),
          }
        : null,
      contacts,
      source: text(f.source),
    },
  };
}

/** Fields shown as one control although the API checks them item by item. */
const WHOLE_LIST_FIELDS = new Set(['alternateNames', 'languages', 'targetGroups', 'hovedforlop', 'districts']);

/**
 * The form key an API field path is shown at: `service.` (PUT's wrapper) is dropped, list items
 * of one-control lists point at the control, contact numbers are mapped back to form rows.
 */
export function formKeyOf(field: string, contactRows: number[]): string {
  const path = field.replace(/^service\./, '');
  const [head, index, ...rest] = path.split('.');
  if (head && WHOLE_LIST_FIELDS.has(head)) return head;
  if (head === 'contacts' && index !== undefined && /^\d+$/.test(index)) {
    const row = contactRows[Number(index)] ?? Number(index);
    return ['contacts', String(row), ...rest].join('.');
  }
  return path;
}

/** Labels of the input's top-level fields (also used to name fields in the change history). */
export function fieldLabels(s: StaffMessages): Record<string, string> {
  return {
    name: s.fName,
    alternateNames: s.fAlternateNames,
    description: s.fDescription,
    descriptionEn: s.fDescriptionEn,
    url: s.fUrl,
    email: s.fEmail,
    phone: s.fPhone,
    kind: s.fKind,
    ladderStep: s.fLadderStep,
    targetGroups: s.fTargetGroups,
    hovedforlop: s.fHovedforlop,
    minAge: s.fMinAge,
    maxAge: s.fMaxAge,
    eligibilityDescription: s.fEligibility,
    access: s.fAccess,
    requiresDrugFree: s.fRequiresDrugFree,
    anonymous: s.fAnonymous,
    cityWide: s.fCityWide,
    districts: s.fDistricts,
    openingHours: s.fOpeningHours,
    'openingHours.is24_7': s.f24_7,
    'openingHours.rules': s.fRules,
    'openingHours.exceptions': s.fExceptions,
    status: s.fStatus,
    statusDate: s.fStatusDate,
    statusNote: s.fStatusNote,
    costDescription: s.fCost,
    freeOfCharge: s.fFreeOfCharge,
    languages: s.fLanguages,
    accessibility: s.fAccessibility,
    places: s.fPlaces,
    organizationId: s.fOrganizationId,
    location: s.fLocation,
    'location.name': s.fLocationName,
    'location.address1': s.fAddress1,
    'location.postalCode': s.fPostalCode,
    'location.city': s.fCity,
    'location.addressNote': s.fAddressNote,
    'location.district': s.fLocationDistrict,
    'location.accessibility': s.fLocationAccessibility,
    'location.transportation': s.fTransportation,
    contacts: s.fContacts,
    source: s.fSource,
    lastVerifiedAt: s.lastVerifiedHeader,
    intakeStatus: s.intakeFormHeading,
  };
}

const rowFieldLabels = (s: StaffMessages) => ({
  rules: {
    byday: s.fWeekday,
    opensAt: s.fOpensAt,
    closesAt: s.fClosesAt,
    validFrom: s.fValidFrom,
    validTo: s.fValidTo,
    closedOnPublicHolidays: s.fHolidayClosed,
  } as Record<string, string>,
  exceptions: {
    date: s.fDate,
    closed: s.fClosedAllDay,
    opensAt: s.fOpensAt,
    closesAt: s.fClosesAt,
    description: s.fExceptionNote,
  } as Record<string, string>,
  contacts: { name: s.fContactName, title: s.fContactTitle, phone: s.fPhone, email: s.fEmail } as Record<string, string>,
});

/** The label of a form key in the error summary, rows included ("Opens, row 2"). */
export function labelOfKey(key: string, s: StaffMessages): string {
  const labels = fieldLabels(s);
  if (labels[key]) return labels[key];
  const parts = key.split('.');
  const rows = rowFieldLabels(s);
  const rowLabel = (
    fields: Record<string, string>,
    make: (what: string, n: number) => string,
    index: string | undefined,
    field: string | undefined,
  ) => make((field && fields[field]) ?? field ?? '', Number(index) + 1);
  if (parts[0] === 'openingHours' && parts[1] === 'rules') return rowLabel(rows.rules, s.rowLabel, parts[2], parts[3]);
  if (parts[0] === 'openingHours' && parts[1] === 'exceptions') return rowLabel(rows.exceptions, s.exceptionLabel, parts[2], parts[3]);
  if (parts[0] === 'contacts') return rowLabel(rows.contacts, s.contactLabel, parts[1], parts[2]);
  return key;
}

/** What each part of the form gets: the state, a way to change it, and the errors by form key. */
export type FormPartProps = {
  form: ServiceFormState;
  update: (patch: Partial<ServiceFormState>) => void;
  errors: Record<string, string>;
};

/** Clock times as HH:MM; a closing time at or before the opening time is past midnight. */
export function closesNextDay(opensAt: string, closesAt: string): boolean {
  const re = /^([01]\d|2[0-3]):[0-5]\d$/;
  return re.test(opensAt.trim()) && re.test(closesAt.trim()) && closesAt.trim() <= opensAt.trim();
}
