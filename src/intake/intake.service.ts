import { SYSTEM_ACTOR, type Actor } from '../access/actor.ts';
import { appendAuditPending, withPendingAudit, type AuditEntry } from '../access/audit.ts';
import type { Database } from '../platform/database.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import { newId } from '../platform/ids.ts';
import { CAPACITY_CHANGED } from './intake-events.ts';
import { derivedIntakeStatus, freePlaces, mayWorkOnUnit, osloDate } from './intake-rules.ts';
import {
  dischargeStayRow,
  endActiveHoldRow,
  endBlockRow,
  endHoldRow,
  endExpiredOfUnit,
  insertBlock,
  insertHold,
  insertStay,
  lockPersonStays,
  selectBlock,
  selectBlockForUpdate,
  selectCapacity,
  selectLinkedLoads,
  selectHold,
  selectHoldForUpdate,
  selectHoldUnitId,
  selectOverlappingStays,
  selectStayForUpdate,
  selectUnitLoad,
  selectUnitLoadForUpdate,
  selectUnitLoadForWork,
  selectUnitsWithExpired,
  capacityPayload,
  type CapacityRow,
} from './intake.repository.ts';
import type { AdmitBody, Block, BlockBody, CapacityUnit, DischargeBody, Hold, HoldBody, Stay } from './intake.schemas.ts';
import type { IntakeBlockTable, IntakeHoldTable, IntakeStayTable } from './intake.table.ts';
import { selectBarsCovering } from './transitions.repository.ts';
import type { QueryCreator, Selectable } from 'kysely';
import { placesFreed } from './waiting-list.service.ts';

/** Who acts and from where (the audit log keeps both). */
export type IntakeContext = { actor: Actor; ip: string | null; userAgent: string | null };

/** How far ahead of this server's clock an admission or discharge time may be (clock skew, not planning). */
const CLOCK_SKEW_MS = 60_000;

const iso = (d: Date | string) => new Date(d).toISOString();

function capacityRowToUnit(r: CapacityRow): CapacityUnit {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    places: r.places,
    occupied: r.occupied,
    held: r.held,
    blocked: r.blocked,
    free: freePlaces(r),
    updatedAt: iso(r.updated_at),
  };
}

const blockRowToBlock = (r: Selectable<IntakeBlockTable>, capacity: CapacityUnit): Block => ({
  id: r.id,
  unitId: r.unit_id,
  places: r.places,
  reason: r.reason,
  until: r.until,
  active: r.active,
  createdAt: iso(r.created_at),
  endedAt: r.ended_at ? iso(r.ended_at) : null,
  capacity,
});

const holdRowToHold = (r: Selectable<IntakeHoldTable>, capacity: CapacityUnit): Hold => ({
  id: r.id,
  unitId: r.unit_id,
  personId: r.person_id,
  expiresAt: iso(r.expires_at),
  status: r.status,
  createdAt: iso(r.created_at),
  endedAt: r.ended_at ? iso(r.ended_at) : null,
  capacity,
});

const stayRowToStay = (r: Selectable<IntakeStayTable>, capacity: CapacityUnit): Stay => ({
  id: r.id,
  unitId: r.unit_id,
  personId: r.person_id,
  holdId: r.hold_id,
  admittedAt: iso(r.admitted_at),
  dischargedAt: r.discharged_at ? iso(r.discharged_at) : null,
  destination: r.destination,
  capacity,
});

const fieldError = (code: 'INVALID_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN', field: string, message: string) =>
  new AppError(code, `${field}: ${message}`, [{ field, message }]);

type PgError = { code?: unknown; constraint?: unknown; message?: unknown };

/**
 * The database's refusals in words that name the field. The constraints are the guarantee (no code
 * path gets past them); the checks before them only make the common answers clearer.
 */
function translateDatabaseError(error: unknown, fields: { unit: string; person?: string; discharge?: string }): unknown {
  const e = error as PgError;
  const text = `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  if (e.code === '23514' && text.includes('intake_unit_load_within_places'))
    return fieldError('CONFLICT', fields.unit, 'no free place at this unit: occupied, held and blocked places already fill it');
  if ((e.code === '23P01' || e.code === '23505') && /intake_stay_no_overlap|intake_stay_one_open_per_person/.test(text))
    return fieldError('CONFLICT', fields.person ?? 'personId', 'the person has another stay in this period');
  if (e.code === '23503' && text.includes('person_id')) return fieldError('NOT_FOUND', fields.person ?? 'personId', 'no such person');
  if (e.code === '23514' && text.includes('intake_bar_refuses'))
    return fieldError('CONFLICT', 'unitId', 'the person is barred from this unit (after an immediate discharge)');
  if (e.code === '23514' && text.includes('intake_stay_discharge_after_admission'))
    return fieldError('INVALID_INPUT', fields.discharge ?? 'dischargedAt', 'is before the admission');
  return error;
}

async function guarded<T>(fields: { unit: string; person?: string; discharge?: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateDatabaseError(error, fields);
  }
}

/**
 * Locks the unit's load row (writers on one unit queue here), refuses an unknown or closed unit or
 * one outside the actor's scope, and first releases the unit's expired holds and past blocks.
 */
export async function openUnitForWork(trx: Db, options: { actor: Actor; unitId: string; field: string; now: Date }) {
  return (await unitForWork(trx, { ...options, unit: options.unitId, lock: true })).unit;
}

/**
 * The unit's numbers, and the same refusals as openUnitForWork; the load row is locked only when
 * `lock` is set or there is expiry to do (which must run under the lock). One round trip when
 * nothing has expired, with the `audit` rows recorded pending in it. Without the lock the numbers
 * may be a moment old: a writer that goes on to add to the load relies on the database's check
 * (intake_unit_load_within_places) for the last word. The unit may be a hold's (`{ ofHold }`):
 * then the hold's person comes too, and an unknown hold is NOT_FOUND.
 */
async function unitForWork(
  trx: Db,
  options: {
    actor: Actor;
    unit: string | { ofHold: string };
    field: string;
    now: Date;
    lock: boolean;
    barredPersonId?: string;
    audit?: readonly AuditEntry[];
  },
): Promise<{ unit: CapacityUnit; holdPersonId: string | null }> {
  const today = osloDate(options.now);
  const read = (db: QueryCreator<Database>, lock: boolean) =>
    selectUnitLoadForWork(db, { unit: options.unit, now: options.now, today, lock, barredPersonId: options.barredPersonId });
  let unit = await read(withPendingAudit(trx, options.audit ?? []), options.lock);
  if (!unit) throw fieldError('NOT_FOUND', options.field, typeof options.unit === 'string' ? 'no such unit' : 'no such hold');
  if (!mayWorkOnUnit(options.actor, unit.id)) throw fieldError('FORBIDDEN', options.field, 'this unit is outside your scope');
  if (!unit.open)
    throw fieldError('CONFLICT', options.field, `${unit.name} is closed${unit.closed_on ? ` (since ${unit.closed_on})` : ''}`);
  // As refuseBarred (on the day of `now`), read in the same round trip.
  if (unit.barred_until) throw barredError(unit.barred_until);
  const holdPersonId = unit.hold_person_id;
  if (!unit.has_expired) return { unit: capacityRowToUnit(unit), holdPersonId };
  if (!options.lock) unit = (await read(trx, true))!;
  const ended = await endExpired(trx, unit.id, options.now);
  // The locked row is current unless something just ended (its triggers changed the load).
  return { unit: capacityRowToUnit(ended.holds + ended.blocks === 0 ? unit : await selectUnitLoad(trx, unit.id)), holdPersonId };
}

/**
 * Refuses (409 naming unitId) a person barred from the unit on the Oslo day of `at`: after an
 * immediate discharge the unit may not take the person back until the bar's last day has passed.
 * A trigger refuses the same in the database; this says until when.
 */
export async function refuseBarred(trx: Db, options: { personId: string; unitId: string; at: Date }): Promise<void> {
  const bars = await selectBarsCovering(trx, { personId: options.personId, unitId: options.unitId, day: osloDate(options.at) });
  const bar = bars[0];
  if (bar) throw barredError(bar.until_date);
}

const barredError = (until: string) => fieldError('CONFLICT', 'unitId', `the person is barred from this unit through ${until}`);

/** Ends the unit's expired holds and past blocks (the unit's load row locked), and tells the waiting list; returns how many. */
async function endExpired(trx: Db, unitId: string, now: Date): Promise<{ holds: number; blocks: number }> {
  const { holds, blocks } = await endExpiredOfUnit(trx, unitId, now, osloDate(now));
  if (holds.length + blocks.length === 0) return { holds: 0, blocks: 0 };
  await placesFreed(trx, {
    unitId,
    holds: holds.map((id) => ({ id, how: 'expired' as const })),
    freed: [...holds.map((id) => ({ ref: `hold:${id}`, places: 1 })), ...blocks.map((b) => ({ ref: `block:${b.id}`, places: b.places }))],
    actor: SYSTEM_ACTOR,
    now,
  });
  return { holds: holds.length, blocks: blocks.length };
}

/** Publishes the unit's new numbers (the last write of the transaction) and returns them. */
async function announceCapacity(trx: Db, unitId: string): Promise<CapacityUnit> {
  // The numbers are read by the event's own insert: one round trip under the unit's lock, where
  // every round trip is time the unit's other writers wait.
  const { payload } = await publishEvent(trx, { topic: CAPACITY_CHANGED, payload: capacityPayload(unitId) });
  return { ...payload, category: payload.category as CapacityUnit['category'] };
}

/**
 * The audit row of a hold, release, admission or discharge: in this transaction, pending (no lock
 * on the chain until commit; the route chains it right after, see intake-http.ts `once`).
 */
const intakeAudit = (
  ctx: IntakeContext,
  e: { action: string; resourceType: string; resourceId: string; personId: string },
): AuditEntry => ({
  actor: ctx.actor,
  action: e.action,
  outcome: 'allowed',
  purpose: 'intake',
  resourceType: e.resourceType,
  resourceId: e.resourceId,
  personId: e.personId,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
});

const auditIntake = (trx: Db, ctx: IntakeContext, e: Parameters<typeof intakeAudit>[1]) => appendAuditPending(trx, [intakeAudit(ctx, e)]);

/**
 * The intake status of catalog entries linked to units, derived from their load and the waiting
 * list (derivedIntakeStatus), keyed by the catalog's seed key; the catalog reads it through its port.
 */
export async function linkedIntakeStatuses(db: Db, serviceKeys: readonly string[] | null) {
  const rows = await selectLinkedLoads(db, serviceKeys);
  return new Map(
    rows.map((r) => [
      r.service_key,
      {
        status: derivedIntakeStatus({
          places: r.places,
          occupied: r.occupied,
          held: r.held,
          blocked: r.blocked,
          waiting: r.waiting,
        }),
        at: iso(r.updated_at),
      },
    ]),
  );
}

/** Every open unit's numbers. */
export async function listCapacity(db: Db): Promise<CapacityUnit[]> {
  return (await selectCapacity(db)).map(capacityRowToUnit);
}

/** Takes places out of use until a day (staffing, repairs); CONFLICT when fewer places are free than asked. */
export async function blockPlaces(trx: Db, options: { ctx: IntakeContext; unitId: string; body: BlockBody; now?: Date }): Promise<Block> {
  const now = options.now ?? new Date();
  if (options.body.until <= osloDate(now)) throw fieldError('INVALID_INPUT', 'until', 'must be a day after today');
  const unit = await openUnitForWork(trx, { actor: options.ctx.actor, unitId: options.unitId, field: 'id', now });
  if (options.body.places > unit.free)
    throw fieldError('CONFLICT', 'places', `only ${unit.free} of ${unit.places} places are free; ${options.body.places} cannot be blocked`);
  const row = await guarded({ unit: 'places' }, () =>
    insertBlock(trx, {
      id: newId(),
      unit_id: unit.id,
      places: options.body.places,
      reason: options.body.reason,
      until: options.body.until,
      created_by: options.ctx.actor.userId,
    }),
  );
  return blockRowToBlock(row, await announceCapacity(trx, unit.id));
}

/** Ends a block early: its places are in use again. */
export async function endBlock(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<Block> {
  const now = options.now ?? new Date();
  // Read without a lock: the unit's lock comes first, the block's after it (as expiry takes them).
  const block = await selectBlock(trx, options.id);
  if (!block) throw fieldError('NOT_FOUND', 'id', 'no such block');
  await openUnitForWork(trx, { actor: options.ctx.actor, unitId: block.unit_id, field: 'id', now });
  const current = await selectBlockForUpdate(trx, options.id);
  if (!current?.active) throw fieldError('CONFLICT', 'id', 'the block has ended already');
  const row = await endBlockRow(trx, options.id, now);
  await placesFreed(trx, { unitId: row.unit_id, freed: [{ ref: `block:${row.id}`, places: row.places }], actor: options.ctx.actor, now });
  return blockRowToBlock(row, await announceCapacity(trx, block.unit_id));
}

/**
 * An offer: holds one place at the unit for the person until `expiresAt`. The unit's load row is
 * not locked first (unless expiry is due): the hold's insert locks it (its trigger counts the
 * hold), so only the insert, the numbers' read, the event and the commit queue behind other
 * writers of the unit, and the database's check refuses the hold when the unit filled meanwhile
 * (the same 409 naming unitId).
 */
export async function holdPlace(trx: Db, options: { ctx: IntakeContext; body: HoldBody; now?: Date }): Promise<Hold> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(options.body.expiresAt);
  if (expiresAt <= now) throw fieldError('INVALID_INPUT', 'expiresAt', 'must be in the future');
  const id = newId();
  const { unit } = await unitForWork(trx, {
    actor: options.ctx.actor,
    unit: options.body.unitId,
    field: 'unitId',
    now,
    lock: false,
    barredPersonId: options.body.personId,
    // Audited in the unit's read (rolled back with the transaction if the hold is refused), so the
    // time the unit's lock is held is not spent on it.
    audit: [intakeAudit(options.ctx, { action: 'hold', resourceType: 'intake_hold', resourceId: id, personId: options.body.personId })],
  });
  if (unit.free < 1) throw fieldError('CONFLICT', 'unitId', `no free place at ${unit.name}`);
  const row = await guarded({ unit: 'unitId' }, () =>
    insertHold(trx, {
      id,
      unit_id: unit.id,
      person_id: options.body.personId,
      expires_at: expiresAt,
      created_by: options.ctx.actor.userId,
    }),
  );
  return holdRowToHold(row, await announceCapacity(trx, unit.id));
}

/**
 * Withdraws an offer before it is taken up: the place is free again. The unit is locked before the
 * hold (the order expiry and the request use-cases take them in), in the read that finds the hold.
 */
export async function releaseHold(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<Hold> {
  const now = options.now ?? new Date();
  const { unit, holdPersonId } = await unitForWork(trx, {
    actor: options.ctx.actor,
    unit: { ofHold: options.id },
    field: 'id',
    now,
    lock: true,
  });
  // Audited in the hold's update (a hold keeps its person).
  const audit = intakeAudit(options.ctx, {
    action: 'release_hold',
    resourceType: 'intake_hold',
    resourceId: options.id,
    personId: holdPersonId!,
  });
  const row = await endActiveHoldRow(withPendingAudit(trx, [audit]), options.id, 'released', now);
  if (!row) {
    const current = await selectHold(trx, options.id);
    throw fieldError('CONFLICT', 'id', `the hold is ${current?.status ?? 'gone'}, not active`);
  }
  await holdEnded(trx, { ctx: options.ctx, row, now });
  return holdRowToHold(row, await announceCapacity(trx, unit.id));
}

/**
 * After an active hold was released (the unit's load row locked): the waiting list hears of the
 * place. A row from endActiveHoldRow also says whether there is a request or a waiting list to tell.
 */
async function holdEnded(
  trx: Db,
  options: { ctx: IntakeContext; row: Selectable<IntakeHoldTable> & { has_request?: boolean; anyone_waiting?: boolean }; now: Date },
) {
  const { row } = options;
  await placesFreed(trx, {
    unitId: row.unit_id,
    holds: [{ id: row.id, how: 'released', hasRequest: row.has_request }],
    freed: [{ ref: `hold:${row.id}`, places: 1 }],
    anyoneWaiting: row.anyone_waiting,
    actor: options.ctx.actor,
    now: options.now,
  });
}

/** Releases an active hold (the unit's load row locked by the caller) and tells the waiting list. */
async function endHold(trx: Db, options: { ctx: IntakeContext; id: string; now: Date }) {
  const row = await endHoldRow(trx, options.id, 'released', options.now);
  await auditIntake(trx, options.ctx, { action: 'release_hold', resourceType: 'intake_hold', resourceId: row.id, personId: row.person_id });
  await holdEnded(trx, { ctx: options.ctx, row, now: options.now });
  return row;
}

/**
 * Locks the load row of a unit, or of a hold's unit. A use-case on a request that will hold,
 * release or admit takes this before it locks the request, and before it writes the audit log or
 * an event: every transaction then locks unit, request, audit head, event order in that order
 * (a released or expired hold moves its request under the unit's lock), so none wait in a circle.
 */
export async function lockUnitOf(trx: Db, of: { unitId: string } | { holdId: string }): Promise<void> {
  const unitId = 'unitId' in of ? of.unitId : await selectHoldUnitId(trx, of.holdId);
  if (unitId) await selectUnitLoadForUpdate(trx, unitId);
}

/**
 * Releases the hold of a request's offer when the request itself ends it (declined, rejected,
 * withdrawn): whoever may change the request may end its offer, at any unit. Nothing to do when
 * the hold has ended already (expired in the meantime).
 */
export async function releaseOfferHold(trx: Db, options: { ctx: IntakeContext; holdId: string; now: Date }): Promise<void> {
  const unitId = await selectHoldUnitId(trx, options.holdId);
  if (!unitId) return;
  await selectUnitLoadForUpdate(trx, unitId);
  if ((await selectHoldForUpdate(trx, options.holdId))?.status !== 'active') return;
  await endHold(trx, { ctx: options.ctx, id: options.holdId, now: options.now });
  await announceCapacity(trx, unitId);
}

/** An admission: from an active hold (which it ends), or straight to a unit with a free place. */
export async function admitResident(trx: Db, options: { ctx: IntakeContext; body: AdmitBody; now?: Date }): Promise<Stay> {
  const now = options.now ?? new Date();
  const admittedAt = options.body.admittedAt ? new Date(options.body.admittedAt) : now;
  if (admittedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError('INVALID_INPUT', 'admittedAt', 'must not be in the future');
  let hold: Selectable<IntakeHoldTable> | undefined;
  if (options.body.holdId) {
    // Read without a lock: the person's and the unit's locks come first, the hold's after them (re-read below).
    hold = await selectHold(trx, options.body.holdId);
    if (!hold) throw fieldError('NOT_FOUND', 'holdId', 'no such hold');
  }
  const unitId = hold?.unit_id ?? options.body.unitId!;
  const personId = hold?.person_id ?? options.body.personId!;
  const unitField = hold ? 'holdId' : 'unitId';
  // The person's lock before the unit's, as a discharge takes them: two writers never wait on each other in a circle.
  await lockPersonStays(trx, personId);
  if (hold) {
    if (hold.status !== 'active') throw fieldError('CONFLICT', 'holdId', `the hold is ${hold.status}, not active`);
    if (new Date(hold.expires_at) <= now) throw fieldError('CONFLICT', 'holdId', `the hold expired at ${iso(hold.expires_at)}`);
  }
  const unit = await openUnitForWork(trx, { actor: options.ctx.actor, unitId, field: unitField, now });
  await refuseBarred(trx, { personId, unitId, at: admittedAt });
  if (hold) {
    hold = await selectHoldForUpdate(trx, hold.id);
    if (hold?.status !== 'active') throw fieldError('CONFLICT', 'holdId', `the hold is ${hold?.status ?? 'gone'}, not active`);
  }
  const overlapping = await selectOverlappingStays(trx, personId, admittedAt, null, null);
  if (overlapping.length > 0) throw fieldError('CONFLICT', hold ? 'holdId' : 'personId', 'the person has another stay in this period');
  if (!hold && unit.free < 1) throw fieldError('CONFLICT', 'unitId', `no free place at ${unit.name}`);
  const row = await guarded({ unit: unitField, person: hold ? 'holdId' : 'personId', discharge: 'admittedAt' }, async () => {
    // The hold ends first: its place becomes the stay's, and the load never counts the person twice.
    if (hold) await endHoldRow(trx, hold.id, 'admitted', now);
    return insertStay(trx, {
      id: newId(),
      unit_id: unitId,
      person_id: personId,
      hold_id: hold?.id ?? null,
      admitted_at: admittedAt,
      created_by: options.ctx.actor.userId,
    });
  });
  await auditIntake(trx, options.ctx, { action: 'admit', resourceType: 'intake_stay', resourceId: row.id, personId });
  return stayRowToStay(row, await announceCapacity(trx, unitId));
}

/** A discharge: ends the stay at a time after its admission, with where the person went. */
export async function dischargeResident(
  trx: Db,
  options: { ctx: IntakeContext; id: string; body: DischargeBody; now?: Date },
): Promise<Stay> {
  const now = options.now ?? new Date();
  const dischargedAt = new Date(options.body.dischargedAt);
  if (dischargedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw fieldError('INVALID_INPUT', 'dischargedAt', 'must not be in the future');
  const found = await selectStayForUpdate(trx, options.id);
  if (!found) throw fieldError('NOT_FOUND', 'id', 'no such stay');
  await lockPersonStays(trx, found.person_id);
  const unit = await selectUnitLoadForUpdate(trx, found.unit_id);
  if (!unit || !mayWorkOnUnit(options.ctx.actor, found.unit_id)) throw fieldError('FORBIDDEN', 'id', 'this stay is outside your scope');
  if (found.discharged_at) throw fieldError('CONFLICT', 'id', `the stay ended at ${iso(found.discharged_at)}`);
  if (dischargedAt < new Date(found.admitted_at))
    throw fieldError('INVALID_INPUT', 'dischargedAt', `is before the admission at ${iso(found.admitted_at)}`);
  const row = await guarded({ unit: 'id', discharge: 'dischargedAt' }, () =>
    dischargeStayRow(trx, found.id, dischargedAt, options.body.destination),
  );
  await auditIntake(trx, options.ctx, { action: 'discharge', resourceType: 'intake_stay', resourceId: row.id, personId: row.person_id });
  await placesFreed(trx, { unitId: row.unit_id, freed: [{ ref: `stay:${row.id}`, places: 1 }], actor: options.ctx.actor, now });
  return stayRowToStay(row, await announceCapacity(trx, found.unit_id));
}

/**
 * The job: releases every expired hold and ends every block past its day, one transaction per
 * unit, publishing each changed unit's new numbers. Safe to run twice at once or again after a
 * crash: a hold or block ends only while it is still active (the load row's lock orders the
 * runs), so each is released, counted and announced exactly once.
 */
export async function releaseExpired(db: Db, options: { now?: Date } = {}): Promise<{ holds: number; blocks: number; units: number }> {
  const now = options.now ?? new Date();
  const today = osloDate(now);
  let holds = 0;
  let blocks = 0;
  let units = 0;
  for (const unitId of await selectUnitsWithExpired(db, now, today)) {
    await db.transaction().execute(async (trx) => {
      await selectUnitLoadForUpdate(trx, unitId);
      const { holds: h, blocks: b } = await endExpired(trx, unitId, now);
      if (h + b === 0) return;
      holds += h;
      blocks += b;
      units += 1;
      await announceCapacity(trx, unitId);
    });
  }
  return { holds, blocks, units };
}
