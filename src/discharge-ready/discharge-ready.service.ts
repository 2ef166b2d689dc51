import type { Actor } from '../access/actor.ts';
import { appendAudit, appendAuditBatch, type AuditEntry } from '../access/audit.ts';
import type { PseudonymKeys } from '../access/pseudonym.ts';
import { resolveReferredPerson } from '../access/referred-persons.service.ts';
import type { Db } from '../platform/db.ts';
import { districtByName, districtBySlug } from '../platform/districts.ts';
import { AppError } from '../platform/errors.ts';
import { publishEvent } from '../platform/events/events.service.ts';
import { newId } from '../platform/ids.ts';
import { dischargeCounters, earliestReceiveOn, paymentAlertDueAt, paymentStartsAt, type DistrictAnswer } from './discharge-ready-rules.ts';
import { PAYMENT_ALERT } from './discharge-ready-events.ts';
import {
  claimAlert,
  insertEvent,
  insertNotification,
  isUnanswered,
  lockNotification,
  selectDueAlerts,
  selectEvents,
  selectNotification,
  selectNotifications,
  updateAnswer,
  updateSummaryReceived,
  type NotificationRow,
} from './discharge-ready.repository.ts';
import type {
  AnswerBody,
  Evidence,
  Notification,
  NotificationDetail,
  NotifyBody,
  PaymentAlert,
  SummaryBody,
} from './discharge-ready.schemas.ts';
import type { DischargeReadyEventKind } from './discharge-ready.table.ts';
import { mapDischargeBundle, validateFhirBundle } from './fhir-bundle.ts';

/** Who acts and from where (the audit log keeps both). */
export type DischargeContext = { actor: Actor; ip: string | null; userAgent: string | null };

/** How far ahead of this server's clock a ready time may be (clock skew: a notice is sent when the patient is ready). */
const CLOCK_SKEW_MS = 5 * 60_000;
const OSLO = '0301';

const iso = (d: Date | string) => new Date(d).toISOString();

const fieldError = (code: 'INVALID_INPUT' | 'UNPROCESSABLE' | 'NOT_FOUND' | 'CONFLICT', field: string, message: string) =>
  new AppError(code, `${field}: ${message}`, [{ field, message }]);

function answerOf(row: NotificationRow): DistrictAnswer | null {
  if (row.can_receive === null) return null;
  return row.can_receive ? { canReceive: true, receiveOn: row.receive_on! } : { canReceive: false };
}

/** A row as staff see it, with its counters at `now`. */
export function notificationRowToNotification(row: NotificationRow, now: Date): Notification {
  const answer = answerOf(row);
  return {
    id: row.id,
    personId: row.person_id,
    patient: row.p_id ? { givenName: row.p_given_name, familyName: row.p_family_name, birthYear: row.p_birth_year } : null,
    kommune: row.kommune,
    district: row.district,
    hospital: row.hospital,
    ward: row.ward,
    readyAt: iso(row.ready_at),
    notifiedAt: iso(row.notified_at),
    needs: row.needs,
    source: row.source,
    externalId: row.external_id,
    dischargeSummaryReceivedAt: row.discharge_summary_received_at ? iso(row.discharge_summary_received_at) : null,
    status: answer === null ? 'awaiting_answer' : answer.canReceive ? 'can_receive' : 'cannot_receive',
    answer:
      row.answered_at === null
        ? null
        : { canReceive: row.can_receive!, receiveOn: row.receive_on, reason: row.answer_reason, answeredAt: iso(row.answered_at) },
    paymentStartsAt: iso(row.payment_starts_at),
    paymentAlertDueAt: iso(row.payment_alert_due_at),
    alertedAt: row.alerted_at ? iso(row.alerted_at) : null,
    counters: {
      asOf: now.toISOString(),
      ...dischargeCounters({ readyAt: new Date(row.ready_at), notifiedAt: new Date(row.notified_at), answer, now }),
    },
  };
}

const auditEntry = (
  ctx: DischargeContext,
  action: string,
  row: { id: string; person_id: string },
  detail?: Record<string, unknown>,
): AuditEntry => ({
  actor: ctx.actor,
  action,
  outcome: 'allowed',
  purpose: 'intake',
  resourceType: 'discharge_ready',
  resourceId: row.id,
  personId: row.person_id,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  ...(detail ? { detail } : {}),
});

async function recordEvidence(
  trx: Db,
  e: {
    notificationId: string;
    district: string;
    kind: DischargeReadyEventKind;
    occurredAt: Date;
    actor: Actor;
    detail?: Record<string, unknown>;
  },
) {
  await insertEvent(trx, {
    notification_id: e.notificationId,
    district: e.district,
    kind: e.kind,
    occurred_at: e.occurredAt,
    actor_id: e.actor.userId,
    actor_name: e.actor.displayName,
    detail: JSON.stringify(e.detail ?? {}),
  });
}

/** The district slug a notice names (slug or name); 422 naming the field for anything else. */
function osloDistrict(value: string, field: string): string {
  const district = districtBySlug(value.trim().toLowerCase()) ?? districtByName(value);
  if (!district)
    throw fieldError('UNPROCESSABLE', field, `"${value}" is not one of Oslo's 15 city districts: notify the patient's own municipality`);
  return district.slug;
}

type NotifyInput = {
  person: { personId: string } | { nationalId: string; givenName: string | null; familyName: string | null };
  hospital: string;
  ward: string;
  readyAt: string;
  district: string;
  needs: string;
  dischargeSummaryReceived: boolean;
  source: 'json' | 'fhir';
  externalId: string | null;
};

/**
 * Records a notice that a patient is discharge-ready, for the patient's district: the person is
 * found or registered in that district (the access module; a person registered under another
 * district is moved, and the first evidence says from where), the notice and its first evidence
 * are written, and the payment clock starts at the notification time (now).
 */
async function recordNotification(
  trx: Db,
  options: {
    ctx: DischargeContext;
    keys: PseudonymKeys;
    allowSynthetic: boolean;
    input: NotifyInput;
    fields: { nationalId: string };
    now: Date;
  },
): Promise<Notification> {
  const { ctx, input, now } = options;
  const readyAt = new Date(input.readyAt);
  if (readyAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw fieldError(
      'INVALID_INPUT',
      input.source === 'fhir' ? 'Task.authoredOn' : 'readyAt',
      'must not be in the future: notify when the patient is ready',
    );
  const { personId, movedFrom } = await resolveReferredPerson(trx, {
    ctx,
    keys: options.keys,
    allowSynthetic: options.allowSynthetic,
    district: input.district,
    purpose: 'intake',
    person: input.person,
    nationalIdField: options.fields.nationalId,
  });
  const id = newId();
  await insertNotification(trx, {
    id,
    person_id: personId,
    district: input.district,
    hospital: input.hospital,
    ward: input.ward,
    ready_at: readyAt,
    notified_at: now,
    needs: input.needs,
    source: input.source,
    external_id: input.externalId,
    discharge_summary_received_at: input.dischargeSummaryReceived ? now : null,
    payment_starts_at: paymentStartsAt(now),
    payment_alert_due_at: paymentAlertDueAt(now),
    created_by: ctx.actor.userId,
  });
  const base = { notificationId: id, district: input.district, actor: ctx.actor };
  await recordEvidence(trx, {
    ...base,
    kind: 'notified',
    occurredAt: now,
    detail: {
      readyAt: readyAt.toISOString(),
      hospital: input.hospital,
      ward: input.ward,
      source: input.source,
      externalId: input.externalId,
      ...(movedFrom === null ? {} : { movedFrom }),
    },
  });
  if (input.dischargeSummaryReceived)
    await recordEvidence(trx, { ...base, kind: 'summary_received', occurredAt: now, detail: { with: 'notification' } });
  await appendAudit(trx, auditEntry(ctx, 'notify_discharge_ready', { id, person_id: personId }, { source: input.source }));
  const row = await selectNotification(trx, id);
  return notificationRowToNotification(row!, now);
}

/** A notice in our own JSON. A municipality other than Oslo, or an unknown district, is a 422 naming the field. */
export async function notifyDischargeReady(
  trx: Db,
  options: { ctx: DischargeContext; keys: PseudonymKeys; allowSynthetic: boolean; body: NotifyBody; now?: Date },
): Promise<Notification> {
  const { body } = options;
  if (body.kommune !== OSLO)
    throw fieldError(
      'UNPROCESSABLE',
      'kommune',
      `the patient lives in municipality ${body.kommune}, not Oslo (${OSLO}): notify that municipality`,
    );
  const person =
    body.personId !== undefined
      ? { personId: body.personId }
      : { nationalId: body.nationalId!, givenName: body.givenName, familyName: body.familyName };
  return recordNotification(trx, {
    ...options,
    now: options.now ?? new Date(),
    fields: { nationalId: 'nationalId' },
    input: {
      person,
      hospital: body.hospital,
      ward: body.ward,
      readyAt: body.readyAt,
      district: osloDistrict(body.district, 'district'),
      needs: body.needs,
      dischargeSummaryReceived: body.dischargeSummaryReceived,
      source: 'json',
      externalId: null,
    },
  });
}

/** A notice as a FHIR R4 Bundle: validated against the official schema (400 naming the path), then mapped (422 naming the element). */
export async function notifyDischargeReadyFhir(
  trx: Db,
  options: { ctx: DischargeContext; keys: PseudonymKeys; allowSynthetic: boolean; bundle: unknown; now?: Date },
): Promise<Notification> {
  validateFhirBundle(options.bundle);
  const mapped = mapDischargeBundle(options.bundle as Record<string, unknown>);
  return recordNotification(trx, {
    ...options,
    now: options.now ?? new Date(),
    fields: { nationalId: 'Patient.identifier' },
    input: {
      person: { nationalId: mapped.nationalId, givenName: mapped.givenName, familyName: mapped.familyName },
      hospital: mapped.hospital,
      ward: mapped.ward,
      readyAt: mapped.readyAt,
      district: mapped.district,
      needs: mapped.needs,
      dischargeSummaryReceived: mapped.dischargeSummaryReceived,
      source: 'fhir',
      externalId: mapped.externalId,
    },
  });
}

/** The notifications the caller may see (their districts, every district, or a liaison's own), each read audited. */
export async function listNotifications(
  db: Db,
  options: { ctx: DischargeContext; status?: Notification['status']; limit: number; now?: Date },
): Promise<Notification[]> {
  const now = options.now ?? new Date();
  const rows = await selectNotifications(db, { ...(options.status ? { status: options.status } : {}), limit: options.limit });
  await appendAuditBatch(
    db,
    rows.map((row) => auditEntry(options.ctx, 'read', row, { via: 'list' })),
  );
  return rows.map((row) => notificationRowToNotification(row, now));
}

function eventRowToEvidence(r: Awaited<ReturnType<typeof selectEvents>>[number]): Evidence {
  return {
    id: String(r.id),
    kind: r.kind,
    occurredAt: iso(r.occurred_at),
    recordedAt: iso(r.recorded_at),
    actorName: r.actor_name,
    detail: r.detail,
  };
}

/** One notification with its evidence trail; NOT_FOUND outside the caller's scope. */
export async function getNotification(db: Db, options: { ctx: DischargeContext; id: string; now?: Date }): Promise<NotificationDetail> {
  const row = await selectNotification(db, options.id);
  if (!row) throw fieldError('NOT_FOUND', 'id', 'no such notification');
  await appendAudit(db, auditEntry(options.ctx, 'read', row));
  const evidence = (await selectEvents(db, row.id)).map(eventRowToEvidence);
  return { ...notificationRowToNotification(row, options.now ?? new Date()), evidence };
}

/**
 * The district's answer: it can receive the patient on a day (not before the notification day nor
 * today), or it cannot (with the reason). A later answer replaces the earlier one; the trail keeps both.
 */
export async function answerNotification(
  trx: Db,
  options: { ctx: DischargeContext; id: string; body: AnswerBody; now?: Date },
): Promise<NotificationDetail> {
  const now = options.now ?? new Date();
  if (!(await lockNotification(trx, options.id))) throw fieldError('NOT_FOUND', 'id', 'no such notification');
  const row = (await selectNotification(trx, options.id))!;
  const { body } = options;
  if (body.canReceive) {
    const earliest = earliestReceiveOn(new Date(row.notified_at), now);
    if (body.receiveOn! < earliest)
      throw fieldError('INVALID_INPUT', 'receiveOn', `must be ${earliest} or later (not before the notification day or today)`);
  }
  await updateAnswer(trx, row.id, {
    can_receive: body.canReceive,
    receive_on: body.canReceive ? body.receiveOn! : null,
    answer_reason: body.reason,
    answered_at: now,
    answered_by: options.ctx.actor.userId,
  });
  await recordEvidence(trx, {
    notificationId: row.id,
    district: row.district,
    kind: 'answered',
    occurredAt: now,
    actor: options.ctx.actor,
    detail: { canReceive: body.canReceive, receiveOn: body.receiveOn ?? null, reason: body.reason },
  });
  await appendAudit(trx, auditEntry(options.ctx, 'answer_discharge_ready', row, { canReceive: body.canReceive }));
  return getNotification(trx, { ctx: options.ctx, id: row.id, now });
}

/** The discharge summary (*epikrise*) has come: the first report sets the time; later ones are refused. */
export async function recordSummaryReceived(
  trx: Db,
  options: { ctx: DischargeContext; id: string; body: SummaryBody; now?: Date },
): Promise<NotificationDetail> {
  const now = options.now ?? new Date();
  const at = options.body.receivedAt ? new Date(options.body.receivedAt) : now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError('INVALID_INPUT', 'receivedAt', 'must not be in the future');
  if (!(await lockNotification(trx, options.id))) throw fieldError('NOT_FOUND', 'id', 'no such notification');
  const row = (await selectNotification(trx, options.id))!;
  if (!(await updateSummaryReceived(trx, row.id, at)))
    throw fieldError('CONFLICT', 'id', `the discharge summary was recorded as received at ${iso(row.discharge_summary_received_at!)}`);
  await recordEvidence(trx, {
    notificationId: row.id,
    district: row.district,
    kind: 'summary_received',
    occurredAt: at,
    actor: options.ctx.actor,
  });
  await appendAudit(trx, auditEntry(options.ctx, 'summary_discharge_ready', row));
  return getNotification(trx, { ctx: options.ctx, id: row.id, now });
}

/** The system as the actor of the evidence an alert leaves. */
const ALERT_ACTOR: Actor = { userId: 'system', displayName: 'Veiviser (varsel)', roles: ['system'], districts: [], units: [] };

/**
 * The job: for every unanswered notification whose alert is due, stores its one alert, adds it
 * to the evidence trail and publishes it on the event bus, one transaction each. Safe to run on
 * two instances at once: the alert's primary key lets one transaction claim it; the other inserts
 * nothing, publishes nothing. An answer that commits first stops the alert.
 */
export async function sendPaymentAlerts(db: Db, options: { now?: Date } = {}): Promise<{ alerts: number }> {
  const now = options.now ?? new Date();
  let alerts = 0;
  for (const due of await selectDueAlerts(db, now, 500)) {
    await db.transaction().execute(async (trx) => {
      if (!(await isUnanswered(trx, due.id))) return;
      const startsAt = new Date(due.payment_starts_at);
      if (!(await claimAlert(trx, { notification_id: due.id, district: due.district, payment_starts_at: startsAt }))) return;
      await recordEvidence(trx, {
        notificationId: due.id,
        district: due.district,
        kind: 'payment_alert',
        occurredAt: now,
        actor: ALERT_ACTOR,
        detail: { paymentStartsAt: startsAt.toISOString() },
      });
      const payload: PaymentAlert = { notificationId: due.id, district: due.district, paymentStartsAt: startsAt.toISOString() };
      await publishEvent(trx, { topic: PAYMENT_ALERT, payload });
      alerts += 1;
    });
  }
  return { alerts };
}
