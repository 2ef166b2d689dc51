import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { lockEnabledAdministrators } from './users.repository.ts';

/**
 * Refuses a change that would leave no enabled administrator: nobody could then manage users or
 * read the audit log. The enabled administrators' rows are locked until the transaction ends, so
 * two administrators demoting each other at the same moment cannot both succeed (the second
 * waits, then sees the first's change). Call inside the transaction that makes the change.
 */
export async function refuseRemovingLastAdministrator(
  db: Db,
  change: { id: string; roles: readonly string[]; disabled: boolean },
): Promise<void> {
  if (change.roles.includes('administrator') && !change.disabled) return;
  const administrators = await lockEnabledAdministrators(db);
  if (administrators.some((a) => a.id === change.id) && administrators.every((a) => a.id === change.id)) {
    const field = change.disabled ? 'disabled' : 'roles';
    throw new AppError(
      'CONFLICT',
      `${field}: this is the last administrator; give another account the administrator role ` +
        'before removing it from this one or disabling it',
      [{ field, message: 'would leave no administrator' }],
    );
  }
}
