import type { Db } from '../platform/db.ts';
import type { EventBus } from '../platform/events/event-bus.ts';
import type { SessionRow } from './sessions.repository.ts';

/*
 * The sessions this process resolved a moment ago, per database handle, so a signed-in user's
 * requests do not each read app_session and app_user (a page load is several API calls; a busy
 * client many a second). A cached session is only ever used to say yes: when its copy would time
 * out, need touching or is older than SESSION_CACHE_MS, resolveSession reads the database as
 * before, so a stale copy can never end or refuse a live session. Ending sessions (sign-out,
 * sign-out everywhere, an administrator's change of roles, scopes or the disabled flag) publishes
 * SESSIONS_ENDED with the user's id in the same transaction; every instance forgets that user's
 * sessions when the event reaches it (milliseconds after the commit), and the instance that ended
 * them forgets them at once after its commit. What ends a session past the service (SQL by hand)
 * is seen within SESSION_CACHE_MS.
 */

/** How long a resolved session is taken from memory before it is read again. */
export const SESSION_CACHE_MS = 15_000;
/** At most this many sessions per handle; the oldest go first. */
const MAX_SESSIONS = 10_000;

/** Published when sessions of a user end or their access changes: `{ userId }`. */
export const SESSIONS_ENDED = 'access.sessions_ended';

type Cached = { row: SessionRow; at: number };

const caches = new WeakMap<Db, Map<string, Cached>>();

function cacheOf(db: Db): Map<string, Cached> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Cached>()));
  return cache;
}

/** The session row resolved for this token hash less than SESSION_CACHE_MS ago, if any. */
export function cachedSession(db: Db, tokenHash: string, now: number): SessionRow | undefined {
  const cache = cacheOf(db);
  const hit = cache.get(tokenHash);
  if (!hit) return undefined;
  if (now - hit.at < SESSION_CACHE_MS) return hit.row;
  cache.delete(tokenHash);
  return undefined;
}

/** Keeps a session row just read from the database (and found valid). */
export function rememberSession(db: Db, tokenHash: string, row: SessionRow, now: number): void {
  const cache = cacheOf(db);
  cache.delete(tokenHash);
  if (cache.size >= MAX_SESSIONS) cache.delete(cache.keys().next().value!);
  cache.set(tokenHash, { row, at: now });
}

/** Forgets one session (its token's hash). */
export function forgetSession(db: Db, tokenHash: string): void {
  caches.get(db)?.delete(tokenHash);
}

/** Forgets every session of a user. */
export function forgetUserSessions(db: Db, userId: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  for (const [hash, cached] of cache) if (cached.row.user_id === userId) cache.delete(hash);
}

/** Forgets a user's sessions whenever SESSIONS_ENDED arrives from any instance; returns the unsubscribe function. */
export function followSessionEnds(db: Db, bus: EventBus): () => void {
  return bus.subscribe([SESSIONS_ENDED], (event) => {
    const userId = (event.payload as { userId?: unknown }).userId;
    if (typeof userId === 'string') forgetUserSessions(db, userId);
  });
}
