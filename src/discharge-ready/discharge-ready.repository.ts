import { sql, type Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { DischargeReadyEventTable, DischargeReadyTable } from './discharge-ready.table.ts';

/** A notification with what staff see of the person (null where row-level security hides the person) and its alert. */
function notificationQuery(db: Db) {
  return db
    .selectFrom('discharge_ready as n')
    .leftJoin('person as p', 'p.id', 'n.person_id')
    .leftJoin('discharge_ready_alert as a', 'a.notification_id', 'n.id')
    .selectAll('n')
    .select(['p.id as p_id', 'p.given_name as p_given_name', 'p.family_name as p_family_name', 'p.birth_year as p_birth_year'])
    .select('a.created_at as alerted_at');
}

export type NotificationRow = Awaited<ReturnType<typeof selectNotification>> & object;

export async function insertNotification(trx: Db, row: Insertable<DischargeReadyTable>): Promise<void> {
  await trx.insertInto('discharge_ready').values(row).execute();
}

export async function selectNotification(db: Db, id: string) {
  return notificationQuery(db).where('n.id', '=', id).executeTakeFirst();
}

/** The notification's row locked until the transaction ends (answers on one notification queue here). */
export async function lockNotification(trx: Db, id: string): Promise<{ id: string } | undefined> {
  return trx.selectFrom('discharge_ready').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The notifications the caller may see (row-level security), newest first. */
export async function selectNotifications(
  db: Db,
  options: { status?: 'awaiting_answer' | 'can_receive' | 'cannot_receive'; limit: number },
) {
  let query = notificationQuery(db);
  if (options.status === 'awaiting_answer') query = query.where('n.can_receive', 'is', null);
  if (options.status === 'can_receive') query = query.where('n.can_receive', '=', true);
  if (options.status === 'cannot_receive') query = query.where('n.can_receive', '=', false);
  return query.orderBy('n.notified_at', 'desc').orderBy('n.id').limit(options.limit).execute();
}

export async function updateAnswer(
  trx: Db,
  id: string,
  answer: { can_receive: boolean; receive_on: string | null; answer_reason: string | null; answered_at: Date; answered_by: string },
): Promise<void> {
  await trx.updateTable('discharge_ready').set(answer).where('id', '=', id).execute();
}

/** Records when the discharge summary came (the first time only: later reports do not move it). */
export async function updateSummaryReceived(trx: Db, id: string, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('discharge_ready')
    .set({ discharge_summary_received_at: at })
    .where('id', '=', id)
    .where('discharge_summary_received_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertEvent(trx: Db, row: Insertable<DischargeReadyEventTable>): Promise<void> {
  await trx.insertInto('discharge_ready_event').values(row).execute();
}

export async function selectEvents(db: Db, notificationId: string) {
  return db.selectFrom('discharge_ready_event').selectAll().where('notification_id', '=', notificationId).orderBy('id').execute();
}

/** Unanswered notifications whose alert is due and not yet sent (the job; runs as the owner, across districts). */
export async function selectDueAlerts(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('discharge_ready as n')
    .leftJoin('discharge_ready_alert as a', 'a.notification_id', 'n.id')
    .select(['n.id', 'n.district', 'n.payment_starts_at'])
    .where('n.can_receive', 'is', null)
    .where('n.payment_alert_due_at', '<=', now)
    .where('a.notification_id', 'is', null)
    .orderBy('n.payment_alert_due_at')
    .limit(limit)
    .execute();
}

/**
 * Claims a notification's one alert: true for the transaction that inserted it. A concurrent
 * claim waits for the first to commit, then inserts nothing (the primary key): exactly once.
 */
export async function claimAlert(trx: Db, row: { notification_id: string; district: string; payment_starts_at: Date }): Promise<boolean> {
  const inserted = await trx
    .insertInto('discharge_ready_alert')
    .values(row)
    .onConflict((oc) => oc.column('notification_id').doNothing())
    .returning('notification_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Whether the notification is still unanswered (checked under the alert's claim, so an answer that won the race stops it). */
export async function isUnanswered(trx: Db, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('discharge_ready')
    .select(sql<boolean>`can_receive is null`.as('open'))
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row?.open === true;
}
