import type { Actor } from '../access/actor.ts';
import { appendAudit, appendAuditBatch, type AuditEntry } from '../access/audit.ts';
import { getPerson } from '../access/persons.service.ts';
import { inActorScope } from '../access/scope.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import { newId } from '../platform/ids.ts';
import { REQUEST_CHANGED } from './intake-events.ts';
import { osloDate } from './intake-rules.ts';
import { admitResident, holdPlace, lockUnitOf, releaseOfferHold, type IntakeContext } from './intake.service.ts';
import { lockPersonStays } from './intake.repository.ts';
import { barApplies, rankUnits } from './matching.ts';
import {
  actionsFrom,
  ACTIONS_NEEDING_A_REASON,
  HOLDING_STATUSES,
  nextStatus,
  type RequestAction,
  type RequestStatus,
} from './request-status.ts';
import {
  insertHistory,
  insertRequest,
  lockRequest,
  markNoticeRead,
  selectBars,
  selectHistory,
  selectMatchUnits,
  selectNotice,
  selectNotices,
  selectRequest,
  selectRequests,
  selectWaiting,
  updateRequest,
  type RequestRow,
  type RequestScope,
} from './requests.repository.ts';
import type { DecisionBody, HistoryEntry, IntakeRequest, MatchesAnswer, Notice, OfferBody, RequestAdmitBody } from './requests.schemas.ts';
import { barRowToBar, requestRowToNeeds, unitRowToMatchUnit } from './waiting-list.service.ts';

/** The most requests one list answers with (the waiting list included). */
const LIST_LIMIT = 500;

const iso = (d: Date | string) => new Date(d).toISOString();

const fieldError = (code: 'INVALID_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN', field: string, message: string, record?: AuditEntry) =>
  new AppError(code, `${field}: ${message}`, [{ field, message }], record);

/** Common intake sees every request; a district caseworker their districts' own. */
export function requestScope(actor: Actor): RequestScope {
  return {
    cityWide: actor.roles.includes('common_intake'),
    districts: actor.roles.includes('district_caseworker') ? [...actor.districts] : [],
  };
}

const inScope = (scope: RequestScope, district: string) => scope.cityWide || scope.districts.includes(district);

const auditEntry = (
  ctx: IntakeContext,
  e: {
    action: string;
    personId: string | null;
    resourceId: string | null;
    outcome?: 'allowed' | 'denied';
    detail?: Record<string, unknown>;
  },
): AuditEntry => ({
  actor: ctx.actor,
  action: e.action,
  outcome: e.outcome ?? 'allowed',
  purpose: 'intake',
  resourceType: 'intake_request',
  resourceId: e.resourceId,
  personId: e.personId,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  ...(e.detail ? { detail: e.detail } : {}),
});

/** Audits a list read: one row per person shown, or one row saying the list was empty. */
async function auditList(db: Db, ctx: IntakeContext, action: string, rows: readonly { id: string; personId: string }[]) {
  if (rows.length === 0) return appendAudit(db, auditEntry(ctx, { action, personId: null, resourceId: null, detail: { rows: 0 } }));
  return appendAuditBatch(
    db,
    rows.map((r) => auditEntry(ctx, { action, personId: r.personId, resourceId: r.id, detail: { via: 'list' } })),
  );
}

function rowToRequest(r: RequestRow, history: HistoryEntry[]): IntakeRequest {
  return {
    id: r.id,
    personId: r.person_id,
    district: r.district,
    category: r.category,
    period: { from: r.period_from, to: r.period_to },
    needs: { substance: r.substance, gender: r.gender, age: r.age, somaticCare: r.somatic_care },
    urgency: r.urgency,
    preferences: { preferredUnits: r.preferred_units, homeDistrict: r.home_district },
    status: r.status,
    actions: actionsFrom(r.status).filter((a) => a !== 'offer_ended'),
    offer:
      r.hold_id && r.hold_unit_id && r.hold_expires_at && HOLDING_STATUSES.includes(r.status)
        ? { holdId: r.hold_id, unitId: r.hold_unit_id, unitName: r.hold_unit_name ?? r.hold_unit_id, expiresAt: iso(r.hold_expires_at) }
        : null,
    stayId: r.stay_id,
    sentAt: iso(r.sent_at),
    updatedAt: iso(r.updated_at),
    history,
  };
}

/** Requests with their histories (one query for all histories). */
async function withHistories(db: Db, rows: readonly RequestRow[]): Promise<IntakeRequest[]> {
  const history = await selectHistory(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    rowToRequest(
      r,
      history
        .filter((h) => h.request_id === r.id)
        .map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, actorName: h.actor_name, at: iso(h.at) })),
    ),
  );
}

/**
 * The request if the actor may see it; otherwise NOT_FOUND naming `id`, the same answer as for
 * one that does not exist (a caseworker learns nothing of other districts), with an audited refusal.
 */
async function requestInScope(db: Db, ctx: IntakeContext, id: string): Promise<RequestRow> {
  const row = await selectRequest(db, id);
  if (!row || !inScope(requestScope(ctx.actor), row.district)) {
    throw fieldError(
      'NOT_FOUND',
      'id',
      'no such request',
      auditEntry(ctx, { action: 'read_request', outcome: 'denied', personId: row?.person_id ?? null, resourceId: id }),
    );
  }
  return row;
}

/** One request as the actor may see it, history included; audited. */
export async function getRequest(db: Db, options: { ctx: IntakeContext; id: string }): Promise<IntakeRequest> {
  const row = await requestInScope(db, options.ctx, options.id);
  await appendAudit(db, auditEntry(options.ctx, { action: 'read_request', personId: row.person_id, resourceId: row.id }));
  const [request] = await withHistories(db, [row]);
  return request!;
}

/** The requests in the actor's scope, newest first; every person shown is audited. */
export async function listRequests(db: Db, options: { ctx: IntakeContext; status?: RequestStatus }): Promise<IntakeRequest[]> {
  const rows = await selectRequests(db, { scope: requestScope(options.ctx.actor), status: options.status, limit: LIST_LIMIT });
  const requests = await withHistories(db, rows);
  await auditList(db, options.ctx, 'read_request', requests);
  return requests;
}

/** The waiting list (sent or received, no offer): urgency, then longest waiting. */
export async function listWaiting(db: Db, options: { ctx: IntakeContext }): Promise<IntakeRequest[]> {
  const requests = await withHistories(db, await selectWaiting(db, { limit: LIST_LIMIT }));
  await auditList(db, options.ctx, 'read_waiting_list', requests);
  return requests;
}

/** Writes a status change: the row, its history, the live event; returns the request as it is now. */
async function changeStatus(
  trx: Db,
  options: {
    ctx: IntakeContext;
    row: RequestRow;
    action: RequestAction;
    reason?: string | null;
    set?: { hold_id?: string | null; stay_id?: string | null };
    now: Date;
  },
): Promise<IntakeRequest> {
  const { row } = options;
  const step = nextStatus(row.status, options.action);
  if (!step.ok) throw fieldError('CONFLICT', 'status', step.reason);
  if (ACTIONS_NEEDING_A_REASON.includes(options.action) && !options.reason) throw fieldError('INVALID_INPUT', 'reason', 'is required');
  await updateRequest(trx, row.id, { status: step.to, ...options.set });
  await insertHistory(trx, {
    id: newId(),
    request_id: row.id,
    from_status: row.status,
    to_status: step.to,
    reason: options.reason ?? null,
    actor_id: options.ctx.actor.userId,
    actor_name: options.ctx.actor.displayName,
    at: options.now,
  });
  await appendAudit(trx, auditEntry(options.ctx, { action: `${options.action}_request`, personId: row.person_id, resourceId: row.id }));
  await publishEvent(trx, { topic: REQUEST_CHANGED, payload: { id: row.id, district: row.district, status: step.to } });
  const [request] = await withHistories(trx, [(await selectRequest(trx, row.id))!]);
  return request!;
}

/** Locks the request (its transitions queue) and returns it, if the actor may see it. */
async function lockedRequest(trx: Db, ctx: IntakeContext, id: string): Promise<RequestRow> {
  await lockRequest(trx, id);
  return requestInScope(trx, ctx, id);
}

/**
 * Locks the unit of the request's hold (if it holds one), then the request (the lock order of
 * lockUnitOf). A hold that changed between the look and the lock is a conflict to try again.
 */
async function lockedRequestAndUnit(trx: Db, ctx: IntakeContext, id: string): Promise<RequestRow> {
  const seen = await requestInScope(trx, ctx, id);
  if (seen.hold_id) await lockUnitOf(trx, { holdId: seen.hold_id });
  const row = await lockedRequest(trx, ctx, id);
  if (row.hold_id !== seen.hold_id) throw fieldError('CONFLICT', 'status', 'the request changed meanwhile; try again');
  return row;
}

type PgError = { code?: unknown; message?: unknown; constraint?: unknown };

/**
 * A district's decision, sent to common intake: the request starts as sent, with its first
 * history row. The deciding district must be the caseworker's own; an unknown person is 404 on `personId`.
 */
export async function createRequest(trx: Db, options: { ctx: IntakeContext; body: DecisionBody; now?: Date }): Promise<IntakeRequest> {
  const now = options.now ?? new Date();
  const { body, ctx } = options;
  const own = requestScope(ctx.actor).districts;
  const district = body.district ?? (own.length === 1 ? own[0] : undefined);
  if (!district) throw fieldError('INVALID_INPUT', 'district', 'is required when you work for more than one district');
  if (!own.includes(district)) throw fieldError('FORBIDDEN', 'district', 'you may only decide for your own districts');
  const id = newId();
  try {
    await insertRequest(trx, {
      id,
      person_id: body.personId,
      district,
      category: body.category,
      period_from: body.period.from,
      period_to: body.period.to ?? null,
      substance: body.needs.substance,
      gender: body.needs.gender ?? null,
      age: body.needs.age ?? null,
      somatic_care: body.needs.somaticCare,
      urgency: body.urgency,
      home_district: body.preferences?.homeDistrict ?? district,
      preferred_units: JSON.stringify(body.preferences?.preferredUnits ?? []),
      sent_at: now,
      created_by: ctx.actor.userId,
    });
  } catch (error) {
    const e = error as PgError;
    if (e.code === '23503' && `${String(e.constraint)} ${String(e.message)}`.includes('person_id'))
      throw fieldError('NOT_FOUND', 'personId', 'no such person');
    throw error;
  }
  await insertHistory(trx, {
    id: newId(),
    request_id: id,
    from_status: null,
    to_status: 'sent',
    reason: null,
    actor_id: ctx.actor.userId,
    actor_name: ctx.actor.displayName,
    at: now,
  });
  await appendAudit(trx, auditEntry(ctx, { action: 'create_request', personId: body.personId, resourceId: id }));
  await publishEvent(trx, { topic: REQUEST_CHANGED, payload: { id, district, status: 'sent' } });
  const [request] = await withHistories(trx, [(await selectRequest(trx, id))!]);
  return request!;
}

/**
 * Refuses a decision about a person outside the caseworker's scope as if the person did not exist
 * (404 naming `personId`): the access module's person read, under row-level security, decides.
 * Its own transaction, before the decision's: the audited read (or refusal) stands either way.
 */
export async function assertPersonInScope(db: Db, options: { ctx: IntakeContext; personId: string }): Promise<void> {
  try {
    await inActorScope(db, options.ctx.actor, { role: 'person' }, (trx) =>
      getPerson(trx, { ctx: options.ctx, id: options.personId, purpose: 'intake' }),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      throw new AppError(
        'NOT_FOUND',
        'personId: no such person in your districts',
        [{ field: 'personId', message: 'no such person in your districts' }],
        error.record,
      );
    throw error;
  }
}

/** Common intake has the request: received. */
export async function receiveRequest(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }) {
  const now = options.now ?? new Date();
  return changeStatus(trx, { ctx: options.ctx, row: await lockedRequest(trx, options.ctx, options.id), action: 'receive', now });
}

/**
 * An offer: holds a place at the unit for the request's person (the hold use-case and its
 * guarantee: 409 naming `unitId` when the unit is full or closed) and links it to the request.
 * A unit the person is barred from is refused too.
 */
export async function offerPlace(trx: Db, options: { ctx: IntakeContext; id: string; body: OfferBody; now?: Date }) {
  const now = options.now ?? new Date();
  await requestInScope(trx, options.ctx, options.id);
  await lockUnitOf(trx, { unitId: options.body.unitId });
  const row = await lockedRequest(trx, options.ctx, options.id);
  const step = nextStatus(row.status, 'offer');
  if (!step.ok) throw fieldError('CONFLICT', 'status', step.reason);
  const bars = await selectBars(trx, { personIds: [row.person_id], unitId: options.body.unitId });
  const bar = bars.map(barRowToBar).find((b) => barApplies(b, osloDate(now)));
  if (bar) throw fieldError('CONFLICT', 'unitId', `the person is barred from this unit${bar.until ? ` until ${bar.until}` : ''}`);
  const hold = await holdPlace(trx, {
    ctx: options.ctx,
    body: { unitId: options.body.unitId, personId: row.person_id, expiresAt: options.body.expiresAt },
    now,
  });
  return changeStatus(trx, {
    ctx: options.ctx,
    row,
    action: 'offer',
    set: { hold_id: hold.id },
    reason: `A place at ${hold.capacity.name} until ${hold.expiresAt}`,
    now,
  });
}

/** The person (through the district or common intake) accepts the offer: the hold stays. */
export async function acceptOffer(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }) {
  const now = options.now ?? new Date();
  return changeStatus(trx, { ctx: options.ctx, row: await lockedRequest(trx, options.ctx, options.id), action: 'accept', now });
}

/** Ends a request's offer (declined) or the request (rejected, withdrawn), releasing its hold. */
async function endWithReason(
  trx: Db,
  options: { ctx: IntakeContext; id: string; action: 'decline' | 'reject' | 'withdraw'; reason: string; now?: Date },
) {
  const now = options.now ?? new Date();
  const row = await lockedRequestAndUnit(trx, options.ctx, options.id);
  const holdId = HOLDING_STATUSES.includes(row.status) ? row.hold_id : null;
  // The request lets go of the hold first, so releasing it does not also put the request back to received.
  const request = await changeStatus(trx, {
    ctx: options.ctx,
    row,
    action: options.action,
    reason: options.reason,
    set: { hold_id: null },
    now,
  });
  if (holdId) await releaseOfferHold(trx, { ctx: options.ctx, holdId, now });
  return request;
}

export const declineOffer = (trx: Db, o: { ctx: IntakeContext; id: string; reason: string; now?: Date }) =>
  endWithReason(trx, { ...o, action: 'decline' });
export const rejectRequest = (trx: Db, o: { ctx: IntakeContext; id: string; reason: string; now?: Date }) =>
  endWithReason(trx, { ...o, action: 'reject' });

/** The district withdraws its request (only its own districts'; common intake cannot). */
export async function withdrawRequest(trx: Db, options: { ctx: IntakeContext; id: string; reason: string; now?: Date }) {
  return endWithReason(trx, { ...options, action: 'withdraw' });
}

/** Admits the person from the accepted offer's hold (the admission use-case): the request is admitted. */
export async function admitFromRequest(trx: Db, options: { ctx: IntakeContext; id: string; body: RequestAdmitBody; now?: Date }) {
  const now = options.now ?? new Date();
  // The person before the unit, as admission and discharge take them.
  await lockPersonStays(trx, (await requestInScope(trx, options.ctx, options.id)).person_id);
  const row = await lockedRequestAndUnit(trx, options.ctx, options.id);
  const step = nextStatus(row.status, 'admit');
  if (!step.ok || !row.hold_id) throw fieldError('CONFLICT', 'status', step.ok ? 'the request holds no place' : step.reason);
  const stay = await admitResident(trx, {
    ctx: options.ctx,
    body: { holdId: row.hold_id, ...(options.body.admittedAt ? { admittedAt: options.body.admittedAt } : {}) },
    now,
  });
  return changeStatus(trx, {
    ctx: options.ctx,
    row,
    action: 'admit',
    set: { stay_id: stay.id },
    reason: `Admitted to ${stay.capacity.name}`,
    now,
  });
}

/** Every open unit ranked for the request (suitable by score, unsuitable apart with why); audited. */
export async function matchRequest(db: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<MatchesAnswer> {
  const now = options.now ?? new Date();
  const row = await requestInScope(db, options.ctx, options.id);
  const units = (await selectMatchUnits(db)).map(unitRowToMatchUnit);
  const bars = (await selectBars(db, { personIds: [row.person_id] })).map(barRowToBar);
  await appendAudit(db, auditEntry(options.ctx, { action: 'match_request', personId: row.person_id, resourceId: row.id }));
  return { requestId: row.id, ...rankUnits(requestRowToNeeds(row), units, bars, osloDate(now)) };
}

/** Notices for the actor's districts (common intake: all), newest first; audited per request's person. */
export async function listNotices(db: Db, options: { ctx: IntakeContext }): Promise<Notice[]> {
  const rows = await selectNotices(db, { scope: requestScope(options.ctx.actor), limit: LIST_LIMIT });
  await auditList(
    db,
    options.ctx,
    'read_notice',
    rows.map((r) => ({ id: r.request_id, personId: r.person_id })),
  );
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    unitId: r.unit_id,
    district: r.recipient_district,
    text: { nb: r.text_nb, en: r.text_en },
    createdAt: iso(r.created_at),
    readAt: r.read_at ? iso(r.read_at) : null,
  }));
}

/** Marks a notice read (in scope only). */
export async function readNotice(trx: Db, options: { ctx: IntakeContext; id: string; now?: Date }): Promise<{ id: string }> {
  const notice = await selectNotice(trx, options.id);
  if (!notice || !inScope(requestScope(options.ctx.actor), notice.recipient_district))
    throw fieldError('NOT_FOUND', 'id', 'no such notice');
  await markNoticeRead(trx, notice.id, options.now ?? new Date());
  await appendAudit(trx, auditEntry(options.ctx, { action: 'read_notice', personId: notice.person_id, resourceId: notice.request_id }));
  return { id: notice.id };
}
