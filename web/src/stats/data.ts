import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api.ts';
import type {
  IndicatorDefinition,
  IndicatorList,
  JsonStatDataset,
  ReleaseChangesAnswer,
  ReleaseLinkage,
  ReleaseList,
} from '../../../src/stats/stats.schemas.ts';

export type { IndicatorDefinition, JsonStatDataset, ReleaseChangesAnswer, ReleaseLinkage, ReleaseList };

/** One cell of a dataset, with what the page shows about it. */
export type Cell = {
  index: number;
  area: string;
  areaLabel: string;
  period: string;
  value: number | string | null;
  status: string | null;
  provenance: JsonStatDataset['extension']['cells'][number];
};

/** The dataset's cells in order (area-major), with their labels and status. */
export function cellsOf(dataset: JsonStatDataset): Cell[] {
  const [areaDim, periodDim] = dataset.id as [string, string];
  const areas = dataset.dimension[areaDim]!.category;
  const periods = dataset.dimension[periodDim]!.category;
  const cells: Cell[] = [];
  for (const area of areas.index) {
    for (const period of periods.index) {
      const index = cells.length;
      cells.push({
        index,
        area,
        areaLabel: areas.label[area] ?? area,
        period,
        value: dataset.value[index] ?? null,
        status: dataset.status[String(index)] ?? null,
        provenance: dataset.extension.cells[index]!,
      });
    }
  }
  return cells;
}

export type Loaded<T> = { data: T | null; error: ApiError | null };

/** GETs a path; null while loading. */
export function useGet<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { path: string | null }>({ path: null, data: null, error: null });
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    api.get<T>(path, controller.signal).then(
      (data) => setState({ path, data, error: null }),
      (error: unknown) => {
        if ((error as Error).name === 'AbortError') return;
        setState({ path, data: null, error: error instanceof ApiError ? error : new ApiError(0, String(error)) });
      },
    );
    return () => controller.abort();
  }, [path]);
  return state.path === path ? state : { data: null, error: null };
}

export const useIndicators = () => useGet<IndicatorList>('/api/stats/indicators');

/** The five classes of the colour scale (equal steps between the lowest and highest number), or null. */
export function scaleClass(value: number, min: number, max: number): number {
  if (max <= min) return 2;
  return Math.min(4, Math.floor(((value - min) / (max - min)) * 5));
}

/**
 * The release a page shows: `?release=<n>` in its address, as a query suffix for the API
 * (`&release=<n>`), or '' for the latest.
 */
export function useReleaseQuery(): { release: string | null; query: string } {
  const [params] = useSearchParams();
  const release = params.get('release');
  return release && /^[1-9][0-9]{0,14}$/.test(release) ? { release, query: `&release=${release}` } : { release: null, query: '' };
}
