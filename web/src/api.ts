/**
 * The web's only door to the API: typed fetch helpers that turn problem+json into ApiError, and
 * the shapes the API returns: from the server's contracts (src/ *.schemas.ts, imported as types
 * only) where a route has one, otherwise copied from the server's models until it does.
 */
import type { Me as MeContract } from '../../src/access/access.schemas.ts';

export type Label = { nb: string; en: string };
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export type IntakeStatus = 'accepting' | 'waiting_list' | 'full';
export const INTAKE_STATUSES: readonly IntakeStatus[] = ['accepting', 'waiting_list', 'full'];
export type ServiceStatus = 'active' | 'planned' | 'closed';
export const SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'planned', 'closed'];
export type GapStatus = 'missing' | 'office_hours_only' | 'covered' | 'hours_unknown';
export const GAP_STATUSES: readonly GapStatus[] = ['missing', 'office_hours_only', 'covered', 'hours_unknown'];

export type District = { slug: string; name: string; code: string; tile: { row: number; col: number } };

export type Vocabulary = {
  kinds: Record<string, Label & { step: number | null }>;
  ladderSteps: Record<string, Label>;
  targetGroups: Record<string, Label>;
  hovedforlop: Record<string, Label>;
  access: Record<string, Label>;
  districts: District[];
};

export type MatchReason = { term: string; matched: string; via: 'exact' | 'synonym' | 'typo' | 'compound'; inName: boolean };

export type ServiceSummary = {
  id: string;
  name: string;
  description: string;
  descriptionEn: string | null;
  kind: string;
  ladderStep: number | null;
  targetGroups: string[];
  cityWide: boolean;
  districts: string[];
  access: string | null;
  requiresDrugFree: boolean | null;
  is24_7: boolean;
  hasEveningHours: boolean;
  hasWeekendHours: boolean;
  minAge: number | null;
  maxAge: number | null;
  status: ServiceStatus;
  statusDate: string | null;
  intakeStatus: IntakeStatus | null;
  organizationName: string | null;
  underReview: boolean;
  reasons: MatchReason[];
};

export type SearchResponse = {
  items: ServiceSummary[];
  total: number;
  page: number;
  perPage: number;
  matchMode: 'all' | 'any' | 'none';
  terms: { term: string; variants: { text: string; via: string }[] }[];
  /** The search looks like someone in crisis: the page shows the crisis lines first. */
  crisis?: boolean;
  /** Query words taken for typos and what was searched instead. */
  corrections?: { term: string; correction: string }[];
  /** With a district filter and nothing in it: how many match in all districts. */
  allDistrictsTotal?: number | null;
  /** With no match: searches that find something. */
  suggestions?: string[];
};

export type WeeklyRule = {
  byday: Weekday;
  opensAt: string;
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
  description?: string | null;
};

export type OpeningHours = { is24_7: boolean; rules: WeeklyRule[]; exceptions: ScheduleException[] };

export type Location = {
  id: string;
  name: string | null;
  address1: string | null;
  postalCode: string | null;
  city: string | null;
  addressNote: string | null;
  district: string | null;
  accessibility: string | null;
  transportation: string | null;
};

export type Contact = { id?: string; name: string | null; title: string | null; phone: string | null; email: string | null };

export type Service = {
  id: string;
  name: string;
  alternateNames: string[];
  description: string;
  descriptionEn: string | null;
  url: string | null;
  email: string | null;
  phone: string | null;
  kind: string;
  ladderStep: number | null;
  targetGroups: string[];
  hovedforlop: number[];
  minAge: number | null;
  maxAge: number | null;
  eligibilityDescription: string | null;
  access: string | null;
  requiresDrugFree: boolean | null;
  anonymous: boolean | null;
  cityWide: boolean;
  districts: string[];
  openingHours: OpeningHours;
  status: ServiceStatus;
  statusDate: string | null;
  statusNote: string | null;
  intakeStatus: IntakeStatus | null;
  intakeStatusAt: string | null;
  costDescription: string | null;
  freeOfCharge: boolean | null;
  languages: string[];
  accessibility: string | null;
  places: number | null;
  organization: { id: string; name: string; description: string; website: string | null; email: string | null } | null;
  locations: Location[];
  contacts: Contact[];
  provenance: { source: string | null; sourceRefs: string[]; lastVerifiedAt: string | null; verifiedBy: string | null };
  underReview: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type GapCoverage = { status: GapStatus; outsideOfficeHours: number; hoursUnknown: number };
/** A district's step: counts of its own and of city-wide offers; `own` is the step without the city-wide ones. */
export type GapCell = GapCoverage & {
  step: number;
  local: number;
  cityWide: number;
  own: GapCoverage;
  serviceIds: string[];
};
export type GapRow = { district: string; name: string; cells: GapCell[]; missingSteps: number[]; ownMissingSteps: number[] };

/** GET /api/auth/me: who is signed in and the permissions the web shows pages and actions by. */
export type Me = MeContract;

export type FieldError = { field: string; message: string };

/** An RFC 9457 problem from the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldError[];

  constructor(status: number, detail: string, errors: FieldError[] = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
  }
}

let csrfToken: string | null = null;

/** The CSRF token of the signed-in session, sent as x-csrf-token on every POST and PUT. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const SIGNED_IN_KEY = 'veiviser.signedIn';

/**
 * Whether this tab believes it holds a session (the cookie itself is httpOnly). Kept in
 * sessionStorage: nothing of a visit stays in the browser once the tab is closed.
 */
export function hintSignedIn(value?: boolean): boolean {
  try {
    if (value === true) sessionStorage.setItem(SIGNED_IN_KEY, '1');
    if (value === false) sessionStorage.removeItem(SIGNED_IN_KEY);
    return sessionStorage.getItem(SIGNED_IN_KEY) === '1';
  } catch {
    return false;
  }
}

/** A response body as JSON, or null when it is empty or not JSON. */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, (error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const data = parseJson(await response.text());
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; title?: string; errors?: FieldError[] };
    throw new ApiError(response.status, problem.detail ?? problem.title ?? response.statusText, problem.errors ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

let vocabulary: Promise<Vocabulary> | null = null;

/** The catalog's vocabulary, fetched once per page load. */
export function loadVocabulary(): Promise<Vocabulary> {
  vocabulary ??= api.get<Vocabulary>('/api/vocabulary').catch((error: unknown) => {
    vocabulary = null;
    throw error;
  });
  return vocabulary;
}

/**
 * Posts on behalf of whoever is at the keyboard. A signed-in editor's session demands the CSRF
 * token even on public routes, so fetch it first when this browser holds a session.
 */
export async function postPublic<T>(path: string, body: unknown): Promise<T> {
  if (!csrfToken && hintSignedIn()) {
    try {
      const me = await api.get<Me>('/api/auth/me');
      setCsrfToken(me.csrfToken);
    } catch {
      hintSignedIn(false);
    }
  }
  return api.post<T>(path, body);
}

/** A national crisis or help line, as GET /api/crisis-lines gives it (server: src/crisis/crisis.schemas.ts). */
export type CrisisLine = {
  key: string;
  name: Label;
  phone: { display: string; tel: string };
  organization: string;
  hours: Label;
  is24_7: boolean;
  audience: Label;
};

/** A crisis line as editors see it (GET /api/crisis-lines/all). */
export type EditableCrisisLine = CrisisLine & {
  sortOrder: number;
  active: boolean;
  sourceNote: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
};
