import type { Db } from '../platform/db.ts';
import type { Actor } from './actor.ts';
import { personScope } from './permissions.ts';
import { recordScope, setLocalRole } from './scope.repository.ts';

/**
 * Runs `fn` in a transaction as the database role the actor's work needs, with the actor's
 * scopes recorded for row-level security: 'person' work as veiviser_app (rows limited to the
 * actor's districts and units; national IDs only when `identify`), 'analysis' as
 * veiviser_analyst (the pseudonymised view only). A refusal thrown inside carries its audit row
 * out of the rolled-back transaction; the app's error handler writes it (writeErrorRecord).
 */
export async function inActorScope<T>(
  db: Db,
  actor: Actor,
  options: { role: 'person' | 'analysis'; identify?: boolean },
  fn: (trx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await applyScope(trx, actor, options);
    return fn(trx);
  });
}

/**
 * Records the actor's scope for the rest of the current transaction and drops to the restricted
 * role. Must run as the owner: only the owner may call veiviser_set_scope, which keeps the scope
 * in a table keyed by backend and transaction that the restricted roles cannot write. The scope
 * travels as JSON arrays, so no district or unit name can split into two.
 */
export async function applyScope(trx: Db, actor: Actor, options: { role: 'person' | 'analysis'; identify?: boolean }) {
  const scope = personScope(actor);
  const recorded = JSON.stringify({
    userId: actor.userId,
    cityWide: scope.cityWide,
    districts: scope.districts,
    units: scope.units,
    identify: options.identify ?? false,
  });
  await recordScope(trx, recorded);
  await setLocalRole(trx, options.role === 'person' ? 'veiviser_app' : 'veiviser_analyst');
}
