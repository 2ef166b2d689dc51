import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, loadVocabulary, type Vocabulary } from './api.ts';

export type Loadable<T> = { data: T | null; error: ApiError | null; loading: boolean; reload: () => void };

/** GETs a path (null: nothing yet) and re-fetches when it changes; aborts stale requests. */
export function useApi<T>(path: string | null): Loadable<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean; path: string | null }>({
    data: null,
    error: null,
    loading: path !== null,
    path: null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path, controller.signal).then(
      (data) => setState({ data, error: null, loading: false, path }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setState({ data: null, error: error instanceof ApiError ? error : new ApiError(0, String(error)), loading: false, path });
      },
    );
    return () => controller.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
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
