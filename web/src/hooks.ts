import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, loadVocabulary, type Vocabulary } from './api.ts';

export type Loadable<T> = { data: T | null; error: ApiError | null; loading: boolean; reload: () => void };

/**
 * GETs a path (null: nothing yet) and re-fetches when it changes; aborts stale requests. While a
 * new path loads, the last answer stays in `data` (a result list stays on screen, marked busy).
 */
export function useApi<T>(path: string | null): Loadable<T> {
  const [tick, setTick] = useState(0);
  // Which request (reload count and path) the data or error answers; loading until it is this one.
  const key = path === null ? null : `${tick} ${path}`;
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; key: string | null }>({
    data: null,
    error: null,
    key: null,
  });
  useEffect(() => {
    if (path === null || key === null) return;
    const controller = new AbortController();
    api.get<T>(path, controller.signal).then(
      (data) => setState({ data, error: null, key }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setState({ data: null, error: error instanceof ApiError ? error : new ApiError(0, String(error)), key });
      },
    );
    return () => controller.abort();
  }, [path, key]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const loading = key !== null && state.key !== key;
  return { data: state.data, error: loading ? null : state.error, loading, reload };
}

/** The catalog vocabulary (kinds, ladder steps, target groups, districts). */
export function useVocabulary(): { vocabulary: Vocabulary | null; error: ApiError | null } {
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    loadVocabulary().then(
      (v) => live && setVocabulary(v),
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, String(e))),
    );
    return () => {
      live = false;
    };
  }, []);
  return { vocabulary, error };
}
