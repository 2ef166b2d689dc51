import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { appendAudit, type Purpose } from './audit.ts';
import { checkNationalId } from './national-id.ts';
import {
  insertPerson,
  movePersonToDistrict,
  registerIdentity,
  selectPerson,
  selectPersonDistrictByPseudonym,
} from './persons.repository.ts';
import { pseudonymize, type PseudonymKeys } from './pseudonym.ts';
import { recordScope, setLocalRole } from './scope.repository.ts';

type ReferralContext = { actor: Actor; ip: string | null; userAgent: string | null };

/**
 * The person a referral names (a hospital's discharge-ready notice to a city district), and the
 * scope the rest of the transaction runs in. A hospital liaison has no person scope of their own;
 * a referral lets them reach persons of the one district they refer to, and nothing else: the
 * scope recorded for the transaction is that district (with identify, to register a national ID
 * once), so row-level security limits every read and write to it. The caller then writes its own
 * rows in the same scope. Must run first in a transaction, as the owner (before any other scope).
 *
 * By person id: the person must exist in that district. By national ID: the person of that number,
 * or a new person registered under the district. A person of that number registered under another
 * district has moved: the referral carries the address from the national population register,
 * which decides the responsible district, so the person is moved to the district referred to (the
 * one write the owner makes here, audited with both districts as `move_district`); the old
 * district keeps its own requests but no longer sees the person. Every use is audited with the
 * person and the purpose.
 */
export async function resolveReferredPerson(
  trx: Db,
  options: {
    ctx: ReferralContext;
    keys: PseudonymKeys;
    allowSynthetic: boolean;
    district: string;
    purpose: Purpose;
    person: { personId: string } | { nationalId: string; givenName: string | null; familyName: string | null };
    /** How the request names the national ID (a FHIR path), for the error. */
    nationalIdField?: string;
  },
): Promise<{ personId: string; created: boolean; movedFrom: string | null }> {
  const { ctx, district } = options;
  const audit = (action: string, personId: string, detail: Record<string, unknown> = {}) =>
    appendAudit(trx, {
      actor: ctx.actor,
      action,
      outcome: 'allowed',
      purpose: options.purpose,
      resourceType: 'person',
      resourceId: personId,
      personId,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      detail: { via: 'referral', district, ...detail },
    });
  const enterScope = async () => {
    await recordScope(trx, JSON.stringify({ userId: ctx.actor.userId, cityWide: false, districts: [district], units: [], identify: true }));
    await setLocalRole(trx, 'veiviser_app');
  };

  if ('personId' in options.person) {
    await enterScope();
    const row = await selectPerson(trx, options.person.personId);
    if (row?.district !== district)
      throw new AppError('UNPROCESSABLE', `personId: no such person in ${district}`, [
        { field: 'personId', message: `no such person in ${district}` },
      ]);
    await audit('read', row.id);
    return { personId: row.id, created: false, movedFrom: null };
  }

  const field = options.nationalIdField ?? 'nationalId';
  const check = checkNationalId(options.person.nationalId, { allowSynthetic: options.allowSynthetic });
  if (!check.valid) throw new AppError('INVALID_INPUT', `${field}: ${check.reason}`, [{ field, message: check.reason }]);
  const nationalId = options.person.nationalId.replace(/\s/g, '');
  const pseudonym = pseudonymize(options.keys, 'linkage', nationalId);
  // As the owner, before the scope: the person may be registered under another district.
  const existing = await selectPersonDistrictByPseudonym(trx, pseudonym);
  if (existing && existing.district !== district) {
    await movePersonToDistrict(trx, existing.id, district);
    await audit('move_district', existing.id, { from: existing.district });
  }
  await enterScope();
  if (existing) {
    await audit('read', existing.id);
    return { personId: existing.id, created: false, movedFrom: existing.district === district ? null : existing.district };
  }
  const id = newId();
  // A number registered between the lookup and here (a concurrent referral): the caller may retry.
  if (!(await registerIdentity(trx, id, nationalId, check.type)))
    throw new AppError('CONFLICT', `${field}: this person was registered at the same moment; try again`, [
      { field, message: 'registered at the same moment' },
    ]);
  await insertPerson(trx, {
    id,
    pseudonym,
    given_name: options.person.givenName,
    family_name: options.person.familyName,
    birth_year: Number(check.birthDate.slice(0, 4)),
    district,
    unit: null,
    created_by: ctx.actor.userId,
  });
  await audit('create', id);
  return { personId: id, created: true, movedFrom: null };
}
