import type { Db } from '../platform/db.ts';
import { districtBySlug } from '../platform/districts.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Actor } from './actor.ts';
import { appendAudit, appendAuditBatch, type AuditEntry, type Purpose } from './audit.ts';
import { checkNationalId } from './national-id.ts';
import { personScope } from './permissions.ts';
import type { Person } from './persons.schemas.ts';
import {
  insertPerson,
  registerIdentity,
  selectPerson,
  selectPersonIdByPseudonym,
  selectPersonIdentity,
  selectPersons,
  selectPseudonymisedPersons,
} from './persons.repository.ts';
import { exportPseudonym, pseudonymize, type PseudonymKeys } from './pseudonym.ts';

export type RequestContext = { actor: Actor; ip: string | null; userAgent: string | null };

type PersonRow = {
  id: string;
  given_name: string | null;
  family_name: string | null;
  birth_year: number | null;
  district: string | null;
  unit: string | null;
  created_at: Date;
};

function personRowToPerson(r: PersonRow): Person {
  return {
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    birthYear: r.birth_year,
    district: r.district,
    unit: r.unit,
    createdAt: r.created_at.toISOString(),
  };
}

type AuditFacts = {
  action: string;
  outcome: 'allowed' | 'denied';
  purpose: Purpose;
  personId: string | null;
  resourceType?: string;
  detail?: Record<string, unknown>;
};

const entry = (ctx: RequestContext, e: AuditFacts): AuditEntry => ({
  actor: ctx.actor,
  action: e.action,
  outcome: e.outcome,
  purpose: e.purpose,
  resourceType: e.resourceType ?? 'person',
  resourceId: e.personId,
  personId: e.personId,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  ...(e.detail ? { detail: e.detail } : {}),
});

const audit = (db: Db, ctx: RequestContext, e: AuditFacts) => appendAudit(db, entry(ctx, e));

/** An error that carries its audited refusal out of the rolled-back transaction. */
const refused = (error: AppError, ctx: RequestContext, e: AuditFacts) =>
  new AppError(error.code, error.message, error.fieldErrors, entry(ctx, { ...e, outcome: 'denied' }));

/**
 * Registers a person under a district or unit the actor holds. The national ID goes into
 * person_identity only; the person row carries the linkage pseudonym. Runs inside the actor's scope.
 */
export async function registerPerson(
  db: Db,
  options: {
    ctx: RequestContext;
    keys: PseudonymKeys;
    allowSynthetic: boolean;
    nationalId: string;
    givenName: string | null;
    familyName: string | null;
    district: string | null;
    unit: string | null;
  },
): Promise<Person> {
  const { ctx } = options;
  const check = checkNationalId(options.nationalId, { allowSynthetic: options.allowSynthetic });
  if (!check.valid) {
    throw refused(new AppError('INVALID_INPUT', `nationalId: ${check.reason}`, [{ field: 'nationalId', message: check.reason }]), ctx, {
      action: 'register',
      outcome: 'denied',
      purpose: 'registration',
      personId: null,
      detail: { reason: 'invalid national ID' },
    });
  }
  if (options.district && !districtBySlug(options.district))
    throw new AppError('INVALID_INPUT', 'district: unknown district', [{ field: 'district', message: 'unknown district' }]);
  const scope = personScope(ctx.actor);
  const inScope =
    scope.cityWide ||
    (options.district !== null && scope.districts.includes(options.district)) ||
    (options.unit !== null && scope.units.includes(options.unit));
  if (!inScope) {
    throw refused(
      new AppError('FORBIDDEN', 'district: you may only register persons in your own districts or units', [
        { field: 'district', message: 'outside your scope' },
      ]),
      ctx,
      {
        action: 'register',
        outcome: 'denied',
        purpose: 'registration',
        personId: null,
        detail: { district: options.district, unit: options.unit },
      },
    );
  }
  const nationalId = options.nationalId.replace(/\s/g, '');
  const pseudonym = pseudonymize(options.keys, 'linkage', nationalId);
  const existing = await selectPersonIdByPseudonym(db, pseudonym);
  if (existing) return getPerson(db, { ctx, id: existing.id, purpose: 'registration' });
  const id = newId();
  if (!(await registerIdentity(db, id, nationalId, check.type))) {
    // The number is registered, but outside the actor's scope: say no more than that it cannot be done here.
    throw refused(
      new AppError('CONFLICT', 'nationalId: this person cannot be registered here; contact Felles inntak', [
        { field: 'nationalId', message: 'cannot be registered here' },
      ]),
      ctx,
      {
        action: 'register',
        outcome: 'denied',
        purpose: 'registration',
        personId: null,
        detail: { reason: 'registered elsewhere' },
      },
    );
  }
  await insertPerson(db, {
    id,
    pseudonym,
    given_name: options.givenName,
    family_name: options.familyName,
    birth_year: Number(check.birthDate.slice(0, 4)),
    district: options.district,
    unit: options.unit,
    created_by: ctx.actor.userId,
  });
  await audit(db, ctx, { action: 'create', outcome: 'allowed', purpose: 'registration', personId: id });
  return getPerson(db, { ctx, id, purpose: 'registration' });
}

/** One person in the actor's scope; NOT_FOUND (and an audited refusal) otherwise. */
export async function getPerson(db: Db, options: { ctx: RequestContext; id: string; purpose: Purpose }): Promise<Person> {
  const row = await selectPerson(db, options.id);
  // The refusal names the requested person, so it shows in that person's access report (if they exist).
  if (!row) {
    throw refused(notFound('Person'), options.ctx, {
      action: 'read',
      outcome: 'denied',
      purpose: options.purpose,
      personId: options.id,
      detail: { requestedId: options.id },
    });
  }
  await audit(db, options.ctx, { action: 'read', outcome: 'allowed', purpose: options.purpose, personId: row.id });
  return personRowToPerson(row);
}

/** The national ID of a person in scope; always audited. */
export async function getPersonIdentity(
  db: Db,
  options: { ctx: RequestContext; id: string; purpose: Purpose },
): Promise<{ personId: string; nationalId: string; idType: string }> {
  const row = await selectPersonIdentity(db, options.id);
  if (!row) {
    throw refused(notFound('Person'), options.ctx, {
      action: 'read_identity',
      outcome: 'denied',
      purpose: options.purpose,
      personId: options.id,
      resourceType: 'person_identity',
      detail: { requestedId: options.id },
    });
  }
  await audit(db, options.ctx, {
    action: 'read_identity',
    outcome: 'allowed',
    purpose: options.purpose,
    personId: row.person_id,
    resourceType: 'person_identity',
  });
  return { personId: row.person_id, nationalId: row.national_id, idType: row.id_type };
}

/** Persons in the actor's scope, newest first; each one read is audited (one batch write for the list). */
export async function listPersons(db: Db, options: { ctx: RequestContext; purpose: Purpose; limit: number }): Promise<Person[]> {
  const rows = await selectPersons(db, options.limit);
  await appendAuditBatch(
    db,
    rows.map((row) =>
      entry(options.ctx, { action: 'read', outcome: 'allowed', purpose: options.purpose, personId: row.id, detail: { via: 'list' } }),
    ),
  );
  return rows.map(personRowToPerson);
}

/**
 * Pseudonymised persons for analysis: the export pseudonym (not the stored linkage pseudonym, so
 * what leaves cannot be joined back to the person table without the export key), owner and birth year.
 */
export async function listPseudonymisedPersons(db: Db, options: { ctx: RequestContext; keys: PseudonymKeys }) {
  const rows = await selectPseudonymisedPersons(db);
  await audit(db, options.ctx, {
    action: 'read_pseudonymised',
    outcome: 'allowed',
    purpose: 'statistics',
    personId: null,
    resourceType: 'person_pseudonymised',
    detail: { rows: rows.length },
  });
  return rows
    .map((r) => ({ pseudonym: exportPseudonym(options.keys, r.pseudonym), district: r.district, unit: r.unit, birthYear: r.birth_year }))
    .sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : 1));
}
