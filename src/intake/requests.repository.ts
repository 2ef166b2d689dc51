import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { IntakeNoticeTable, IntakeRequestHistoryTable, IntakeRequestTable } from './intake.table.ts';
import { HOLDING_STATUSES, WAITING_STATUSES, type RequestStatus } from './request-status.ts';

/** Who may see which requests: every one (common intake), or the districts' own. */
export type RequestScope = { cityWide: boolean; districts: readonly string[] };

/** A request with its offer's unit (when it holds one). */
const requestColumns = [
  'r.id',
  'r.person_id',
  'r.district',
  'r.category',
  'r.period_from',
  'r.period_to',
  'r.substance',
  'r.gender',
  'r.age',
  'r.somatic_care',
  'r.urgency',
  'r.home_district',
  'r.preferred_units',
  'r.status',
  'r.hold_id',
  'r.stay_id',
  'r.sent_at',
  'r.created_by',
  'r.updated_at',
  'h.unit_id as hold_unit_id',
  'h.expires_at as hold_expires_at',
  'u.name as hold_unit_name',
] as const;

const requestsWithOffer = (db: Db) =>
  db
    .selectFrom('intake_request as r')
    .leftJoin('intake_hold as h', 'h.id', 'r.hold_id')
    .leftJoin('intake_unit as u', 'u.id', 'h.unit_id')
    .select(requestColumns);

export type RequestRow = Awaited<ReturnType<typeof selectRequest>> & object;

export async function insertRequest(trx: Db, row: Insertable<IntakeRequestTable>): Promise<void> {
  await trx.insertInto('intake_request').values(row).execute();
}

export async function selectRequest(db: Db, id: string) {
  return requestsWithOffer(db).where('r.id', '=', id).executeTakeFirst();
}

/** Locks the request row until the transaction ends: its transitions queue here. */
export async function lockRequest(trx: Db, id: string): Promise<boolean> {
  return (await trx.selectFrom('intake_request').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}

/** The request holding this hold (offered or accepted), locked. */
export async function selectRequestByHoldForUpdate(trx: Db, holdId: string) {
  return trx
    .selectFrom('intake_request')
    .select(['id', 'status', 'district'])
    .where('hold_id', '=', holdId)
    .where('status', 'in', HOLDING_STATUSES)
    .forUpdate()
    .executeTakeFirst();
}

/** The admitted request a stay came from, locked; undefined when the stay came from none. */
export async function selectAdmittedRequestOfStayForUpdate(trx: Db, stayId: string) {
  return trx
    .selectFrom('intake_request')
    .select(['id', 'status', 'district'])
    .where('stay_id', '=', stayId)
    .where('status', '=', 'admitted')
    .forUpdate()
    .executeTakeFirst();
}

/** Requests in scope, newest first, optionally in one status. */
export async function selectRequests(db: Db, options: { scope: RequestScope; status?: RequestStatus; limit: number }) {
  let q = requestsWithOffer(db);
  if (!options.scope.cityWide) {
    if (options.scope.districts.length === 0) return [];
    q = q.where('r.district', 'in', [...options.scope.districts]);
  }
  if (options.status) q = q.where('r.status', '=', options.status);
  return q.orderBy('r.sent_at', 'desc').orderBy('r.id').limit(options.limit).execute();
}

/** The waiting list: sent or received, by urgency, then longest waiting; optionally those for one open unit's category only. */
export async function selectWaiting(db: Db, options: { forOpenUnit?: string; limit: number }) {
  let q = requestsWithOffer(db).where('r.status', 'in', WAITING_STATUSES);
  // The category of an open unit (none when it is closed), in the same round trip.
  if (options.forOpenUnit)
    q = q.where('r.category', '=', (eb) =>
      eb.selectFrom('intake_unit').select('category').where('id', '=', options.forOpenUnit!).where('open', '=', true),
    );
  return q
    .orderBy(sql`case r.urgency when 'acute' then 0 when 'high' then 1 else 2 end`)
    .orderBy('r.sent_at')
    .orderBy('r.id')
    .limit(options.limit)
    .execute();
}

export async function updateRequest(trx: Db, id: string, set: Updateable<IntakeRequestTable>): Promise<void> {
  await trx
    .updateTable('intake_request')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertHistory(trx: Db, row: Insertable<IntakeRequestHistoryTable>): Promise<void> {
  await trx.insertInto('intake_request_history').values(row).execute();
}

/** The history of the requests, oldest first. */
export async function selectHistory(db: Db, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db
    .selectFrom('intake_request_history')
    .select(['request_id', 'from_status', 'to_status', 'reason', 'actor_name', 'at'])
    .where('request_id', 'in', [...requestIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Open units with their facts and load: what matching ranks. */
export async function selectMatchUnits(db: Db, unitId?: string) {
  let q = db
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.open',
      'u.category',
      'u.substance_policy',
      'u.gender',
      'u.somatic_care',
      'u.district',
      'u.min_age',
      'u.max_age',
      'l.places',
      'l.occupied',
      'l.held',
      'l.blocked',
    ])
    .where('u.open', '=', true);
  if (unitId) q = q.where('u.id', '=', unitId);
  return q.orderBy('u.name').execute();
}

/** The bars of these persons (at one unit, or at every unit). */
export async function selectBars(db: Db, options: { personIds: readonly string[]; unitId?: string }) {
  if (options.personIds.length === 0) return [];
  let q = db
    .selectFrom('intake_bar')
    .select(['person_id', 'unit_id', 'from_date', 'until_date as until', 'reason'])
    .where('person_id', 'in', [...options.personIds]);
  if (options.unitId) q = q.where('unit_id', '=', options.unitId);
  return q.execute();
}

/** Inserts a notice unless the request has one for this freed place; returns it when inserted. */
export async function insertNoticeOnce(trx: Db, row: Insertable<IntakeNoticeTable>) {
  return trx
    .insertInto('intake_notice')
    .values(row)
    .onConflict((oc) => oc.constraint('intake_notice_once').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Notices for the districts in scope (common intake: all), newest first, with the request's person. */
export async function selectNotices(db: Db, options: { scope: RequestScope; limit: number }) {
  let q = db
    .selectFrom('intake_notice as n')
    .innerJoin('intake_request as r', 'r.id', 'n.request_id')
    .select([
      'n.id',
      'n.request_id',
      'n.unit_id',
      'n.recipient_district',
      'n.text_nb',
      'n.text_en',
      'n.created_at',
      'n.read_at',
      'r.person_id',
    ]);
  if (!options.scope.cityWide) {
    if (options.scope.districts.length === 0) return [];
    q = q.where('n.recipient_district', 'in', [...options.scope.districts]);
  }
  return q.orderBy('n.created_at', 'desc').orderBy('n.id').limit(options.limit).execute();
}

export async function markNoticeRead(trx: Db, id: string, at: Date) {
  return trx
    .updateTable('intake_notice')
    .set({ read_at: sql<Date>`coalesce(read_at, ${at})` })
    .where('id', '=', id)
    .returning(['id'])
    .executeTakeFirst();
}

export async function selectNotice(db: Db, id: string) {
  return db
    .selectFrom('intake_notice as n')
    .innerJoin('intake_request as r', 'r.id', 'n.request_id')
    .select(['n.id', 'n.recipient_district', 'n.request_id', 'r.person_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}
