import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { selectPersonAuditEvents } from './audit-log.repository.ts';
import { appendAudit } from './audit.ts';
import { checkNationalId } from './national-id.ts';
import { selectPersonIdByPseudonym } from './persons.repository.ts';
import { pseudonymize, type PseudonymKeys } from './pseudonym.ts';

/**
 * "Who has looked at my data": every recorded access to one person's data, as a citizen would get
 * it on request. Found by the national ID's pseudonym, so the identity table is never read.
 * Producing the report is itself audited.
 */
export async function accessReport(
  db: Db,
  options: { actor: Actor; keys: PseudonymKeys; nationalId: string; allowSynthetic: boolean; ip: string | null; userAgent: string | null },
) {
  const check = checkNationalId(options.nationalId, { allowSynthetic: options.allowSynthetic });
  if (!check.valid) throw new AppError('INVALID_INPUT', `nationalId: ${check.reason}`, [{ field: 'nationalId', message: check.reason }]);
  const pseudonym = pseudonymize(options.keys, 'linkage', options.nationalId.replace(/\s/g, ''));
  const person = await selectPersonIdByPseudonym(db, pseudonym);
  await appendAudit(db, {
    actor: options.actor,
    action: 'access_report',
    outcome: 'allowed',
    purpose: 'access_report',
    resourceType: 'person',
    resourceId: person?.id ?? null,
    personId: person?.id ?? null,
    ip: options.ip,
    userAgent: options.userAgent,
  });
  if (!person) return { entries: [] };
  const rows = await selectPersonAuditEvents(db, person.id);
  return {
    entries: rows.map((r) => ({
      when: r.occurred_at.toISOString(),
      who: r.actor_name,
      roles: r.actor_roles,
      organisationUnit: r.actor_scope,
      what: r.action,
      outcome: r.outcome,
      purpose: r.purpose,
    })),
  };
}
