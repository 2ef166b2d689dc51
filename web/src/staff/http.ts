import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { sessionExpired } from './session.tsx';

/*
 * The staff pages' door to the API: api.ts's helpers (which send the CSRF token), plus one rule —
 * a 401 from any call means the session is gone, so the session store flips to "expired" and the
 * page gate sends the user to sign in again.
 */

function guard<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) sessionExpired();
    throw error;
  });
}

export const staffApi = {
  get: <T>(path: string, signal?: AbortSignal) => guard(api.get<T>(path, signal)),
  post: <T>(path: string, body?: unknown) => guard(api.post<T>(path, body)),
  put: <T>(path: string, body: unknown) => guard(api.put<T>(path, body)),
};

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, String(error));
}

export type StaffLoadable<T> = {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data in place (after a write that returned the new state). */
  set: (data: T) => void;
};

/** GETs a path (null: nothing yet) through staffApi; aborts stale requests; keeps data while reloading. */
export function useStaffGet<T>(path: string | null): StaffLoadable<T> {
  const [tick, setTick] = useState(0);
  // Each answer is stored with the request it answers, so "loading" is derived, not set.
  const key = path === null ? null : `${tick}:${path}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: ApiError | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (path === null || key === null) return;
    const controller = new AbortController();
    staffApi.get<T>(path, controller.signal).then(
      (data) => setState({ key, data, error: null }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setState({ key, data: null, error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [path, key]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ key, data, error: null }), [key]);
  const current = state.key === key;
  return { data: state.data, error: current ? state.error : null, loading: key !== null && !current, reload, set };
}
