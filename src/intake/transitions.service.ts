import type { Selectable } from 'kysely';
import { appendAuditBatch, type AuditEntry, type Purpose } from '../access/audit.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { freePlaces, mayWorkOnUnit, osloDate } from './intake-rules.ts';
import { lockPersonStays, selectStayForUpdate, selectUnitLoadForUpdate } from './intake.repository.ts';
import type { CapacityUnit, Stay } from './intake.schemas.ts';
import { dischargeResident, holdPlace, openUnitForWork, refuseBarred, type IntakeContext } from './intake.service.ts';
import type { IntakeStayTable } from './intake.table.ts';
import { REQUEST_CHANGED } from './intake-events.ts';
import { insertHistory, selectAdmittedRequestOfStayForUpdate, updateRequest } from './requests.repository.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import {
  addDays,
  addWorkingDays,
  agreementPeriod,
  comparableUnits,
  osloEndOfDay,
  qualityOfLifeProblem,
  stayRequestProblem,
  taskAgeBucket,
} from './transitions-rules.ts';
import {
  barPersonAtUnit,
  countGrantedInPeriod,
  insertAgreement,
  insertIncident,
  insertQualityOfLife,
  insertStayRequest,
  insertTask,
  lockAgreement,
  lockTask,
  selectAgreement,
  selectAgreements,
  selectBarredUnits,
  selectBarsOfPersonAtUnit,
  selectIncident,
  selectOpenStaysOfUnit,
  selectOpenUnitProfiles,
  selectQualityOfLife,
  selectStay,
  selectTask,
  selectTasks,
  selectUnit,
  selectUserWithRole,
  updateTask,
  type AgreementRow,
  type TaskRow,
} from './transitions.repository.ts';
import type {
  Agreement,
  AgreementBody,
  AssignTaskBody,
  Bar,
  CloseTaskBody,
  ImmediateDischarge,
  ImmediateDischargeBody,
  Incident,
  QualityOfLife,
  QualityOfLifeBody,
  StayRequest,
  StayRequestBody,
  Task,
  TaskDetail,
  TaskList,
  UnitStays,
} from './transitions.schemas.ts';
import type { IntakeBarTable, IntakeIncidentTable, IntakeQualityOfLifeTable } from './transitions.table.ts';
import { TASK_AGE_BUCKETS, type TaskAgeBucket } from './transitions-vocabulary.ts';

/** How long after an immediate discharge the re-placement should be done, unless the discharge says. */
export const DEFAULT_TASK_WORKING_DAYS = 2;
/** The longest bar one immediate discharge may set (a typo of a year must not bar someone for decades). */
export const MAX_BAR_DAYS = 730;
/** How far ahead of this server's clock a given time may be (clock skew, not planning). */
const CLOCK_SKEW_MS = 60_000;

const iso = (d: Date | string) => new Date(d).toISOString();

type Code = 'INVALID_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNPROCESSABLE';
const fieldError = (code: Code, field: string, message: string) => new AppError(code, `${field}: ${message}`, [{ field, message }]);

type PgError = { code?: unknown; constraint?: unknown; message?: unknown };
const pgText = (e: PgError) => `${typeof e.constraint === 'string' ? e.constraint : ''} ${typeof e.message === 'string' ? e.message : ''}`;

/** The database's refusals of these tables, in words naming the field. */
function translate(error: unknown): unknown {
  const e = error as PgError;
  const text = pgText(e);
  if (e.code === '23P01' && text.includes('intake_uc_agreement_no_overlap'))
    return fieldError('CONFLICT', 'validFrom', 'the person has another agreement at this unit in this period');
  if (e.code === '23503' && text.includes('person_id')) return fieldError('NOT_FOUND', 'personId', 'no such person');
  if (e.code === '23514' && /intake_qol_(range|declined)/.test(text)) return fieldError('INVALID_INPUT', 'score', 'is off the scale');
  return error;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translate(error);
  }
}

const auditEntry = (
  ctx: IntakeContext,
  e: { action: string; resourceType: string; resourceId: string | null; personId: string; purpose?: Purpose },
): AuditEntry => ({
  actor: ctx.actor,
  action: e.action,
  outcome: 'allowed',
  purpose: e.purpose ?? 'intake',
  resourceType: e.resourceType,
  resourceId: e.resourceId,
  personId: e.personId,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
});

/** A user id, or null for an actor that is not a user account (the system). */
const userIdOrNull = (id: string) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null);

const barRowToBar = (r: Selectable<IntakeBarTable>): Bar => ({
  id: r.id,
  personId: r.person_id,
  unitId: r.unit_id,
  from: r.from_date,
  until: r.until_date,
  reason: r.reason,
});

const incidentRowToIncident = (r: Selectable<IntakeIncidentTable>): Incident => ({
  id: r.id,
  stayId: r.stay_id,
  kind: r.kind,
  description: r.description,
  occurredAt: iso(r.occurred_at),
});

function taskRowToTask(r: TaskRow, now: Date): Task {
  const open = r.status === 'open';
  return {
    id: r.id,
    personId: r.person_id,
    fromUnitId: r.from_unit_id,
    fromUnitName: r.from_unit_name,
    fromStayId: r.from_stay_id,
    incidentId: r.incident_id,
    requestId: r.request_id,
    ownerTeam: r.owner_team,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    deadline: iso(r.deadline),
    status: r.status,
    ageBucket: open ? taskAgeBucket({ createdAt: new Date(r.created_at), deadline: new Date(r.deadline) }, now) : null,
    outcome: r.outcome,
    outcomeNote: r.outcome_note,
    createdAt: iso(r.created_at),
    closedAt: r.closed_at ? iso(r.closed_at) : null,
  };
}

const stayRowToStay = (r: Selectable<IntakeStayTable>): Omit<Stay, 'capacity'> => ({
  id: r.id,
  unitId: r.unit_id,
  personId: r.person_id,
  holdId: r.hold_id,
  admittedAt: iso(r.admitted_at),
  dischargedAt: r.discharged_at ? iso(r.discharged_at) : null,
  destination: r.destination,
});

/** The current residents of a unit in the actor's scope (audited: one row per person shown). */
export async function listUnitStays(db: Db, options: { ctx: IntakeContext; unitId: string }): Promise<UnitStays> {
  const unit = await selectUnit(db, options.unitId);
  if (!unit) throw fieldError('NOT_FOUND', 'id', 'no such unit');
  if (!mayWorkOnUnit(options.ctx.actor, unit.id)) throw fieldError('FORBIDDEN', 'id', 'this unit is outside your scope');
  const rows = await selectOpenStaysOfUnit(db, unit.id);
  await appendAuditBatch(
    db,
    rows.map((r) =>
      auditEntry(options.ctx, { action: 'list_stays', resourceType: 'intake_stay', resourceId: r.id, personId: r.person_id }),
    ),
  );
  return { stays: rows.map(stayRowToStay) };
}

/**
 * An immediate discharge for violence or threats, in the caller's one transaction: records the
 * incident, bars the person from the unit from the day of the discharge through `barUntil`,
 * opens a re-placement task owned by common intake, and ends the stay through the ordinary
 * discharge (so the unit's numbers update and are announced). The district's decision stands:
 * the request the stay was admitted from goes back to received (on the waiting list, with a
 * history row both sides read), and the task links it, so common intake offers a new place from it.
 */
export async function dischargeImmediately(
  trx: Db,
  options: { ctx: IntakeContext; id: string; body: ImmediateDischargeBody; now?: Date },
): Promise<ImmediateDischarge> {
  const now = options.now ?? new Date();
  const { body, ctx } = options;
  const at = new Date(body.at);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError('INVALID_INPUT', 'at', 'must not be in the future');
  const today = osloDate(now);
  if (body.barUntil < today) throw fieldError('INVALID_INPUT', 'barUntil', `must be today (${today}) or later`);
  if (body.barUntil > addDays(today, MAX_BAR_DAYS))
    throw fieldError('INVALID_INPUT', 'barUntil', `must be within ${MAX_BAR_DAYS} days from today`);
  const deadline = body.taskDeadline ? new Date(body.taskDeadline) : addWorkingDays(at, DEFAULT_TASK_WORKING_DAYS);
  if (body.taskDeadline && deadline <= now) throw fieldError('INVALID_INPUT', 'taskDeadline', 'must be in the future');

  const stay = await selectStayForUpdate(trx, options.id);
  if (!stay) throw fieldError('NOT_FOUND', 'id', 'no such stay');
  if (!mayWorkOnUnit(ctx.actor, stay.unit_id)) throw fieldError('FORBIDDEN', 'id', 'this stay is outside your scope');
  // The locks in the order every intake write takes them (stay, person, unit; then audit, then the
  // event), before this transaction's audit row: otherwise it could hold the audit chain while
  // waiting for a unit another writer holds while waiting for the chain.
  await lockPersonStays(trx, stay.person_id);
  await selectUnitLoadForUpdate(trx, stay.unit_id);
  if (stay.discharged_at) throw fieldError('CONFLICT', 'id', `the stay ended at ${iso(stay.discharged_at)}`);
  if (at < new Date(stay.admitted_at)) throw fieldError('INVALID_INPUT', 'at', `is before the admission at ${iso(stay.admitted_at)}`);

  const incident = await insertIncident(trx, {
    id: newId(),
    stay_id: stay.id,
    person_id: stay.person_id,
    unit_id: stay.unit_id,
    kind: body.incident.kind,
    description: body.incident.description,
    occurred_at: at,
    created_by: ctx.actor.userId,
  });
  const bar = await barPersonAtUnit(trx, {
    personId: stay.person_id,
    unitId: stay.unit_id,
    from: osloDate(at),
    until: body.barUntil,
    reason: `immediate discharge: ${body.incident.kind}`,
    createdBy: userIdOrNull(ctx.actor.userId),
  });
  // The unit is locked: its requests next, in the order every intake write takes them.
  const request = await selectAdmittedRequestOfStayForUpdate(trx, stay.id);
  if (request) {
    await updateRequest(trx, request.id, { status: 'received', hold_id: null, stay_id: null });
    await insertHistory(trx, {
      id: newId(),
      request_id: request.id,
      from_status: request.status,
      to_status: 'received',
      reason: `Immediate discharge (${body.incident.kind}): the decision stands; common intake finds a new place`,
      actor_id: ctx.actor.userId,
      actor_name: ctx.actor.displayName,
      at: now,
    });
  }
  const task = await insertTask(trx, {
    id: newId(),
    person_id: stay.person_id,
    incident_id: incident.id,
    from_stay_id: stay.id,
    from_unit_id: stay.unit_id,
    request_id: request?.id ?? null,
    owner_team: 'common_intake',
    deadline,
    created_by: ctx.actor.userId,
  });
  await appendAuditBatch(trx, [
    auditEntry(ctx, { action: 'immediate_discharge', resourceType: 'intake_incident', resourceId: incident.id, personId: stay.person_id }),
  ]);
  if (request)
    await publishEvent(trx, { topic: REQUEST_CHANGED, payload: { id: request.id, district: request.district, status: 'received' } });
  // Last: the ordinary discharge ends the stay and announces the unit's numbers as the transaction's last write.
  const discharged = await dischargeResident(trx, {
    ctx,
    id: stay.id,
    body: { dischargedAt: body.at, destination: body.destination ?? 'unknown' },
    now,
  });
  return {
    stay: discharged,
    incident: incidentRowToIncident(incident),
    bar: barRowToBar(bar),
    task: taskRowToTask((await selectTask(trx, task.id))!, now),
  };
}

/** The overview's counts: open tasks by age group and by owner (a user, else the team). */
function overviewOf(tasks: Task[]): TaskList['overview'] {
  const byAge = Object.fromEntries(TASK_AGE_BUCKETS.map((b) => [b, 0])) as Record<TaskAgeBucket, number>;
  const owners = new Map<string, TaskList['overview']['byOwner'][number]>();
  for (const t of tasks) {
    if (t.status !== 'open' || t.ageBucket === null) continue;
    byAge[t.ageBucket] += 1;
    const key = t.ownerUserId ?? `team:${t.ownerTeam ?? ''}`;
    const owner = owners.get(key) ?? {
      ownerTeam: t.ownerUserId ? null : t.ownerTeam,
      ownerUserId: t.ownerUserId,
      ownerName: t.ownerName,
      open: 0,
    };
    owner.open += 1;
    owners.set(key, owner);
  }
  const open = Object.values(byAge).reduce((n, v) => n + v, 0);
  return { open, byAge, byOwner: [...owners.values()].sort((a, b) => b.open - a.open) };
}

/** Re-placement tasks (open: oldest first; closed: newest first), with the open ones' overview. */
export async function listTasks(db: Db, options: { ctx: IntakeContext; status: 'open' | 'closed'; now?: Date }): Promise<TaskList> {
  const now = options.now ?? new Date();
  const tasks = (await selectTasks(db, options.status, 500)).map((r) => taskRowToTask(r, now));
  const open = options.status === 'open' ? tasks : (await selectTasks(db, 'open', 500)).map((r) => taskRowToTask(r, now));
  await appendAuditBatch(
    db,
    tasks.map((t) =>
      auditEntry(options.ctx, { action: 'list_tasks', resourceType: 'intake_replacement_task', resourceId: t.id, personId: t.personId }),
    ),
  );
  return { tasks, overview: overviewOf(open) };
}

/** One task with its incident, the person's bars at the unit and the stay it came from. */
export async function getTask(db: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<TaskDetail> {
  const now = options.now ?? new Date();
  const row = await selectTask(db, options.id);
  if (!row) throw fieldError('NOT_FOUND', 'id', 'no such task');
  const [incident, bars, stay] = [
    await selectIncident(db, row.incident_id),
    await selectBarsOfPersonAtUnit(db, row.person_id, row.from_unit_id),
    await selectStay(db, row.from_stay_id),
  ];
  await appendAuditBatch(db, [
    auditEntry(options.ctx, { action: 'read_task', resourceType: 'intake_replacement_task', resourceId: row.id, personId: row.person_id }),
  ]);
  return {
    task: taskRowToTask(row, now),
    incident: incidentRowToIncident(incident),
    bars: bars.map(barRowToBar),
    stay: stayRowToStay(stay!),
  };
}

async function openTaskForWork(trx: Db, id: string) {
  const task = await lockTask(trx, id);
  if (!task) throw fieldError('NOT_FOUND', 'id', 'no such task');
  if (task.status !== 'open') throw fieldError('CONFLICT', 'id', 'the task is closed');
  return task;
}

async function answerTask(trx: Db, ctx: IntakeContext, id: string, action: string, now: Date): Promise<Task> {
  const row = (await selectTask(trx, id))!;
  await appendAuditBatch(trx, [
    auditEntry(ctx, { action, resourceType: 'intake_replacement_task', resourceId: id, personId: row.person_id }),
  ]);
  return taskRowToTask(row, now);
}

/** The acting user takes the task: it is theirs until they close or hand it on. */
export async function takeTask(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<Task> {
  const now = options.now ?? new Date();
  await openTaskForWork(trx, options.id);
  const userId = userIdOrNull(options.ctx.actor.userId);
  if (!userId) throw fieldError('FORBIDDEN', 'id', 'only a user can take a task');
  await updateTask(trx, options.id, { owner_user_id: userId });
  return answerTask(trx, options.ctx, options.id, 'take_task', now);
}

/** Gives the task to a user holding common intake, or back to a team (the user no longer owns it). */
export async function assignTask(trx: Db, options: { ctx: IntakeContext; id: string; body: AssignTaskBody; now?: Date }): Promise<Task> {
  const now = options.now ?? new Date();
  const task = await openTaskForWork(trx, options.id);
  if (options.body.userId !== undefined) {
    const user = await selectUserWithRole(trx, options.body.userId, 'common_intake');
    if (!user) throw fieldError('UNPROCESSABLE', 'userId', 'is not an active user with the role common intake');
    await updateTask(trx, options.id, { owner_user_id: user.id, owner_team: task.owner_team ?? 'common_intake' });
  } else {
    await updateTask(trx, options.id, { owner_user_id: null, owner_team: options.body.team! });
  }
  return answerTask(trx, options.ctx, options.id, 'assign_task', now);
}

/** Closes the task with what came of it. */
export async function closeTask(trx: Db, options: { ctx: IntakeContext; id: string; body: CloseTaskBody; now?: Date }): Promise<Task> {
  const now = options.now ?? new Date();
  await openTaskForWork(trx, options.id);
  await updateTask(trx, options.id, {
    status: 'closed',
    outcome: options.body.outcome,
    outcome_note: options.body.note,
    closed_at: now,
    closed_by: options.ctx.actor.userId,
  });
  return answerTask(trx, options.ctx, options.id, 'close_task', now);
}

const agreementRowToAgreement = (r: AgreementRow): Agreement => ({
  id: r.id,
  personId: r.person_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  nightsPerStay: r.nights_per_stay,
  staysPerPeriod: r.stays_per_period,
  periodDays: r.period_days,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  note: r.note,
  createdAt: iso(r.created_at),
});

/** A user-controlled place agreed before moving out: the limits later stay requests are held to. */
export async function createAgreement(trx: Db, options: { ctx: IntakeContext; body: AgreementBody; now?: Date }): Promise<Agreement> {
  const now = options.now ?? new Date();
  const { body, ctx } = options;
  const unit = await selectUnit(trx, body.unitId);
  if (!unit) throw fieldError('NOT_FOUND', 'unitId', 'no such unit');
  if (!mayWorkOnUnit(ctx.actor, unit.id)) throw fieldError('FORBIDDEN', 'unitId', 'this unit is outside your scope');
  if (!unit.open) throw fieldError('CONFLICT', 'unitId', `${unit.name} is closed`);
  if (body.validTo < body.validFrom) throw fieldError('UNPROCESSABLE', 'validTo', 'must be on or after validFrom');
  if (body.validTo < osloDate(now)) throw fieldError('UNPROCESSABLE', 'validTo', 'must not be in the past');
  const { id } = await guarded(() =>
    insertAgreement(trx, {
      id: newId(),
      person_id: body.personId,
      unit_id: unit.id,
      nights_per_stay: body.nightsPerStay,
      stays_per_period: body.staysPerPeriod,
      period_days: body.periodDays,
      valid_from: body.validFrom,
      valid_to: body.validTo,
      note: body.note,
      created_by: ctx.actor.userId,
    }),
  );
  await appendAuditBatch(trx, [
    auditEntry(ctx, {
      action: 'create_agreement',
      resourceType: 'intake_user_controlled_agreement',
      resourceId: id,
      personId: body.personId,
    }),
  ]);
  return agreementRowToAgreement((await selectAgreement(trx, id))!);
}

/** Agreements at the units in the actor's scope (common intake: all), newest first. */
export async function listAgreements(
  db: Db,
  options: { ctx: IntakeContext; unitId?: string; personId?: string },
): Promise<{ agreements: Agreement[] }> {
  const actor = options.ctx.actor;
  const unitIds = actor.roles.includes('common_intake') ? null : actor.roles.includes('institution_staff') ? actor.units : [];
  const rows = await selectAgreements(db, {
    unitIds,
    ...(options.unitId ? { unitId: options.unitId } : {}),
    ...(options.personId ? { personId: options.personId } : {}),
  });
  await appendAuditBatch(
    db,
    rows.map((r) =>
      auditEntry(options.ctx, {
        action: 'list_agreements',
        resourceType: 'intake_user_controlled_agreement',
        resourceId: r.id,
        personId: r.person_id,
      }),
    ),
  );
  return { agreements: rows.map(agreementRowToAgreement) };
}

type Profile = Awaited<ReturnType<typeof selectOpenUnitProfiles>>[number];
const profileToCapacity = (u: Profile): CapacityUnit => ({
  id: u.id,
  name: u.name,
  category: u.category,
  places: u.places,
  occupied: u.occupied,
  held: u.held,
  blocked: u.blocked,
  free: freePlaces(u),
  updatedAt: iso(u.updated_at),
});

/**
 * A former resident's request for a short stay under their agreement (made by staff on their
 * behalf). Outside the agreement's limits: UNPROCESSABLE naming the field. Within them and with a
 * free place: granted, as a hold on the place until the end of the first day (through the unit's
 * guarantee), admitted from on arrival. Unit full: recorded as such, with comparable units that
 * have a free place now.
 */
export async function requestUserControlledStay(
  trx: Db,
  options: { ctx: IntakeContext; agreementId: string; body: StayRequestBody; now?: Date },
): Promise<{ status: 200 | 201; body: StayRequest }> {
  const now = options.now ?? new Date();
  const { ctx, body } = options;
  // Requests under one agreement queue here, so two cannot both take the period's last stay.
  if (!(await lockAgreement(trx, options.agreementId))) throw fieldError('NOT_FOUND', 'id', 'no such agreement');
  const agreement = (await selectAgreement(trx, options.agreementId))!;
  if (!mayWorkOnUnit(ctx.actor, agreement.unit_id)) throw fieldError('FORBIDDEN', 'id', 'this agreement is outside your scope');
  const limits = {
    nightsPerStay: agreement.nights_per_stay,
    staysPerPeriod: agreement.stays_per_period,
    periodDays: agreement.period_days,
    validFrom: agreement.valid_from,
    validTo: agreement.valid_to,
  };
  const period = body.from >= limits.validFrom ? agreementPeriod(limits, body.from) : null;
  const grantedInPeriod = period ? await countGrantedInPeriod(trx, agreement.id, period.start, period.end) : 0;
  const problem = stayRequestProblem(limits, body, { today: osloDate(now), grantedInPeriod });
  if (problem) throw fieldError('UNPROCESSABLE', problem.field, problem.message);

  await refuseBarred(trx, { personId: agreement.person_id, unitId: agreement.unit_id, at: now });
  const unit = await openUnitForWork(trx, { actor: ctx.actor, unitId: agreement.unit_id, field: 'id', now });
  const base = {
    id: newId(),
    agreement_id: agreement.id,
    person_id: agreement.person_id,
    unit_id: agreement.unit_id,
    from_date: body.from,
    to_date: body.to,
    created_by: ctx.actor.userId,
  };
  const audit = (requestId: string) =>
    appendAuditBatch(trx, [
      auditEntry(ctx, {
        action: 'request_user_controlled_stay',
        resourceType: 'intake_user_controlled_stay_request',
        resourceId: requestId,
        personId: agreement.person_id,
      }),
    ]);

  if (unit.free < 1) {
    const barred = new Set(await selectBarredUnits(trx, { personId: agreement.person_id, day: osloDate(now) }));
    const profiles = (await selectOpenUnitProfiles(trx)).filter((u) => !barred.has(u.id));
    const asProfile = (u: Profile) => ({
      id: u.id,
      name: u.name,
      category: u.category,
      substancePolicy: u.substance_policy,
      gender: u.gender,
      free: freePlaces(u),
    });
    const original = profiles.find((u) => u.id === unit.id);
    const comparable = original ? comparableUnits(asProfile(original), profiles.map(asProfile)) : [];
    const byId = new Map(profiles.map((u) => [u.id, u]));
    const row = await insertStayRequest(trx, { ...base, outcome: 'unit_full', hold_id: null });
    await audit(row.id);
    return {
      status: 200,
      body: {
        id: row.id,
        agreementId: agreement.id,
        from: row.from_date,
        to: row.to_date,
        outcome: 'unit_full',
        hold: null,
        alternatives: comparable.map((u) => profileToCapacity(byId.get(u.id)!)),
      },
    };
  }
  // Audited before holdPlace announces the unit's numbers: the audit chain's lock is always taken before the events'.
  await audit(base.id);
  const hold = await holdPlace(trx, {
    ctx,
    body: { unitId: unit.id, personId: agreement.person_id, expiresAt: osloEndOfDay(body.from).toISOString() },
    now,
  });
  const row = await insertStayRequest(trx, { ...base, outcome: 'granted', hold_id: hold.id });
  return {
    status: 201,
    body: { id: row.id, agreementId: agreement.id, from: row.from_date, to: row.to_date, outcome: 'granted', hold, alternatives: [] },
  };
}

const qolRowToAnswer = (r: Selectable<IntakeQualityOfLifeTable>): QualityOfLife => ({
  id: r.id,
  personId: r.person_id,
  answeredOn: r.answered_on,
  setting: r.setting,
  district: r.district,
  unitId: r.unit_id,
  score: r.score,
  declined: r.declined,
  createdAt: iso(r.created_at),
});

/**
 * Records one answer to the quality-of-life question: a district caseworker in their district
 * (1–7), institution staff at their unit (1–5), or that the person declined to answer.
 */
export async function recordQualityOfLife(trx: Db, options: { ctx: IntakeContext; body: QualityOfLifeBody; now?: Date }) {
  const now = options.now ?? new Date();
  const { ctx, body } = options;
  const actor = ctx.actor;
  if (body.answeredOn > osloDate(now)) throw fieldError('INVALID_INPUT', 'answeredOn', 'must not be in the future');
  const problem = qualityOfLifeProblem(body.setting, body.score ?? null, body.declined);
  if (problem) throw fieldError('INVALID_INPUT', 'score', problem);
  // A refusal of the scope is audited like a refusal of the permission (the row outlives the rollback).
  const refused = (field: string, message: string) =>
    new AppError('FORBIDDEN', `${field}: ${message}`, [{ field, message }], {
      ...auditEntry(ctx, {
        action: 'record_quality_of_life',
        resourceType: 'intake_quality_of_life',
        resourceId: null,
        personId: body.personId,
        purpose: 'case_handling',
      }),
      outcome: 'denied',
    } satisfies AuditEntry);
  if (body.setting === 'district') {
    if (!actor.roles.includes('district_caseworker') || !actor.districts.includes(body.district!))
      throw refused('district', 'this district is outside your scope');
  } else {
    const unit = await selectUnit(trx, body.unitId!);
    if (!unit) throw fieldError('NOT_FOUND', 'unitId', 'no such unit');
    if (!actor.roles.includes('institution_staff') || !actor.units.includes(unit.id))
      throw refused('unitId', 'this unit is outside your scope');
  }
  const row = await guarded(() =>
    insertQualityOfLife(trx, {
      id: newId(),
      person_id: body.personId,
      answered_on: body.answeredOn,
      setting: body.setting,
      district: body.district ?? null,
      unit_id: body.unitId ?? null,
      score: body.score ?? null,
      declined: body.declined,
      created_by: actor.userId,
    }),
  );
  await appendAuditBatch(trx, [
    auditEntry(ctx, {
      action: 'record_quality_of_life',
      resourceType: 'intake_quality_of_life',
      resourceId: row.id,
      personId: row.person_id,
      purpose: 'case_handling',
    }),
  ]);
  return qolRowToAnswer(row);
}

/** A person's answers recorded in the actor's districts or at the actor's units (the read is audited). */
export async function listQualityOfLife(db: Db, options: { ctx: IntakeContext; personId: string }) {
  const actor = options.ctx.actor;
  const rows = await selectQualityOfLife(db, options.personId, {
    cityWide: false,
    districts: actor.roles.includes('district_caseworker') ? actor.districts : [],
    units: actor.roles.includes('institution_staff') ? actor.units : [],
  });
  await appendAuditBatch(db, [
    auditEntry(options.ctx, {
      action: 'read_quality_of_life',
      resourceType: 'person',
      resourceId: options.personId,
      personId: options.personId,
      purpose: 'case_handling',
    }),
  ]);
  return { answers: rows.map(qolRowToAnswer) };
}
