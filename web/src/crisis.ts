import { useEffect, useState } from 'react';
import { api, type CrisisLine } from './api.ts';

/*
 * The crisis lines every public page shows, and the quick exit. The lines are data editors
 * change (GET /api/crisis-lines); until they arrive, or if they cannot be fetched, the page still
 * shows the two numbers no one should have to wait for.
 */

/** Shown before the list arrives and if it cannot be fetched: never an empty crisis bar. */
export const FALLBACK_LINES: readonly CrisisLine[] = [
  {
    key: 'amk-113',
    name: { nb: 'Medisinsk nødtelefon', en: 'Medical emergency' },
    phone: { display: '113', tel: '113' },
    organization: 'AMK',
    hours: { nb: 'Døgnåpen', en: 'Open 24/7' },
    is24_7: true,
    audience: { nb: 'Når det er akutt og står om liv', en: 'When life is at risk' },
  },
  {
    key: 'legevakt-116117',
    name: { nb: 'Legevakt', en: 'Out-of-hours doctor (legevakt)' },
    phone: { display: '116 117', tel: '116117' },
    organization: 'Legevakten',
    hours: { nb: 'Døgnåpen', en: 'Open 24/7' },
    is24_7: true,
    audience: { nb: 'Når du trenger lege raskt', en: 'When you need a doctor soon' },
  },
];

let lines: Promise<CrisisLine[]> | null = null;

/** The active crisis lines, fetched once per page load. */
function loadCrisisLines(): Promise<CrisisLine[]> {
  lines ??= api.get<{ lines: CrisisLine[] }>('/api/crisis-lines').then(
    (r) => (r.lines.length ? r.lines : [...FALLBACK_LINES]),
    () => {
      lines = null; // try again on the next page
      return [...FALLBACK_LINES];
    },
  );
  return lines;
}

/** The crisis lines in display order (the fallback numbers until the list arrives). */
export function useCrisisLines(): readonly CrisisLine[] {
  const [state, setState] = useState<readonly CrisisLine[]>(FALLBACK_LINES);
  useEffect(() => {
    let live = true;
    void loadCrisisLines().then((l) => live && setState(l));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** A `tel:` link target. */
export const telHref = (line: CrisisLine) => `tel:${line.phone.tel}`;

/** Where the quick exit goes: a neutral page that says nothing about why someone was here. */
export const QUICK_EXIT_URL = 'https://www.yr.no/nb';

/**
 * Leaves at once: forgets this tab's session storage (print list, language), then replaces this
 * page in the tab's history with a neutral site, so Back does not bring the page back.
 */
export function quickExit(): void {
  try {
    sessionStorage.clear();
  } catch {
    // Storage blocked: nothing was kept either.
  }
  window.location.replace(QUICK_EXIT_URL);
}

/** What earlier versions kept in localStorage; removed on every visit so nothing stays behind. */
const LEGACY_LOCAL_KEYS = ['veiviser.printList', 'veiviser.lang', 'veiviser.signedIn'];

/** Removes what earlier versions of the site left in localStorage. */
export function forgetLegacyStorage(): void {
  try {
    for (const key of LEGACY_LOCAL_KEYS) localStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing to remove.
  }
}
