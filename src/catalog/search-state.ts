import type { Db } from '../platform/db.ts';
import type { EventBus } from '../platform/events/event-bus.ts';
import { CATALOG_CHANGED } from './catalog-events.ts';
import { selectLexiconWords, selectRevision } from './catalog.repository.ts';
import { Lexicon } from './lexicon.ts';

/**
 * What searches share per database: the catalog's revision and the lexicon of that revision.
 * The revision is read at most once a second, so a cached search costs no database round trip;
 * this process forgets it at once after its own writes (forgetRevision), and at once when any
 * process's catalog.changed event arrives (followCatalogChanges); without events, within a second.
 */
const REVISION_TTL_MS = 1000;

type State = {
  revision: number;
  checkedAt: number;
  /** Bumped by forgetRevision: a read that started before it must not be trusted for a second. */
  generation: number;
  pending: Promise<number> | null;
  lexicon: { revision: number; value: Promise<Lexicon> } | null;
};

const states = new WeakMap<Db, State>();

function stateOf(db: Db): State {
  let state = states.get(db);
  if (!state) {
    state = { revision: -1, checkedAt: 0, generation: 0, pending: null, lexicon: null };
    states.set(db, state);
  }
  return state;
}

/** The catalog revision, at most a second old (or fresh after forgetRevision). */
export async function catalogRevision(db: Db): Promise<number> {
  const state = stateOf(db);
  if (Date.now() - state.checkedAt < REVISION_TTL_MS) return state.revision;
  if (state.pending) return state.pending;
  const generation = state.generation;
  const pending = selectRevision(db).then(
    (revision) => {
      if (state.pending === pending) state.pending = null;
      if (state.generation === generation) {
        state.revision = revision;
        state.checkedAt = Date.now();
      }
      return revision;
    },
    (error: unknown) => {
      if (state.pending === pending) state.pending = null;
      throw error;
    },
  );
  state.pending = pending;
  return pending;
}

/** Called after the catalog changed: the next search reads the revision again (not a read begun before). */
export function forgetRevision(db: Db): void {
  const state = stateOf(db);
  state.checkedAt = 0;
  state.generation += 1;
  state.pending = null;
}

/** The lexicon of the current revision, loaded once per revision. */
export async function catalogLexicon(db: Db): Promise<Lexicon> {
  const revision = await catalogRevision(db);
  const state = stateOf(db);
  if (state.lexicon?.revision !== revision) {
    const value = selectLexiconWords(db).then((words) => new Lexicon(words));
    state.lexicon = { revision, value };
    // A failed load must not stick: the next search tries again.
    value.catch(() => {
      if (state.lexicon?.value === value) state.lexicon = null;
    });
  }
  return state.lexicon.value;
}

/**
 * Forgets the revision as soon as any instance reports a catalog change (catalog.changed), so
 * another server process's edit shows at once; the once-a-second read stays as the fallback for
 * when no event arrives (listener reconnecting).
 */
export function followCatalogChanges(db: Db, events: EventBus): () => void {
  return events.subscribe([CATALOG_CHANGED], () => forgetRevision(db));
}
