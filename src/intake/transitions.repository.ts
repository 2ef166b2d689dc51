import { sql, type Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type {
  IntakeBarTable,
  IntakeIncidentTable,
  IntakeQualityOfLifeTable,
  IntakeReplacementTaskTable,
  IntakeUserControlledAgreementTable,
  IntakeUserControlledStayRequestTable,
} from './transitions.table.ts';

/** The bars on a person at a unit that cover the day (Oslo, YYYY-MM-DD). */
export async function selectBarsCovering(db: Db, options: { personId: string; unitId: string; day: string }) {
  return db
    .selectFrom('intake_bar')
    .selectAll()
    .where('person_id', '=', options.personId)
    .where('unit_id', '=', options.unitId)
    .where('from_date', '<=', options.day)
    .where('until_date', '>=', options.day)
    .orderBy('until_date', 'desc')
    .execute();
}

/** The units a person is barred from on a day. */
export async function selectBarredUnits(db: Db, options: { personId: string; day: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('intake_bar')
    .select('unit_id')
    .distinct()
    .where('person_id', '=', options.personId)
    .where('from_date', '<=', options.day)
    .where('until_date', '>=', options.day)
    .execute();
  return rows.map((r) => r.unit_id);
}

export async function selectBarsOfPersonAtUnit(db: Db, personId: string, unitId: string) {
  return db
    .selectFrom('intake_bar')
    .selectAll()
    .where('person_id', '=', personId)
    .where('unit_id', '=', unitId)
    .orderBy('from_date')
    .execute();
}

/**
 * Bars a person from a unit, from `from` through `until` (Oslo days, both included). `createdBy`
 * is the user's id, or null for the system. The table is shared with the decisions slice.
 */
export async function barPersonAtUnit(
  trx: Db,
  bar: { personId: string; unitId: string; from: string; until: string; reason: string; createdBy: string | null },
) {
  const row: Insertable<IntakeBarTable> = {
    person_id: bar.personId,
    unit_id: bar.unitId,
    from_date: bar.from,
    until_date: bar.until,
    reason: bar.reason,
    created_by: bar.createdBy,
  };
  return trx.insertInto('intake_bar').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertIncident(trx: Db, row: Insertable<IntakeIncidentTable>) {
  return trx.insertInto('intake_incident').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectIncident(db: Db, id: string) {
  return db.selectFrom('intake_incident').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function insertTask(trx: Db, row: Insertable<IntakeReplacementTaskTable>) {
  return trx.insertInto('intake_replacement_task').values(row).returning('id').executeTakeFirstOrThrow();
}

/** A task with the names the overview shows (the unit's, the owner's). */
const taskQuery = (db: Db) =>
  db
    .selectFrom('intake_replacement_task as t')
    .innerJoin('intake_unit as u', 'u.id', 't.from_unit_id')
    .leftJoin('app_user as o', 'o.id', 't.owner_user_id')
    .selectAll('t')
    .select(['u.name as from_unit_name', 'o.display_name as owner_name']);

export type TaskRow = Awaited<ReturnType<typeof selectTask>> & object;

export async function selectTask(db: Db, id: string) {
  return taskQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function selectTasks(db: Db, status: 'open' | 'closed', limit: number) {
  return taskQuery(db)
    .where('t.status', '=', status)
    .orderBy(status === 'open' ? 't.created_at' : 't.closed_at', status === 'open' ? 'asc' : 'desc')
    .limit(limit)
    .execute();
}

export async function lockTask(trx: Db, id: string) {
  return trx.selectFrom('intake_replacement_task').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTask(
  trx: Db,
  id: string,
  set: Partial<Pick<IntakeReplacementTaskTable, 'owner_team' | 'owner_user_id' | 'outcome' | 'outcome_note' | 'closed_by'>> & {
    status?: 'open' | 'closed';
    closed_at?: Date;
  },
) {
  await trx
    .updateTable('intake_replacement_task')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** An active user account holding the role, if any. */
export async function selectUserWithRole(db: Db, userId: string, role: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', '=', userId)
    .where('disabled', '=', false)
    .where(sql<boolean>`${role} = any(roles)`)
    .executeTakeFirst();
}

export async function selectStay(db: Db, id: string) {
  return db.selectFrom('intake_stay').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The unit's open stays, oldest admission first. */
export async function selectOpenStaysOfUnit(db: Db, unitId: string) {
  return db
    .selectFrom('intake_stay')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('discharged_at', 'is', null)
    .orderBy('admitted_at')
    .execute();
}

export async function selectUnit(db: Db, id: string) {
  return db.selectFrom('intake_unit').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every open unit's profile and load (for comparable units). */
export async function selectOpenUnitProfiles(db: Db) {
  return db
    .selectFrom('intake_unit as u')
    .innerJoin('intake_unit_load as l', 'l.unit_id', 'u.id')
    .select(['u.id', 'u.name', 'u.category', 'u.substance_policy', 'u.gender', 'u.closed_on', 'u.open'])
    .select(['l.places', 'l.occupied', 'l.held', 'l.blocked', 'l.updated_at'])
    .where('u.open', '=', true)
    .execute();
}

export async function insertAgreement(trx: Db, row: Insertable<IntakeUserControlledAgreementTable>) {
  return trx.insertInto('intake_user_controlled_agreement').values(row).returning('id').executeTakeFirstOrThrow();
}

const agreementQuery = (db: Db) =>
  db
    .selectFrom('intake_user_controlled_agreement as a')
    .innerJoin('intake_unit as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select('u.name as unit_name');

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof selectAgreement>>>;

export async function selectAgreement(db: Db, id: string) {
  return agreementQuery(db).where('a.id', '=', id).executeTakeFirst();
}

/** Agreements, filtered by unit (a list of units: the caller's scope) and person. */
export async function selectAgreements(db: Db, filter: { unitIds: string[] | null; personId?: string; unitId?: string }) {
  let q = agreementQuery(db);
  if (filter.unitIds !== null) {
    if (filter.unitIds.length === 0) return [];
    q = q.where('a.unit_id', 'in', filter.unitIds);
  }
  if (filter.unitId) q = q.where('a.unit_id', '=', filter.unitId);
  if (filter.personId) q = q.where('a.person_id', '=', filter.personId);
  return q.orderBy('a.valid_from', 'desc').limit(500).execute();
}

/** Queues this transaction behind any other request under the agreement (stays per period are counted after it). */
export async function lockAgreement(trx: Db, id: string) {
  return trx.selectFrom('intake_user_controlled_agreement').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Granted stay requests under the agreement whose first night is in [start, end). */
export async function countGrantedInPeriod(db: Db, agreementId: string, start: string, end: string): Promise<number> {
  const row = await db
    .selectFrom('intake_user_controlled_stay_request')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agreement_id', '=', agreementId)
    .where('outcome', '=', 'granted')
    .where('from_date', '>=', start)
    .where('from_date', '<', end)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertStayRequest(trx: Db, row: Insertable<IntakeUserControlledStayRequestTable>) {
  return trx.insertInto('intake_user_controlled_stay_request').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertQualityOfLife(trx: Db, row: Insertable<IntakeQualityOfLifeTable>) {
  return trx.insertInto('intake_quality_of_life').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A person's answers recorded in the given districts or at the given units, newest first. */
export async function selectQualityOfLife(db: Db, personId: string, scope: { cityWide: boolean; districts: string[]; units: string[] }) {
  let q = db.selectFrom('intake_quality_of_life').selectAll().where('person_id', '=', personId);
  if (!scope.cityWide) {
    if (scope.districts.length === 0 && scope.units.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(scope.districts.length ? [eb('district', 'in', scope.districts)] : []),
        ...(scope.units.length ? [eb('unit_id', 'in', scope.units)] : []),
      ]),
    );
  }
  return q.orderBy('answered_on', 'desc').orderBy('created_at', 'desc').execute();
}
