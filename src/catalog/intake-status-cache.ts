import type { Db } from '../platform/db.ts';
import type { EventBus } from '../platform/events/event-bus.ts';
import { CATALOG_CHANGED, INTAKE_STATUS_CHANGED } from './catalog-events.ts';
import { derivedIntakeStatusSource, type DerivedIntakeStatus } from './derived-intake-status.ts';
import { selectAllIntakeStatuses, selectIntakeStatuses } from './service-editing.repository.ts';
import type { IntakeStatus } from './vocabulary.ts';

/*
 * The intake status of every service, in memory per database handle, so a search answer lays the
 * current statuses over its cards without a database round trip (withCurrentIntakeStatus). Two
 * parts: the hand-typed status of each service (reloaded by id when catalog.changed or
 * catalog.intake_status_changed names it, whole when an import names none) and the statuses
 * derived from live capacity (few rows: reloaded whole when any of the derived source's topics
 * arrives). Events come from every instance (the bus), so every process follows a change within
 * milliseconds of its commit; without events (listener reconnecting) both parts are reloaded
 * whole every 30 s. A service the cache does not know yet is read from the database.
 */

/** Without events, each part is reloaded whole this often. */
const FULL_RELOAD_MS = 30_000;

export type TypedIntakeStatus = { intakeStatus: IntakeStatus | null; at: Date | null; seedKey: string | null };

type State = {
  typed: Map<string, TypedIntakeStatus> | null;
  typedAt: number;
  /** Ids a change named since the last load; 'all' after an import. */
  dirty: Set<string> | 'all';
  typedLoad: { pending: Promise<Map<string, TypedIntakeStatus>> | null };
  derived: Map<string, DerivedIntakeStatus> | null;
  derivedAt: number;
  derivedDirty: boolean;
  derivedLoad: { pending: Promise<Map<string, DerivedIntakeStatus>> | null };
};

const states = new WeakMap<Db, State>();

function stateOf(db: Db): State {
  let state = states.get(db);
  if (!state) {
    state = {
      typed: null,
      typedAt: 0,
      dirty: 'all',
      typedLoad: { pending: null },
      derived: null,
      derivedAt: 0,
      derivedDirty: true,
      derivedLoad: { pending: null },
    };
    states.set(db, state);
  }
  return state;
}

/** Runs a load at most once at a time: callers during a load share it. */
function once<T>(slot: { pending: Promise<T> | null }, load: () => Promise<T>): Promise<T> {
  if (slot.pending) return slot.pending;
  const pending = load().finally(() => {
    if (slot.pending === pending) slot.pending = null;
  });
  slot.pending = pending;
  return pending;
}

async function typedStatuses(db: Db, state: State): Promise<Map<string, TypedIntakeStatus>> {
  const expired = Date.now() - state.typedAt >= FULL_RELOAD_MS;
  if (state.typed && !expired && state.dirty !== 'all' && state.dirty.size === 0) return state.typed;
  return once(state.typedLoad, async () => {
    // Swapped before the read: a change named while it runs stays dirty for the next one.
    const current = state.typed;
    const dirty = expired || !current ? 'all' : state.dirty;
    state.dirty = new Set();
    try {
      if (dirty === 'all' || !current) {
        const loadedAt = Date.now();
        const all = await selectAllIntakeStatuses(db);
        state.typed = all;
        state.typedAt = loadedAt;
        return all;
      }
      const ids = [...dirty];
      const fresh = await selectIntakeStatuses(db, ids);
      for (const id of ids) {
        const row = fresh.get(id);
        if (row) current.set(id, row);
        else current.delete(id);
      }
      return current;
    } catch (error) {
      state.dirty = 'all';
      throw error;
    }
  });
}

async function derivedStatuses(db: Db, state: State): Promise<Map<string, DerivedIntakeStatus>> {
  const source = derivedIntakeStatusSource();
  if (!source) return new Map();
  if (state.derived && !state.derivedDirty && Date.now() - state.derivedAt < FULL_RELOAD_MS) return state.derived;
  return once(state.derivedLoad, async () => {
    state.derivedDirty = false;
    const loadedAt = Date.now();
    try {
      const derived = await source.read(db, null);
      state.derived = derived;
      state.derivedAt = loadedAt;
      return derived;
    } catch (error) {
      state.derivedDirty = true;
      throw error;
    }
  });
}

/**
 * The hand-typed intake status of each of the ids and the derived statuses of linked entries, from
 * memory; ids the cache does not know yet (a service created a moment ago) are read from the database.
 */
export async function cachedIntakeStatuses(
  db: Db,
  ids: readonly string[],
): Promise<{ typed: Map<string, TypedIntakeStatus>; derived: Map<string, DerivedIntakeStatus> }> {
  const state = stateOf(db);
  const [all, derived] = await Promise.all([typedStatuses(db, state), derivedStatuses(db, state)]);
  const typed = new Map<string, TypedIntakeStatus>();
  const unknown: string[] = [];
  for (const id of ids) {
    const row = all.get(id);
    if (row) typed.set(id, row);
    else unknown.push(id);
  }
  if (unknown.length > 0) for (const [id, row] of await selectIntakeStatuses(db, unknown)) typed.set(id, row);
  return { typed, derived };
}

/** This process's own change of a service's status: forgotten at once, before its event arrives. */
export function forgetIntakeStatus(db: Db, serviceId: string): void {
  const state = stateOf(db);
  if (state.dirty !== 'all') state.dirty.add(serviceId);
}

/** Follows the changes of every instance: catalog changes, typed status changes and the derived source's topics. */
export function followIntakeStatusChanges(db: Db, events: EventBus): () => void {
  const state = stateOf(db);
  const unfollowTyped = events.subscribe([CATALOG_CHANGED, INTAKE_STATUS_CHANGED], (event) => {
    const id = event.payload.serviceId;
    if (typeof id === 'string') forgetIntakeStatus(db, id);
    else state.dirty = 'all';
  });
  const topics = derivedIntakeStatusSource()?.topics ?? [];
  const unfollowDerived =
    topics.length > 0
      ? events.subscribe(topics, () => {
          state.derivedDirty = true;
        })
      : () => undefined;
  return () => {
    unfollowTyped();
    unfollowDerived();
  };
}
