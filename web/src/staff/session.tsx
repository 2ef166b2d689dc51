import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError, hintSignedIn, setCsrfToken, type Me } from '../api.ts';

/*
 * The staff session, kept outside React: the router mounts a fresh StaffApp for /redaktor,
 * /admin and /logg-inn, and the session (and why it ended) must survive those switches without
 * asking /api/auth/me again. The CSRF token itself lives in api.ts, in memory only.
 */

export type SignedOutReason = 'none' | 'expired' | 'signedOut' | 'signedOutEverywhere';

export type SessionState = { status: 'loading' } | { status: 'anonymous'; reason: SignedOutReason } | { status: 'signedIn'; me: Me };

let state: SessionState = { status: 'loading' };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function setState(next: SessionState) {
  state = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks the server who is signed in (after a reload the cookie is all we have). */
function loadSession(): Promise<void> {
  loading ??= api.get<Me>('/api/auth/me').then(
    (me) => {
      setCsrfToken(me.csrfToken);
      hintSignedIn(true);
      setState({ status: 'signedIn', me });
    },
    (error: unknown) => {
      // 401 is the ordinary "nobody signed in"; anything else we also treat as signed out, so the
      // sign-in form is there to try again.
      if (error instanceof ApiError && error.status === 401) hintSignedIn(false);
      setState({ status: 'anonymous', reason: 'none' });
    },
  );
  return loading;
}

/** Records a successful sign-in (the answer of POST /api/auth/login). */
export function sessionStarted(me: Me) {
  setCsrfToken(me.csrfToken);
  hintSignedIn(true);
  loading = Promise.resolve();
  setState({ status: 'signedIn', me });
}

/** Forgets the session locally; the sign-in page says why. */
export function sessionEnded(reason: SignedOutReason) {
  setCsrfToken(null);
  hintSignedIn(false);
  loading = Promise.resolve();
  if (state.status === 'anonymous' && state.reason === reason) return;
  setState({ status: 'anonymous', reason });
}

/** Called on any 401 from a staff call: the session has expired or was ended elsewhere. */
export function sessionExpired() {
  if (state.status === 'signedIn') sessionEnded('expired');
}

/** Ends this session (or every session of the user) on the server, then locally. */
export async function signOut(everywhere: boolean): Promise<void> {
  try {
    await api.post(everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout');
  } catch (error) {
    // A session that already expired is signed out either way.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  sessionEnded(everywhere ? 'signedOutEverywhere' : 'signedOut');
}

/** The current session; loads it on first use. */
export function useSession(): SessionState {
  const current = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (current.status === 'loading') void loadSession();
  }, [current.status]);
  return current;
}
