import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { anonymousActor, type Actor, type ClientInfo } from './actor.ts';
import { appendAudit } from './audit.ts';
import { SETUP_TOKEN_TTL_MS } from './expiry.ts';
import { markSetupTokenUsed, replaceUnusedSetupTokens } from './setup-tokens.repository.ts';
import { hashToken } from './tokens.ts';
import { countUsers } from './users.repository.ts';
import { createLocalUser } from './users.service.ts';

/** A one-time setup token for creating the first administrator, when none was configured. */
export async function createSetupToken(db: Db): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await replaceUnusedSetupTokens(db, hashToken(token));
  return token;
}

/** Uses a setup token once: true when it was valid, unused, younger than a day, and no user exists. */
export async function consumeSetupToken(db: Db, token: string): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const now = new Date();
  return markSetupTokenUsed(db, hashToken(token), { now, createdAfter: new Date(now.getTime() - SETUP_TOKEN_TTL_MS) });
}

/**
 * Creates the first administrator with the one-time setup token (audited). A token that is
 * invalid, used or expired, or any existing user, is an audited refusal.
 */
export async function setUpFirstAdministrator(
  db: Db,
  options: { token: string; email: string; displayName: string; password: string; client: ClientInfo },
): Promise<{ id: string }> {
  const setup = {
    action: 'setup_administrator',
    purpose: 'authentication',
    resourceType: 'app_user',
    personId: null,
    ...options.client,
  } as const;
  if (!(await consumeSetupToken(db, options.token))) {
    throw new AppError('FORBIDDEN', 'token: the setup link is invalid, used or expired', [], {
      ...setup,
      actor: anonymousActor('Setup link'),
      outcome: 'denied',
      resourceId: null,
      detail: { reason: 'invalid, used or expired setup token' },
    });
  }
  const created = await createLocalUser(db, {
    email: options.email,
    password: options.password,
    displayName: options.displayName,
    roles: ['administrator'],
  });
  const actor: Actor = { userId: created.id, displayName: options.displayName, roles: ['administrator'], districts: [], units: [] };
  await appendAudit(db, { ...setup, actor, outcome: 'allowed', resourceId: created.id });
  return created;
}
