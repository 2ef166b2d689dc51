import type { Db } from '../platform/db.ts';
import { looksLikeCrisis } from '../crisis/crisis-query.ts';
import type { SearchQuery } from './catalog.schemas.ts';
import { withCurrentIntakeStatus } from './intake-status.service.ts';
import { toOsloMoment } from './opening-hours.ts';
import { openStatusView } from './open-status.ts';
import { countUnknownHours, SearchCache, searchFilters, searchServices, type SearchResponse } from './search.service.ts';

type CachedSearch = SearchResponse & { unknownHours: number | null };

/** The public search's answers, cached per process until the catalog's revision moves (one per app). */
export const newPublicSearchCache = () => new SearchCache<CachedSearch>();

/**
 * The public search as a citizen gets it: the ranked page and how many matches have unknown hours
 * (cached), then what changes without a catalog revision, worked out on every answer — intake
 * status (its own small change, which flushes no cache), open status at `now`, and whether the
 * search looks like someone in crisis (the page shows the crisis lines first).
 */
export async function searchPublicCatalog(db: Db, cache: SearchCache<CachedSearch>, q: SearchQuery, now: Date) {
  const filters = searchFilters(q, now);
  // "Open now" depends on the minute, so it is part of the cache key.
  const key = JSON.stringify({ ...q, lang: undefined, at: q.openNow ? toOsloMoment(now) : undefined });
  const page = await cache.get(db, key, async () => {
    return {
      ...(await searchServices(db, { q: q.q, filters, page: q.page, perPage: q.perPage, noCorrection: q.noCorrection })),
      unknownHours: await countUnknownHours(db, { q: q.q, filters }),
    };
  });
  // Also on a fresh answer: the index keeps the intake status it was built with (a change bumps no revision).
  const current = await withCurrentIntakeStatus(db, page);
  const items = current.items.map((i) => ({ ...i, openStatus: openStatusView(i.openingHours, now) }));
  return { ...current, items, crisis: looksLikeCrisis(q.q) };
}
