import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

/** Records the row-level-security scope (JSON) for the rest of the transaction; owner only. */
export async function recordScope(trx: Db, recordedJson: string): Promise<void> {
  await sql`select veiviser_set_scope(${recordedJson}::jsonb)`.execute(trx);
}

/** Drops to one of the two restricted roles until the transaction ends. */
export async function setLocalRole(trx: Db, role: 'veiviser_app' | 'veiviser_analyst'): Promise<void> {
  await sql.raw(`set local role ${role}`).execute(trx);
}
