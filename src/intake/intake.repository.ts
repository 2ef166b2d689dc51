import { sql, type Insertable, type QueryCreator } from 'kysely';
import type { Database } from '../platform/database.ts';
import type { Db } from '../platform/db.ts';
import type { IntakeBlockTable, IntakeHoldTable, IntakeStayTable } from './intake.table.ts';
import { HOLDING_STATUSES, WAITING_STATUSES } from './request-status.ts';

/** The capacity board's columns: a unit and its load. */
const capacityColumns = [
  'u.id',
  'u.name',
  'u.category',
  'u.open',
  'u.closed_on',
  'l.places',
  'l.occupied',
  'l.held',
  'l.blocked',
  'l.updated_at',
] as const;

export type CapacityRow = Awaited<ReturnType<typeof selectCapacity>>[number];

/** Every open unit with its load, by name. */
export async function selectCapacity(db: Db) {
  return db
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select(capacityColumns)
    .where('u.open', '=', true)
    .orderBy('u.name')
    .execute();
}

/** One unit with its load, the load row locked until the transaction ends (writers on a unit queue here). */
export async function selectUnitLoadForUpdate(trx: Db, unitId: string) {
  return trx
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select(capacityColumns)
    .where('u.id', '=', unitId)
    .forUpdate('l')
    .executeTakeFirst();
}

/**
 * One unit with its load, and whether it has an active hold whose time ran out or an active block
 * whose last day has passed (then there is expiry to do before the numbers are right). With `lock`,
 * the load row is locked until the transaction ends (writers on a unit queue here). The unit is
 * named, or is a hold's (`{ ofHold }`: then the row also carries the hold's person).
 */
export async function selectUnitLoadForWork(
  db: QueryCreator<Database>,
  options: { unit: string | { ofHold: string }; now: Date; today: string; lock: boolean; barredPersonId?: string },
) {
  const holdId = typeof options.unit === 'string' ? null : options.unit.ofHold;
  const unitId =
    typeof options.unit === 'string' ? options.unit : sql<string>`(select h.unit_id from intake_hold h where h.id = ${holdId})`;
  const query = db
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select(capacityColumns)
    .select(
      sql<boolean>`exists (select 1 from intake_hold h where h.unit_id = u.id and h.status = 'active' and h.expires_at <= ${options.now})
        or exists (select 1 from intake_block b where b.unit_id = u.id and b.active and b.until <= ${options.today}::date)`.as(
        'has_expired',
      ),
    )
    // The last day of a bar of the person from the unit that covers today (null: none), as selectBarsCovering finds it.
    .select(
      sql<string | null>`(select max(bar.until_date) from intake_bar bar where bar.person_id = ${options.barredPersonId ?? null}
        and bar.unit_id = u.id and bar.from_date <= ${options.today}::date and bar.until_date >= ${options.today}::date)`.as(
        'barred_until',
      ),
    )
    .select(sql<string | null>`(select h.person_id from intake_hold h where h.id = ${holdId})`.as('hold_person_id'))
    .where('u.id', '=', unitId);
  return (options.lock ? query.forUpdate('l') : query).executeTakeFirst();
}

/**
 * A unit's numbers as they are now in this transaction, as a jsonb expression in capacityRowToUnit's
 * shape (free as freePlaces counts it): the payload of its capacity event, computed by the event's
 * insert, so announcing a change costs one round trip under the unit's lock, not a read and an insert.
 */
export function capacityPayload(unitId: string) {
  return sql<CapacityPayload>`(select jsonb_build_object(
      'id', u.id, 'name', u.name, 'category', u.category, 'places', l.places, 'occupied', l.occupied,
      'held', l.held, 'blocked', l.blocked, 'free', greatest(0, l.places - l.occupied - l.held - l.blocked),
      'updatedAt', to_char(l.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from intake_unit u join intake_unit_load l on l.unit_id = u.id
    where u.id = ${unitId})`;
}

/** A unit's numbers as the capacity event carries them (CapacityUnit). */
export type CapacityPayload = {
  id: string;
  name: string;
  category: string;
  places: number;
  occupied: number;
  held: number;
  blocked: number;
  free: number;
  updatedAt: string;
};

/** One unit with its load, as it is now in this transaction. */
export async function selectUnitLoad(trx: Db, unitId: string) {
  return trx
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select(capacityColumns)
    .where('u.id', '=', unitId)
    .executeTakeFirstOrThrow();
}

/** The units with an active hold whose time ran out, or an active block whose last day has passed. */
export async function selectUnitsWithExpired(db: Db, now: Date, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('intake_hold')
    .select('unit_id')
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .union(db.selectFrom('intake_block').select('unit_id').where('active', '=', true).where('until', '<=', today))
    .execute();
  return rows.map((r) => r.unit_id);
}

/**
 * Ends the unit's holds whose time ran out and its blocks whose last day has passed (`until` is the
 * first day back in use), in one statement; returns what it ended.
 */
export async function endExpiredOfUnit(
  trx: Db,
  unitId: string,
  now: Date,
  today: string,
): Promise<{ holds: string[]; blocks: { id: string; places: number }[] }> {
  const result = await sql<{ kind: 'hold' | 'block'; id: string; places: number }>`
    with h as (
      update intake_hold set status = 'expired', ended_at = ${now}
       where unit_id = ${unitId} and status = 'active' and expires_at <= ${now} returning id
    ), b as (
      update intake_block set active = false, ended_at = ${now}
       where unit_id = ${unitId} and active and until <= ${today}::date returning id, places
    )
    select 'hold' as kind, id, 1 as places from h union all select 'block' as kind, id, places from b`.execute(trx);
  return {
    holds: result.rows.filter((r) => r.kind === 'hold').map((r) => r.id),
    blocks: result.rows.filter((r) => r.kind === 'block').map((r) => ({ id: r.id, places: r.places })),
  };
}

export async function insertBlock(trx: Db, row: Insertable<IntakeBlockTable>) {
  return trx.insertInto('intake_block').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectBlock(db: Db, id: string) {
  return db.selectFrom('intake_block').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectBlockForUpdate(trx: Db, id: string) {
  return trx.selectFrom('intake_block').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function endBlockRow(trx: Db, id: string, now: Date) {
  return trx
    .updateTable('intake_block')
    .set({ active: false, ended_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertHold(trx: Db, row: Insertable<IntakeHoldTable>) {
  return trx.insertInto('intake_hold').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * Ends a hold that is still active; undefined when it is not (gone, or ended already). The row
 * says whether the hold is the offer of a request (under the unit's lock, which every change of a
 * request's offer takes first, that cannot change before commit) and whether any request waits
 * for such a unit (placesFreed's questions, answered in the same round trip).
 */
export async function endActiveHoldRow(db: QueryCreator<Database>, id: string, status: 'released' | 'expired' | 'admitted', now: Date) {
  return db
    .updateTable('intake_hold as h')
    .set({ status, ended_at: now })
    .where('h.id', '=', id)
    .where('h.status', '=', 'active')
    .returningAll()
    .returning((eb) => [
      eb
        .exists(
          eb.selectFrom('intake_request as r').select('r.id').whereRef('r.hold_id', '=', 'h.id').where('r.status', 'in', HOLDING_STATUSES),
        )
        .$castTo<boolean>()
        .as('has_request'),
      // As selectWaiting({ forOpenUnit }) finds them.
      eb
        .exists(
          eb
            .selectFrom('intake_request as r')
            .select('r.id')
            .where('r.status', 'in', WAITING_STATUSES)
            .where('r.category', '=', (sub) =>
              sub.selectFrom('intake_unit as u').select('u.category').whereRef('u.id', '=', 'h.unit_id').where('u.open', '=', true),
            ),
        )
        .$castTo<boolean>()
        .as('anyone_waiting'),
    ])
    .executeTakeFirst();
}

/** The unit of a hold (no lock: a hold keeps its unit). */
export async function selectHoldUnitId(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('intake_hold').select('unit_id').where('id', '=', id).executeTakeFirst())?.unit_id;
}

export async function selectHold(db: Db, id: string) {
  return db.selectFrom('intake_hold').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectHoldForUpdate(trx: Db, id: string) {
  return trx.selectFrom('intake_hold').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function endHoldRow(trx: Db, id: string, status: 'released' | 'expired' | 'admitted', now: Date) {
  return trx.updateTable('intake_hold').set({ status, ended_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Queues this transaction behind any other writing a stay of the person (the overlap trigger takes the same lock). */
export async function lockPersonStays(trx: Db, personId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`intake_stay:${personId}`}, 0))`.execute(trx);
}

/** The person's stays that overlap [from, to) (to null = open-ended), other than `exceptId`. */
export async function selectOverlappingStays(trx: Db, personId: string, from: Date, to: Date | null, exceptId: string | null) {
  return trx
    .selectFrom('intake_stay')
    .select(['id', 'unit_id', 'admitted_at', 'discharged_at'])
    .where('person_id', '=', personId)
    .where('id', '<>', exceptId ?? '00000000-0000-0000-0000-000000000000')
    .where(
      sql<boolean>`tstzrange(admitted_at, coalesce(discharged_at, 'infinity'), '[)')
      && tstzrange(${from}::timestamptz, coalesce(${to}::timestamptz, 'infinity'), '[)')`,
    )
    .execute();
}

export async function insertStay(trx: Db, row: Insertable<IntakeStayTable>) {
  return trx.insertInto('intake_stay').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectStayForUpdate(trx: Db, id: string) {
  return trx.selectFrom('intake_stay').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function dischargeStayRow(trx: Db, id: string, at: Date, destination: IntakeStayTable['destination']) {
  return trx
    .updateTable('intake_stay')
    .set({ discharged_at: at, destination })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Claims an idempotency key for this route and actor; false when it was claimed before (a replay). */
export async function claimIdempotencyKey(trx: Db, row: { key: string; route: string; actor_id: string; request_hash: string }) {
  const inserted = await trx
    .insertInto('intake_idempotency')
    .values(row)
    .onConflict((oc) => oc.columns(['key', 'route', 'actor_id']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function selectIdempotencyAnswer(trx: Db, key: { key: string; route: string; actor_id: string }) {
  return trx
    .selectFrom('intake_idempotency')
    .select(['request_hash', 'status_code', 'response'])
    .where('key', '=', key.key)
    .where('route', '=', key.route)
    .where('actor_id', '=', key.actor_id)
    .executeTakeFirstOrThrow();
}

export async function storeIdempotencyAnswer(
  trx: Db,
  key: { key: string; route: string; actor_id: string },
  answer: { status: number; body: Record<string, unknown> },
) {
  await trx
    .updateTable('intake_idempotency')
    .set({ status_code: answer.status, response: JSON.stringify(answer.body) })
    .where('key', '=', key.key)
    .where('route', '=', key.route)
    .where('actor_id', '=', key.actor_id)
    .execute();
}

/** Deletes stored answers older than the moment (retention). */
export async function deleteIdempotencyBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('intake_idempotency').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Per catalog seed key linked to at least one open unit: the summed load of its open units, the
 * requests waiting (sent or received) in those units' categories, and when the load last changed.
 */
export async function selectLinkedLoads(db: Db, serviceKeys: readonly string[] | null) {
  if (serviceKeys?.length === 0) return [];
  const rows = await sql<{
    service_key: string;
    places: number;
    occupied: number;
    held: number;
    blocked: number;
    waiting: number;
    updated_at: Date | string;
  }>`
    select k.service_key,
           coalesce(sum(l.places) filter (where u.open), 0)::int as places,
           coalesce(sum(l.occupied) filter (where u.open), 0)::int as occupied,
           coalesce(sum(l.held) filter (where u.open), 0)::int as held,
           coalesce(sum(l.blocked) filter (where u.open), 0)::int as blocked,
           (select count(*)::int from intake_request r
             where r.status in ('sent', 'received')
               and r.category in (select u2.category from intake_unit_service k2
                                   join intake_unit u2 on u2.id = k2.unit_id
                                  where k2.service_key = k.service_key and u2.open)) as waiting,
           max(l.updated_at) as updated_at
      from intake_unit_service k
      join intake_unit u on u.id = k.unit_id
      join intake_unit_load l on l.unit_id = u.id
     where ${serviceKeys === null ? sql`true` : sql`k.service_key in (${sql.join([...serviceKeys])})`}
     group by k.service_key
    having count(*) filter (where u.open) > 0`.execute(db);
  return rows.rows;
}
