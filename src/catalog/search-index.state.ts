import type { Db } from '../platform/db.ts';
import { SearchIndex, Segment } from './search-index.ts';
import { selectChangesSince, selectIndexedServices } from './search-index.repository.ts';
import { catalogRevision } from './search-state.ts';

/**
 * One in-memory search index per database handle, kept at the catalog's revision: a search first
 * reads the revision (at most a second old, and forgotten at once when any instance's
 * catalog.changed event arrives, see search-state.ts), and when the index is behind it reloads the
 * services those revisions changed (catalog_change) into the small segment, tombstoning their old
 * documents; many changes at once, or a gap in the log, rebuild it from the database. PostgreSQL
 * stays the source of truth: the index is only ever a copy of committed rows.
 */
type State = { index: SearchIndex | null; pending: Promise<SearchIndex> | null };

const states = new WeakMap<Db, State>();

/** The changed-services segment is merged into a new main segment when it grows past this share of the catalog. */
const DELTA_SHARE = 0.05;
const DELTA_MIN = 500;

async function build(db: Db): Promise<SearchIndex> {
  // The revision first: a change committed while the rows load is seen again by the next sync.
  const revision = await catalogRevision(db);
  const services = await selectIndexedServices(db, null);
  return new SearchIndex(new Segment(services), new Segment([]), revision);
}

async function sync(db: Db, index: SearchIndex): Promise<SearchIndex> {
  const changes = await selectChangesSince(db, index.revision);
  if (changes.revision === index.revision) return index;
  if (changes.gap || changes.ids.includes(null)) return build(db);
  const changed = [...new Set(changes.ids as string[])];
  const fresh = await selectIndexedServices(db, changed);
  const replaced = new Set(changed);
  const delta = [...index.delta.services.filter((s) => !replaced.has(s.id)), ...fresh];
  if (delta.length > Math.max(DELTA_MIN, index.main.size * DELTA_SHARE)) return build(db);
  for (const [d, s] of index.main.services.entries()) if (replaced.has(s.id)) index.main.kill(d);
  return new SearchIndex(index.main, new Segment(delta), changes.revision);
}

/** The search index at the catalog's current revision (built on first use, synced when behind). */
export async function searchIndex(db: Db): Promise<SearchIndex> {
  let state = states.get(db);
  if (!state) {
    state = { index: null, pending: null };
    states.set(db, state);
  }
  const revision = await catalogRevision(db);
  if (state.index && state.index.revision === revision) return state.index;
  if (!state.pending) {
    const current = state.index;
    const s = state;
    const pending = (current ? sync(db, current) : build(db)).then(
      (index) => {
        s.index = index;
        s.pending = null;
        return index;
      },
      (error: unknown) => {
        s.pending = null;
        throw error;
      },
    );
    s.pending = pending;
    return pending;
  }
  return state.pending;
}
