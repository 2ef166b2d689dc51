/**
 * The web's only door to the API: typed fetch helpers that turn problem+json into ApiError, and
 * the shapes the API returns. Those are the server's own contracts (src/<module>/*.schemas.ts),
 * imported as types only: nothing of zod or the server reaches the bundle. Value lists come from
 * the constant modules the schemas use (npm run lint holds the web to both).
 */
import type { z } from 'zod';
import type { meSchema } from '../../src/access/access.schemas.ts';
import type {
  contactAnswerSchema,
  districtSchema,
  gapCellSchema,
  gapMatrixSchema,
  labelSchema,
  locationSchema,
  matchReasonSchema,
  openingHoursAnswerSchema,
  scheduleExceptionAnswerSchema,
  searchResponseSchema,
  serviceSchema,
  serviceSummarySchema,
  vocabularySchema,
  weeklyRuleAnswerSchema,
} from '../../src/catalog/catalog.schemas.ts';
import type { fieldErrorSchema } from '../../src/platform/http.schemas.ts';

export {
  GAP_STATUSES,
  INTAKE_STATUSES,
  SERVICE_STATUSES,
  WEEKDAYS,
  type GapStatus,
  type IntakeStatus,
  type ServiceStatus,
  type Weekday,
} from '../../src/catalog/vocabulary.ts';

export type Label = z.output<typeof labelSchema>;
export type District = z.output<typeof districtSchema>;
/** GET /api/vocabulary */
export type Vocabulary = z.output<typeof vocabularySchema>;
export type MatchReason = z.output<typeof matchReasonSchema>;
export type ServiceSummary = z.output<typeof serviceSummarySchema>;
/** GET /api/services */
export type SearchResponse = z.output<typeof searchResponseSchema>;
export type WeeklyRule = z.output<typeof weeklyRuleAnswerSchema>;
export type ScheduleException = z.output<typeof scheduleExceptionAnswerSchema>;
export type OpeningHours = z.output<typeof openingHoursAnswerSchema>;
export type Location = z.output<typeof locationSchema>;
export type Contact = z.output<typeof contactAnswerSchema>;
/** GET /api/services/:id, and the answer of every editor write */
export type Service = z.output<typeof serviceSchema>;
export type GapCell = z.output<typeof gapCellSchema>;
/** GET /api/gap-matrix: one row per district */
export type GapRow = z.output<typeof gapMatrixSchema>[number];
/** GET /api/auth/me */
export type Me = z.output<typeof meSchema>;
export type FieldError = z.output<typeof fieldErrorSchema>;

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

/** Whether this browser believes it holds a session (the cookie itself is httpOnly). */
export function hintSignedIn(value?: boolean): boolean {
  try {
    if (value === true) localStorage.setItem(SIGNED_IN_KEY, '1');
    if (value === false) localStorage.removeItem(SIGNED_IN_KEY);
    return localStorage.getItem(SIGNED_IN_KEY) === '1';
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
