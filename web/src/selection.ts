import { useCallback, useSyncExternalStore } from 'react';

/** The services a reader has picked for the print list, kept in localStorage across pages. */
const KEY = 'veiviser.printList';
const listeners = new Set<() => void>();
let cache: string[] | null = null;
let cacheRaw: string | null = null;

function read(): string[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (cache && raw === cacheRaw) return cache;
  cacheRaw = raw;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    cache = Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, 100) : [];
  } catch {
    cache = [];
  }
  return cache;
}

function write(ids: string[]) {
  try {
    localStorage.setItem(KEY, JSON.stringify(ids));
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
    const current = read();
    write(on ? [...current.filter((x) => x !== id), id] : current.filter((x) => x !== id));
  }, []);
  const clear = useCallback(() => write([]), []);
  return { ids, toggle, clear };
}
