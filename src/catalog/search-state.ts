import type { Db } from '../platform/db.ts';
import { selectLexiconWords, selectRevision } from './catalog.repository.ts';
import { Lexicon } from './lexicon.ts';

/**
 * What searches share per database: the catalog's revision and the lexicon of that revision.
 * The revision is read at most once a second, so a cached search costs no database round trip;
 * this process forgets it at once after its own writes (forgetRevision), and another server
 * process's edits show within a second.
 */
const REVISION_TTL_MS = 1000;

type State = {
  revision: number;
  checkedAt: number;
  pending: Promise<number> | null;
  lexicon: { revision: number; value: Promise<Lexicon> } | null;
};

const states = new WeakMap<Db, State>();

function stateOf(db: Db): State {
  let state = states.get(db);
  if (!state) {
    state = { revision: -1, checkedAt: 0, pending: null, lexicon: null };
    states.set(db, state);
  }
  return state;
}

/** The catalog revision, at most a second old (or fresh after forgetRevision). */
export async function catalogRevision(db: Db): Promise<number> {
  const state = stateOf(db);
  if (Date.now() - state.checkedAt < REVISION_TTL_MS) return state.revision;
  state.pending ??= selectRevision(db).then(
    (revision) => {
      state.revision = revision;
      state.checkedAt = Date.now();
      state.pending = null;
      return revision;
    },
    (error: unknown) => {
      state.pending = null;
      throw error;
    },
  );
  return state.pending;
}

/** Called after this process changed the catalog: the next search reads the revision again. */
export function forgetRevision(db: Db): void {
  stateOf(db).checkedAt = 0;
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
