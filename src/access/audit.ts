import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { Actor } from './actor.ts';
import type { Purpose } from './vocabulary.ts';

/** Why person data was touched (src/access/vocabulary.ts, shared with the schemas). */
export { PURPOSES, type Purpose } from './vocabulary.ts';

export type AuditEntry = {
  actor: Actor;
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  purpose: Purpose;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail?: Record<string, unknown>;
};

export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = {
  occurred_at: string;
  actor_id: string;
  actor_name: string;
  actor_roles: string[];
  actor_scope: Record<string, unknown>;
  action: string;
  outcome: AuditEntry['outcome'];
  purpose: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
};

/** Stable JSON: object keys sorted, so the same row always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The chain hash of a row: SHA-256 over the previous hash and the row's fields. Pure. */
export function auditHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/**
 * Appends one audit row, chained to the previous one. A transaction-scoped advisory lock keeps
 * the chain in one order even with concurrent writers.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(7317001)`.execute(db);
  const last = await db.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const occurredAt = new Date();
  const fields: HashedFields = {
    occurred_at: occurredAt.toISOString(),
    actor_id: entry.actor.userId,
    actor_name: entry.actor.displayName,
    actor_roles: entry.actor.roles,
    actor_scope: { districts: entry.actor.districts, units: entry.actor.units },
    action: entry.action,
    outcome: entry.outcome,
    purpose: entry.purpose,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    person_id: entry.personId,
    ip: entry.ip,
    user_agent: entry.userAgent,
    detail: entry.detail ?? {},
  };
  await db
    .insertInto('audit_event')
    .values({
      ...fields,
      occurred_at: occurredAt,
      actor_scope: JSON.stringify(fields.actor_scope),
      detail: JSON.stringify(fields.detail),
      prev_hash: prevHash,
      hash: auditHash(prevHash, fields),
    })
    .execute();
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Recomputes the whole chain; reports the first row whose content or link was changed. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let lastId = 0;
  for (;;) {
    const batch = await db.selectFrom('audit_event').selectAll().where('id', '>', lastId).orderBy('id').limit(5000).execute();
    if (batch.length === 0) return { ok: true, rows };
    for (const row of batch) {
      rows += 1;
      lastId = row.id;
      if (row.prev_hash !== prevHash) return { ok: false, rows, brokenAt: row.id, reason: 'link to the previous row is broken (a row was removed or reordered)' };
      const expected = auditHash(prevHash, {
        occurred_at: row.occurred_at.toISOString(),
        actor_id: row.actor_id,
        actor_name: row.actor_name,
        actor_roles: row.actor_roles,
        actor_scope: row.actor_scope,
        action: row.action,
        outcome: row.outcome,
        purpose: row.purpose,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        person_id: row.person_id,
        ip: row.ip,
        user_agent: row.user_agent,
        detail: row.detail,
      });
      if (row.hash !== expected) return { ok: false, rows, brokenAt: row.id, reason: 'row content does not match its hash (the row was changed)' };
      prevHash = row.hash;
    }
  }
}
