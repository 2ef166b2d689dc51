/**
 * The web's only door to the API: typed fetch helpers that turn problem+json into ApiError, and
 * the shapes the API returns: the server's contracts (src/ *.schemas.ts, imported as types only,
 * so nothing of the server reaches the bundle), and the few code lists the pages need at run time.
 */
import type { z } from 'zod';
import type { Me as MeContract } from '../../src/access/access.schemas.ts';
import type {
  gapMatrixSchema,
  publicSearchResponseSchema,
  publicServiceSchema,
  staffSearchResponseSchema,
  staffServiceResponseSchema,
  vocabularySchema,
} from '../../src/catalog/catalog-responses.schemas.ts';
import type { openStatusSchema } from '../../src/catalog/catalog.schemas.ts';
import type { crisisLineSchema, publicCrisisLineSchema } from '../../src/crisis/crisis.schemas.ts';

export type Label = { nb: string; en: string };
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export type IntakeStatus = 'accepting' | 'waiting_list' | 'full';
export const INTAKE_STATUSES: readonly IntakeStatus[] = ['accepting', 'waiting_list', 'full'];
export type ServiceStatus = 'active' | 'planned' | 'closed';
export const SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'planned', 'closed'];
export type GapStatus = 'missing' | 'office_hours_only' | 'covered' | 'hours_unknown';
export const GAP_STATUSES: readonly GapStatus[] = ['missing', 'office_hours_only', 'covered', 'hours_unknown'];

/** GET /api/vocabulary (server: src/catalog/catalog-responses.schemas.ts, as are the catalog types below). */
export type Vocabulary = z.infer<typeof vocabularySchema>;
export type District = Vocabulary['districts'][number];

/** GET /api/services: one page of search cards. */
export type SearchResponse = z.infer<typeof publicSearchResponseSchema>;
export type ServiceSummary = SearchResponse['items'][number];
export type MatchReason = ServiceSummary['reasons'][number];
/** GET /api/editor/services: the staff catalog's search (agreements included; no open status). */
export type StaffSearchResponse = z.infer<typeof staffSearchResponseSchema>;

/** Open status as the API works it out (src/catalog/open-status.ts), with its line in both languages. */
export type OpenStatusView = z.infer<typeof openStatusSchema>;

/** A whole entry (GET /api/editor/services/:id and the editor's saves). */
export type StaffService = z.infer<typeof staffServiceResponseSchema>;
/** GET /api/services/:id: the public entry, with its open status and how to get it. */
export type PublicService = z.infer<typeof publicServiceSchema>;
/** An entry as the pages show it: the public detail adds open status and how to get it. */
export type Service = StaffService & Partial<Pick<PublicService, 'openStatus' | 'howToGet'>>;

export type OpeningHours = Service['openingHours'];
export type WeeklyRule = OpeningHours['rules'][number];
export type ScheduleException = OpeningHours['exceptions'][number];
export type Location = Service['locations'][number];
export type Contact = Service['contacts'][number];
export type ArrangementKind = NonNullable<Service['arrangement']>;

/** GET /api/gap-matrix. */
export type GapRow = z.infer<typeof gapMatrixSchema>[number];
/** A district's step: counts of its own and of city-wide offers; `own` is the step without the city-wide ones. */
export type GapCell = GapRow['cells'][number];
export type GapCoverage = GapCell['own'];

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

/** A national crisis or help line, as GET /api/crisis-lines gives it. */
export type CrisisLine = z.infer<typeof publicCrisisLineSchema>;

/** A crisis line as editors see it (GET /api/crisis-lines/all). */
export type EditableCrisisLine = z.infer<typeof crisisLineSchema>;
