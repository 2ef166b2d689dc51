import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { selectOtherIdentityHolder, updateUserIdentity } from './users.repository.ts';
import type { UserSummary } from './admin.schemas.ts';
import { getUser, type LinkedIdentity } from './users.service.ts';

/**
 * Links an account to an identity at an OpenID Connect provider, or removes the link. This is how
 * people whose provider sends no verified e-mail (ID-porten) get in: their refused first sign-in
 * is audited with the issuer and subject, and an administrator links those to their account.
 * One identity signs in as one account only.
 */
export async function setUserIdentity(
  db: Db,
  options: { actor: Actor; id: string; identity: LinkedIdentity | null; ip: string | null; userAgent: string | null },
): Promise<UserSummary> {
  const { identity } = options;
  if (identity && (await selectOtherIdentityHolder(db, identity, options.id))) {
    throw new AppError('CONFLICT', 'subject: this identity signs in as another account', [
      { field: 'subject', message: 'is linked to another account' },
    ]);
  }
  if (!(await updateUserIdentity(db, options.id, identity))) throw notFound('User');
  await appendAudit(db, {
    actor: options.actor,
    action: identity ? 'link_identity' : 'unlink_identity',
    outcome: 'allowed',
    purpose: 'authentication',
    resourceType: 'app_user',
    resourceId: options.id,
    personId: null,
    ip: options.ip,
    userAgent: options.userAgent,
    detail: identity ? { issuer: identity.issuer, subject: identity.subject } : {},
  });
  return getUser(db, options.id);
}
