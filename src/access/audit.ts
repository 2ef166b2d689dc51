import { createHash, createHmac } from 'node:crypto';
import type { Insertable, QueryCreator, Selectable } from 'kysely';
import type { Database } from '../platform/database.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { AuditPendingTable } from './access.table.ts';
import type { Actor, ClientInfo } from './actor.ts';
import {
  insertAuditEvents,
  insertPendingAuditEvents,
  lockAuditHead,
  takePendingAuditEvents,
  withPendingAuditEvents,
} from './audit-log.repository.ts';
import type { AuditKeys } from './keys.ts';
import type { AuditOutcome, Purpose } from './vocabulary.ts';

export { PURPOSES, type Purpose } from './vocabulary.ts';

export type AuditEntry = {
  actor: Actor;
  action: string;
  outcome: AuditOutcome;
  purpose: Purpose;
  resourceType: string;
  resourceId: string | null;
  personId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail?: Record<string, unknown>;
};

export const GENESIS_HASH = '0'.repeat(64);

/**
 * How a row is linked to the previous one: 'hmac-sha256' with the chain key (every row written
 * now), or 'sha256' without a key (rows written before the chain was keyed; verified as a prefix).
 */
export type AuditChain = 'sha256' | 'hmac-sha256';

export type HashedFields = {
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
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The unkeyed link of a row written before the chain was keyed: SHA-256 over the previous hash and the row. Pure. */
export function legacyAuditHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/** The keyed link of a row: HMAC-SHA-256 with the chain key over the previous hash and the row. Pure. */
export function auditHmac(chainKey: Buffer, prevHash: string, fields: HashedFields): string {
  return createHmac('sha256', chainKey).update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/** The hashed fields of a stored row (chained or pending), as they were when it was written. */
export function storedFields(row: Selectable<AuditPendingTable>): HashedFields {
  return {
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
  };
}

// The chain key is process configuration, set once at start (buildApp does it), like the log
// level: threading it through every use-case that audits would put a secret in every signature.
let configuredKeys: AuditKeys | null = null;

/** Sets the keys this process writes the audit chain with. */
export function configureAuditKeys(keys: AuditKeys): void {
  configuredKeys = keys;
}

function chainKey(): Buffer {
  if (!configuredKeys) throw new Error('The audit keys are not configured: call configureAuditKeys() at start');
  return configuredKeys.chain;
}

function entryFields(entry: AuditEntry, occurredAt: Date): HashedFields {
  return {
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
}

// 17 parameters a row: 1,000 rows stay well under the protocol's 65,535 parameters a statement.
const ROWS_PER_INSERT = 1000;

/**
 * Appends audit rows in one go, chained in the order given: one statement takes the chain's
 * advisory lock (which keeps the chain in one order with concurrent writers, until the
 * transaction ends) and reads the head, then one multi-row insert per thousand rows. Call inside
 * a transaction; works under the restricted roles, which may insert rows and read the head but
 * not the log.
 */
export async function appendAuditBatch(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const key = chainKey();
  const head = await lockAuditHead(db);
  const occurredAt = new Date();
  await appendChainedAfter(
    db,
    key,
    head?.hash ?? GENESIS_HASH,
    entries.map((entry) => entryFields(entry, occurredAt)),
  );
}

/** Inserts the rows chained after the head's hash, in the order given (the chain's lock held by the caller). */
async function appendChainedAfter(db: Db, key: Buffer, headHash: string, hashed: readonly HashedFields[]): Promise<void> {
  let prevHash = headHash;
  const rows = hashed.map((fields) => {
    const hash = auditHmac(key, prevHash, fields);
    const row = {
      ...fields,
      occurred_at: new Date(fields.occurred_at),
      actor_scope: JSON.stringify(fields.actor_scope),
      detail: JSON.stringify(fields.detail),
      prev_hash: prevHash,
      hash,
      chain: 'hmac-sha256' as const,
    };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await insertAuditEvents(db, rows.slice(i, i + ROWS_PER_INSERT));
  }
}

/**
 * Records audit rows in the caller's transaction without taking the chain's lock: they commit or
 * roll back with the access they record, in audit_pending, and chainPendingAudit moves them into
 * the chain just after (the caller runs it after commit; a timer and every checkpoint run it too).
 * For hot paths where many transactions would otherwise queue on the chain's lock until they
 * commit. The row's time is the access's time, not the chaining's.
 */
export async function appendAuditPending(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await insertPendingAuditEvents(db, pendingRows(entries));
}

/**
 * As appendAuditPending, in the same round trip as the statement built on the returned query
 * creator (a data-modifying WITH ahead of it): `withPendingAudit(trx, [entry]).selectFrom(...)`.
 * The rows are written whatever that statement finds; they roll back with the transaction.
 */
export function withPendingAudit(db: Db, entries: readonly AuditEntry[]): QueryCreator<Database> {
  if (entries.length === 0) return db;
  return withPendingAuditEvents(db, pendingRows(entries));
}

function pendingRows(entries: readonly AuditEntry[]): Insertable<AuditPendingTable>[] {
  const occurredAt = new Date();
  return entries.map((entry) => {
    const fields = entryFields(entry, occurredAt);
    return { ...fields, occurred_at: occurredAt, actor_scope: JSON.stringify(fields.actor_scope), detail: JSON.stringify(fields.detail) };
  });
}

const PENDING_PER_TRANSACTION = 1000;

/**
 * Chains every committed pending audit row (appendAuditPending) into audit_event: in short
 * transactions that take the chain's lock, delete up to a thousand pending rows and insert them,
 * in id order, chained to the head. Safe to run at once from several processes (the lock orders
 * them; a row is deleted once). Returns how many rows it chained. Runs on the application's own
 * connection (the restricted roles may not read pending rows).
 */
export async function chainPendingAudit(db: Db, keys?: Pick<AuditKeys, 'chain'>): Promise<number> {
  const key = keys?.chain ?? chainKey();
  let chained = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      // The lock first: the pending rows are read in a snapshot taken after it is held.
      const head = await lockAuditHead(trx);
      const pending = await takePendingAuditEvents(trx, PENDING_PER_TRANSACTION);
      if (pending.length > 0) await appendChainedAfter(trx, key, head?.hash ?? GENESIS_HASH, pending.map(storedFields));
      return pending.length;
    });
    chained += n;
    if (n < PENDING_PER_TRANSACTION) return chained;
  }
}

type Flusher = { running: Promise<number> | null; next: Promise<number> | null };
const flushers = new WeakMap<Db, Flusher>();

/**
 * Chains the pending audit rows committed before this call (chainPendingAudit), with at most one
 * run at a time per database handle in this process: a call while a run is going waits for the
 * next run, which starts when that one ends and serves every caller that came meanwhile. Many
 * concurrent writers then cost a few chaining transactions, not one each.
 */
export function flushPendingAudit(db: Db): Promise<number> {
  let f = flushers.get(db);
  if (!f) flushers.set(db, (f = { running: null, next: null }));
  const flusher = f;
  const start = (): Promise<number> => {
    const run = chainPendingAudit(db).finally(() => {
      if (flusher.running === run) flusher.running = null;
    });
    flusher.running = run;
    return run;
  };
  if (!flusher.running) return start();
  if (!flusher.next) {
    flusher.next = flusher.running
      .catch(() => 0)
      .then(() => {
        flusher.next = null;
        return start();
      });
  }
  return flusher.next;
}

/** How long chainPendingAuditSoon waits, gathering the rows of the writes that commit meanwhile. */
export const AUDIT_CHAIN_DELAY_MS = 20;

const soon = new WeakMap<Db, Promise<number>>();

/**
 * Chains the pending audit rows (flushPendingAudit) a moment from now: every write that commits
 * within AUDIT_CHAIN_DELAY_MS shares one chaining, so a busy minute costs a few chaining
 * transactions, not one per write. For a writer to call after its commit without waiting; readers
 * of the log chain what is pending themselves.
 */
export function chainPendingAuditSoon(db: Db): Promise<number> {
  let run = soon.get(db);
  if (!run) {
    run = new Promise((resolve) => setTimeout(resolve, AUDIT_CHAIN_DELAY_MS).unref()).then(() => {
      soon.delete(db);
      return flushPendingAudit(db);
    });
    soon.set(db, run);
  }
  return run;
}

/** Appends one audit row, chained to the previous one (see appendAuditBatch). */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(db, [entry]);
}

function isAuditEntry(value: unknown): value is AuditEntry {
  return typeof value === 'object' && value !== null && 'actor' in value && 'outcome' in value && 'purpose' in value;
}

/**
 * Writes the audit row an error carries (AppError.record: a refusal whose own transaction was
 * rolled back), in a transaction of its own. The app's error handler calls this for every error,
 * so a refusal is audited once wherever it was thrown. True when there was a row to write.
 */
export async function writeErrorRecord(db: Db, error: unknown): Promise<boolean> {
  if (!(error instanceof AppError) || !isAuditEntry(error.record)) return false;
  const entry = error.record;
  await db.transaction().execute((trx) => appendAudit(trx, entry));
  return true;
}

/** Writes one sign-in related audit row (purpose: authentication). Call inside a transaction. */
export async function auditAuthentication(
  db: Db,
  entry: {
    actor: Actor;
    action: string;
    outcome: 'allowed' | 'denied' | 'failed';
    resourceType: string;
    resourceId?: string | null;
    /** The person whose data the request was about, so the row shows in their access report. */
    personId?: string | null;
    client: ClientInfo;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(db, {
    actor: entry.actor,
    action: entry.action,
    outcome: entry.outcome,
    purpose: 'authentication',
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    personId: entry.personId ?? null,
    ip: entry.client.ip,
    userAgent: entry.client.userAgent,
    detail: entry.detail ?? {},
  });
}
