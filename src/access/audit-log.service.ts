import type { Db } from '../platform/db.ts';
import type { Actor, ClientInfo } from './actor.ts';
import { selectAuditEvents, type AuditEventFilter, type AuditEventRow } from './audit-log.repository.ts';
import { verifyAuditChain, type AuditVerification } from './audit-verify.ts';
import { appendAudit } from './audit.ts';
import type { AuditKeys } from './keys.ts';

export type AuditFilter = AuditEventFilter;

/** One audit row as the administrator's view and the CSV export show it. */
export type AuditEvent = ReturnType<typeof auditRowToEvent>;

function auditRowToEvent(r: AuditEventRow) {
  return {
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRoles: r.actor_roles,
    actorScope: r.actor_scope,
    action: r.action,
    outcome: r.outcome,
    purpose: r.purpose,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    personId: r.person_id,
    ip: r.ip,
    detail: r.detail,
  };
}

/** Audit rows, newest first, for the administrator's view and CSV export. */
export async function searchAudit(db: Db, f: AuditFilter): Promise<AuditEvent[]> {
  return (await selectAuditEvents(db, f)).map(auditRowToEvent);
}

/** An administrator reads (or, with `exported`, exports) the audit log; the read is itself audited. */
export async function readAuditLog(
  db: Db,
  options: { actor: Actor; client: ClientInfo; filter: AuditFilter; exported: boolean },
): Promise<AuditEvent[]> {
  const { filter } = options;
  await appendAudit(db, {
    actor: options.actor,
    action: options.exported ? 'export_audit' : 'read_audit',
    outcome: 'allowed',
    purpose: 'audit',
    resourceType: 'audit_event',
    resourceId: null,
    personId: filter.personId ?? null,
    ...options.client,
    detail: { filter },
  });
  return searchAudit(db, filter);
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

/** Audit rows as CSV (RFC 4180, UTF-8). Pure. */
export function auditToCsv(rows: readonly AuditEvent[]): string {
  const header = [
    'id',
    'occurred_at',
    'actor_id',
    'actor_name',
    'actor_roles',
    'actor_scope',
    'action',
    'outcome',
    'purpose',
    'resource_type',
    'resource_id',
    'person_id',
    'ip',
  ];
  const lines = rows.map((r) =>
    [
      r.id,
      r.occurredAt,
      r.actorId,
      r.actorName,
      r.actorRoles.join(' '),
      r.actorScope,
      r.action,
      r.outcome,
      r.purpose,
      r.resourceType,
      r.resourceId,
      r.personId,
      r.ip,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${header.join(',')}\r\n${lines.map((l) => `${l}\r\n`).join('')}`;
}

/** An administrator recomputes the audit chain and checks it against the checkpoints; audited. */
export async function verifyAuditLog(
  db: Db,
  options: { actor: Actor; client: ClientInfo; audit: { keys: AuditKeys; checkpointFile: string | null } },
): Promise<AuditVerification> {
  const result = await verifyAuditChain(db, options.audit);
  await appendAudit(db, {
    actor: options.actor,
    action: 'verify_audit',
    outcome: 'allowed',
    purpose: 'audit',
    resourceType: 'audit_event',
    resourceId: null,
    personId: null,
    ...options.client,
    detail: { ok: result.ok, rows: result.rows },
  });
  return result;
}
