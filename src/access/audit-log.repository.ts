import { sql, type Insertable, type QueryCreator, type Selectable } from 'kysely';
import type { Database } from '../platform/database.ts';
import type { Db } from '../platform/db.ts';
import type { AuditCheckpointTable, AuditEventTable, AuditPendingTable } from './access.table.ts';

export type AuditEventRow = Selectable<AuditEventTable>;

export type AuditEventFilter = {
  from?: string | undefined;
  to?: string | undefined;
  actorId?: string | undefined;
  personId?: string | undefined;
  action?: string | undefined;
  outcome?: 'allowed' | 'denied' | 'failed' | undefined;
  limit: number;
};

/** Audit rows matching the filter, newest first. */
export async function selectAuditEvents(db: Db, f: AuditEventFilter): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.from) q = q.where('occurred_at', '>=', new Date(f.from));
  if (f.to) q = q.where('occurred_at', '<', new Date(f.to));
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.personId) q = q.where('person_id', '=', f.personId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  return q.execute();
}

/** Every audit row about one person, oldest first. */
export async function selectPersonAuditEvents(db: Db, personId: string) {
  return db
    .selectFrom('audit_event')
    .select(['occurred_at', 'actor_name', 'actor_roles', 'actor_scope', 'action', 'outcome', 'purpose'])
    .where('person_id', '=', personId)
    .orderBy('occurred_at')
    .execute();
}

/** Up to `limit` audit rows after `afterId`, in chain order (the verifier reads the chain in batches). */
export async function selectAuditEventsAfter(db: Db, afterId: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/**
 * Takes the chain's advisory lock (held until the transaction ends) and returns its head: the last
 * row's id and hash, or undefined for an empty chain. Works under the restricted roles.
 */
export async function lockAuditHead(db: Db): Promise<{ id: number; hash: string } | undefined> {
  const head = await sql<{ id: number; hash: string }>`select id, hash from veiviser_audit_lock_head()`.execute(db);
  return head.rows[0];
}

/** Inserts chained audit rows in one statement. */
export async function insertAuditEvents(db: Db, rows: Insertable<AuditEventTable>[]): Promise<void> {
  await db.insertInto('audit_event').values(rows).execute();
}

/** How many audit rows there are, and how many of them are unkeyed (legacy SHA-256) rows. */
export async function countAuditEvents(db: Db): Promise<{ rows: number; legacyRows: number }> {
  const counts = await sql<{ rows: number; legacy_rows: number }>`
    select count(*)::bigint as rows, count(*) filter (where chain = 'sha256')::bigint as legacy_rows from audit_event`.execute(db);
  return { rows: counts.rows[0]?.rows ?? 0, legacyRows: counts.rows[0]?.legacy_rows ?? 0 };
}

export type AuditCheckpointRow = Selectable<AuditCheckpointTable>;

/** The newest stored checkpoint. */
export async function selectNewestAuditCheckpoint(db: Db): Promise<AuditCheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoint').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Every stored checkpoint, oldest first. */
export async function selectAuditCheckpoints(db: Db): Promise<AuditCheckpointRow[]> {
  return db.selectFrom('audit_checkpoint').selectAll().orderBy('id').execute();
}

export async function insertAuditCheckpoint(db: Db, row: Insertable<AuditCheckpointTable>): Promise<void> {
  await db.insertInto('audit_checkpoint').values(row).execute();
}

/** Inserts audit rows to be chained after commit (see appendAuditPending). */
export async function insertPendingAuditEvents(db: Db, rows: Insertable<AuditPendingTable>[]): Promise<void> {
  await db.insertInto('audit_pending').values(rows).execute();
}

/** A query creator whose statement first inserts these pending audit rows (a data-modifying WITH). */
export function withPendingAuditEvents(db: Db, rows: Insertable<AuditPendingTable>[]): QueryCreator<Database> {
  // Nothing reads the CTE by name, so the creator keeps the plain schema.
  return db.with('veiviser_audited', (qc) => qc.insertInto('audit_pending').values(rows)) as unknown as QueryCreator<Database>;
}

/** Deletes and returns up to `limit` of the oldest pending audit rows, in id order (the chain's lock held by the caller). */
export async function takePendingAuditEvents(trx: Db, limit: number): Promise<Selectable<AuditPendingTable>[]> {
  const rows = await trx
    .deleteFrom('audit_pending')
    .where('id', 'in', (eb) => eb.selectFrom('audit_pending').select('id').orderBy('id').limit(limit))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** How many audit rows are committed and not yet chained. */
export async function countPendingAuditEvents(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return row?.n ?? 0;
}
