import { useCallback, useSyncExternalStore } from 'react';

/**
 * The services a reader has picked for the print list, kept in sessionStorage across pages: the
 * list ends with the tab, and nothing of the visit stays in the browser.
 */
const KEY = 'veiviser.printList';
/** As many as the API's ids= parameter takes in one request. */
export const MAX_SELECTED = 20;
const listeners = new Set<() => void>();
let cache: string[] | null = null;
let cacheRaw: string | null = null;

function storedRaw(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function read(): string[] {
  const raw = storedRaw();
  if (cache && raw === cacheRaw) return cache;
  cacheRaw = raw;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    cache = Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX_SELECTED) : [];
  } catch {
    cache = [];
  }
  return cache;
}

function write(ids: string[]) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // Private mode: the selection lives for this page only.
  }
  cache = ids;
  cacheRaw = JSON.stringify(ids);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSelection() {
  const ids = useSyncExternalStore(subscribe, read, () => []);
  const toggle = useCallback((id: string, on: boolean) => {
    const current = read().filter((x) => x !== id);
    if (on && current.length >= MAX_SELECTED) return;
    write(on ? [...current, id] : current);
  }, []);
  const clear = useCallback(() => write([]), []);
  return { ids, toggle, clear, full: ids.length >= MAX_SELECTED };
}
