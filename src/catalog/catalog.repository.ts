import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';
import type {
  ContactTable,
  FieldChange,
  LocationTable,
  ScheduleExceptionTable,
  ScheduleTable,
  ServiceTable,
  ServiceVersionTable,
} from './catalog.table.ts';
import { publishCatalogChange, type CatalogChange } from './catalog-events.ts';
import type { ServiceRelations, ServiceRow } from './catalog.model.ts';
import type { SearchDocument } from './search-document.ts';
import { wordsOf } from './search-document.ts';
import { matchChildRows, sameFields, type ChildRowPlan } from './child-rows.ts';

/** Service rows by id, in no particular order. */
export async function selectServiceRows(db: Db, ids: string[]): Promise<ServiceRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('service').selectAll().where('id', 'in', ids).execute();
}

/** The related rows of many services at once, grouped by service id. */
export async function selectServiceRelations(db: Db, rows: ServiceRow[]): Promise<Map<string, ServiceRelations>> {
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.organization_id).filter((v): v is string => v !== null))];
  const result = new Map<string, ServiceRelations>();
  if (ids.length === 0) return result;
  const [orgs, locations, contacts, schedules, exceptions] = await Promise.all([
    orgIds.length ? db.selectFrom('organization').selectAll().where('id', 'in', orgIds).execute() : [],
    db
      .selectFrom('service_at_location as sal')
      .innerJoin('location as l', 'l.id', 'sal.location_id')
      .selectAll('l')
      .select(['sal.service_id', 'sal.id as service_at_location_id'])
      .where('sal.service_id', 'in', ids)
      .execute(),
    db.selectFrom('contact').selectAll().where('service_id', 'in', ids).orderBy('name').execute(),
    db.selectFrom('schedule').selectAll().where('service_id', 'in', ids).orderBy('byday').orderBy('opens_at').execute(),
    db.selectFrom('schedule_exception').selectAll().where('service_id', 'in', ids).orderBy('date').execute(),
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  for (const row of rows) {
    result.set(row.id, {
      organization: row.organization_id ? (orgById.get(row.organization_id) ?? null) : null,
      locations: locations.filter((l) => l.service_id === row.id).map(({ service_id: _, ...l }) => l),
      contacts: contacts.filter((c) => c.service_id === row.id),
      schedules: schedules.filter((s) => s.service_id === row.id),
      exceptions: exceptions.filter((e) => e.service_id === row.id),
    });
  }
  return result;
}

/** The weekly rules and dated exceptions of many services, by service id. */
export async function selectOpeningHourRows(db: Db, ids: string[]) {
  const schedules = new Map<string, Selectable<ScheduleTable>[]>();
  const exceptions = new Map<string, Selectable<ScheduleExceptionTable>[]>();
  if (ids.length === 0) return { schedules, exceptions };
  const [s, e] = await Promise.all([
    db.selectFrom('schedule').selectAll().where('service_id', 'in', ids).orderBy('byday').orderBy('opens_at').execute(),
    db.selectFrom('schedule_exception').selectAll().where('service_id', 'in', ids).orderBy('date').execute(),
  ]);
  for (const row of s) schedules.set(row.service_id, [...(schedules.get(row.service_id) ?? []), row]);
  for (const row of e) exceptions.set(row.service_id, [...(exceptions.get(row.service_id) ?? []), row]);
  return { schedules, exceptions };
}

export type ServiceWrite = {
  row: Omit<Insertable<ServiceTable>, 'search_vector'>;
  location: Omit<Insertable<LocationTable>, 'id'> | null;
  contacts: Omit<Insertable<ContactTable>, 'id' | 'service_id'>[];
  schedules: Omit<Insertable<ScheduleTable>, 'id' | 'service_id'>[];
  exceptions: Omit<Insertable<ScheduleExceptionTable>, 'id' | 'service_id'>[];
  document: SearchDocument;
};

const vectorOf = (d: SearchDocument) => sql<string>`
  setweight(to_tsvector('norwegian', ${d.a}), 'A') ||
  setweight(to_tsvector('norwegian', ${d.b}), 'B') ||
  setweight(to_tsvector('norwegian', ${d.c}), 'C') ||
  setweight(to_tsvector('norwegian', ${d.d}), 'D')`;

/** Inserts or replaces a service with its schedules, contacts and location. */
export async function upsertService(db: Db, write: ServiceWrite): Promise<void> {
  const id = write.row.id;
  const values = { ...write.row, search_vector: vectorOf(write.document) };
  await db
    .insertInto('service')
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await replaceChildren(db, id, write);
  await addToLexicon(db, write.document);
}

/**
 * Brings a service's schedules, exceptions and contacts to what the write wants, updating rows in
 * place (see child-rows.ts) so their ids stay the same across saves; the one location is updated
 * in place too.
 */
async function replaceChildren(db: Db, serviceId: string, write: ServiceWrite): Promise<void> {
  const [schedules, exceptions, contacts] = await Promise.all([
    db.selectFrom('schedule').selectAll().where('service_id', '=', serviceId).orderBy('byday').orderBy('opens_at').execute(),
    db.selectFrom('schedule_exception').selectAll().where('service_id', '=', serviceId).orderBy('date').execute(),
    db.selectFrom('contact').selectAll().where('service_id', '=', serviceId).orderBy('name').execute(),
  ]);
  const schedulePlan = matchChildRows(schedules, write.schedules, {
    same: (e, w) => sameFields(e, w),
    identity: (e, w) => e.byday === w.byday,
  });
  const exceptionPlan = matchChildRows(exceptions, write.exceptions, {
    same: (e, w) => sameFields(e, w),
    identity: (e, w) => e.date === w.date,
  });
  const contactPlan = matchChildRows(contacts, write.contacts, {
    same: (e, w) => sameFields(e, w),
    identity: (e, w) => (e.name !== null && e.name === w.name) || (e.email !== null && e.email === w.email),
  });
  await applyPlan(db, 'schedule', serviceId, schedulePlan);
  await applyPlan(db, 'schedule_exception', serviceId, exceptionPlan);
  await applyPlan(db, 'contact', serviceId, contactPlan);
  const existing = await db
    .selectFrom('service_at_location')
    .select(['id', 'location_id'])
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  if (write.location) {
    if (existing) {
      await db
        .updateTable('location')
        .set({ ...write.location, updated_at: new Date() })
        .where('id', '=', existing.location_id)
        .execute();
    } else {
      const locationId = newId();
      await db
        .insertInto('location')
        .values({ ...write.location, id: locationId })
        .execute();
      await db
        .insertInto('service_at_location')
        .values({ id: newId(), service_id: serviceId, location_id: locationId, description: null })
        .execute();
    }
  } else if (existing) {
    await db.deleteFrom('service_at_location').where('id', '=', existing.id).execute();
  }
}

type ChildTable = 'schedule' | 'schedule_exception' | 'contact';

/** Deletes, updates and inserts one table's child rows as the plan says; kept rows are not touched. */
async function applyPlan<W extends object>(db: Db, table: ChildTable, serviceId: string, plan: ChildRowPlan<W>): Promise<void> {
  if (plan.delete.length) await db.deleteFrom(table).where('id', 'in', plan.delete).execute();
  for (const { id, row } of plan.update) {
    await db
      .updateTable(table)
      .set(row as never)
      .where('id', '=', id)
      .execute();
  }
  if (plan.insert.length) {
    await db
      .insertInto(table)
      .values(plan.insert.map((row) => ({ ...row, id: newId(), service_id: serviceId })))
      .execute();
  }
}

/** Records the words of a document so searches can correct typos against real catalog words. */
export async function addToLexicon(db: Db, document: SearchDocument): Promise<void> {
  const words = [...new Set(wordsOf(`${document.a} ${document.b} ${document.c}`))].filter((w) => w.length >= 3 && w.length <= 40);
  if (words.length === 0) return;
  await db
    .insertInto('search_lexicon')
    .values(words.map((word) => ({ word })))
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/** Every word of the search lexicon. */
export async function selectLexiconWords(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('search_lexicon').select('word').execute();
  return rows.map((r) => r.word);
}

/** Appends a version row and bumps the catalog revision (search caches key on it). */
export async function insertServiceVersion(
  db: Db,
  version: Omit<Insertable<ServiceVersionTable>, 'changes'> & { changes: Record<string, FieldChange> },
): Promise<void> {
  await db
    .insertInto('service_version')
    .values({ ...version, changes: JSON.stringify(version.changes) })
    .execute();
  await bumpRevision(db, { serviceId: version.service_id, action: version.action });
}

/** Bumps the catalog revision and publishes catalog.changed with it, in the writing transaction. */
export async function bumpRevision(db: Db, change: Omit<CatalogChange, 'revision'>): Promise<void> {
  const row = await db
    .updateTable('catalog_state')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow();
  await db.insertInto('catalog_change').values({ revision: row.revision, service_id: change.serviceId }).execute();
  await publishCatalogChange(db, { ...change, revision: row.revision });
}

export async function selectRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('catalog_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.revision;
}

export async function selectServiceVersions(db: Db, serviceId: string): Promise<Selectable<ServiceVersionTable>[]> {
  return db.selectFrom('service_version').selectAll().where('service_id', '=', serviceId).orderBy('version', 'desc').execute();
}

/** Active or planned services not verified since `cutoff` (or never), oldest first. */
export async function selectStaleServices(db: Db, options: { cutoff: string; limit: number }) {
  return db
    .selectFrom('service')
    .select(['id', 'name', 'kind', 'access', 'arrangement', 'last_verified_at', 'updated_at'])
    .where('status', '<>', 'closed')
    .where((eb) => eb.or([eb('last_verified_at', 'is', null), eb('last_verified_at', '<', options.cutoff)]))
    .orderBy(sql`last_verified_at nulls first`)
    .orderBy('name')
    .limit(options.limit)
    .execute();
}

/** The version of a service, locked for the rest of the transaction; undefined when there is none. */
export async function lockServiceVersion(db: Db, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('service').select('version').where('id', '=', id).forUpdate().executeTakeFirst();
  return row?.version;
}

/** True when a service with this id exists. */
export async function serviceExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('service').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Whether a service is an offer (arrangement null) or an agreement, contract or project; undefined when there is none. */
export async function selectServiceAudience(db: Db, id: string) {
  return db.selectFrom('service').select(['arrangement']).where('id', '=', id).executeTakeFirst();
}

/**
 * Offers in use (not closed) with what a citizen needs to reach them: phone (own or a contact's),
 * an address, a web page (own or the organisation's), weekly hours. The editors' worklist.
 */
export async function selectContactFacts(db: Db, options: { limit: number }) {
  return db
    .selectFrom('service as s')
    .leftJoin('organization as o', 'o.id', 's.organization_id')
    .select((eb) => [
      's.id',
      's.name',
      's.alternate_names',
      's.kind',
      's.access',
      's.phone',
      's.is_24_7',
      's.status',
      's.last_verified_at',
      eb.fn.coalesce('s.url', 'o.website').as('url'),
      eb
        .selectFrom('contact as c')
        .select(eb.fn.countAll<string | number>().as('n'))
        .whereRef('c.service_id', '=', 's.id')
        .where('c.phone', 'is not', null)
        .as('contact_phones'),
      eb
        .exists(
          eb
            .selectFrom('service_at_location as sal')
            .innerJoin('location as l', 'l.id', 'sal.location_id')
            .select('l.id')
            .whereRef('sal.service_id', '=', 's.id')
            .where('l.address_1', 'is not', null),
        )
        .as('has_address'),
      eb.exists(eb.selectFrom('schedule as r').select('r.id').whereRef('r.service_id', '=', 's.id')).as('has_weekly_hours'),
    ])
    .where('s.status', '<>', 'closed')
    .where('s.arrangement', 'is', null)
    .limit(options.limit)
    .execute();
}

/** Marks a service as under review (a citizen reported an error) or not. */
export async function setServiceUnderReview(db: Db, id: string, underReview: boolean): Promise<void> {
  await db.updateTable('service').set({ under_review: underReview }).where('id', '=', id).execute();
}

/** Active services with their ladder step, area and opening-hour rows (for the gap matrix). */
export async function selectActiveServicesWithSchedules(db: Db) {
  const rows = await db
    .selectFrom('service')
    .select(['id', 'name', 'ladder_step', 'city_wide', 'districts', 'is_24_7', 'arrangement'])
    .where('status', '=', 'active')
    .execute();
  const schedules = rows.length
    ? await db
        .selectFrom('schedule')
        .selectAll()
        .where(
          'service_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return { rows, schedules };
}
