import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit, type AuditEntry } from './audit.ts';
import { personScope } from './permissions.ts';

/**
 * Runs `fn` in a transaction as the database role the actor's work needs, with the actor's
 * scopes set for row-level security: 'person' work as veiviser_app (rows limited to the actor's
 * districts and units; national IDs only when `identify`), 'analysis' as veiviser_analyst
 * (the pseudonymised view only).
 */
export async function inActorScope<T>(
  db: Db,
  actor: Actor,
  options: { role: 'person' | 'analysis'; identify?: boolean },
  fn: (trx: Db) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      await applyScope(trx, actor, options);
      return fn(trx);
    });
  } catch (error) {
    // A refusal rolls the work back, but its audit row must stay: write it on its own.
    if (error instanceof AppError && isAuditEntry(error.record)) {
      const entry = error.record;
      await db.transaction().execute((trx) => appendAudit(trx, entry));
    }
    throw error;
  }
}

function isAuditEntry(value: unknown): value is AuditEntry {
  return typeof value === 'object' && value !== null && 'actor' in value && 'outcome' in value && 'purpose' in value;
}

/** Sets the scope variables and role for the rest of the current transaction. */
export async function applyScope(trx: Db, actor: Actor, options: { role: 'person' | 'analysis'; identify?: boolean }) {
  const scope = personScope(actor);
  await sql`select
      set_config('veiviser.user_id', ${actor.userId}, true),
      set_config('veiviser.citywide', ${String(scope.cityWide)}, true),
      set_config('veiviser.districts', ${scope.districts.join(',')}, true),
      set_config('veiviser.units', ${scope.units.join(',')}, true),
      set_config('veiviser.identify', ${String(options.identify ?? false)}, true)`.execute(trx);
  await sql.raw(`set local role ${options.role === 'person' ? 'veiviser_app' : 'veiviser_analyst'}`).execute(trx);
}
