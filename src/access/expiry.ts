import type { Db } from '../platform/db.ts';
import type { Pruner } from '../platform/jobs/prune.ts';
import { deleteExpiredOidcLogins } from './oidc-logins.repository.ts';
import { deleteExpiredSessionsBefore } from './sessions.repository.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.service.ts';
import { deleteUsedOrOldSetupTokens } from './setup-tokens.repository.ts';

/** A setup token for the first administrator is good for a day after it was made. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes sessions past the idle or the absolute limit (the same rules resolveSession applies when
 * one is presented); returns how many.
 */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  return deleteExpiredSessionsBefore(db, new Date(now.getTime() - SESSION_IDLE_MS), new Date(now.getTime() - SESSION_ABSOLUTE_MS));
}

/** Deletes setup tokens that were used or are older than a day (consumeSetupToken refuses both); returns how many. */
export async function deleteStaleSetupTokens(db: Db, now: Date): Promise<number> {
  return deleteUsedOrOldSetupTokens(db, new Date(now.getTime() - SETUP_TOKEN_TTL_MS));
}

/** What the access module prunes on the recurring prune job. */
export const accessPruners: Pruner[] = [
  { name: 'expired sessions', prune: deleteExpiredSessions },
  { name: 'used or expired setup tokens', prune: deleteStaleSetupTokens },
  { name: 'abandoned OpenID Connect sign-ins', prune: deleteExpiredOidcLogins },
];
