import { sql, type Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { PersonTable } from './access.table.ts';

const PERSON_COLUMNS = ['id', 'given_name', 'family_name', 'birth_year', 'district', 'unit', 'created_at'] as const;

/** The person with this linkage pseudonym (only where row-level security lets the caller see it). */
export async function selectPersonIdByPseudonym(db: Db, pseudonym: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('person').select('id').where('pseudonym', '=', pseudonym).executeTakeFirst();
}

/** The person with this linkage pseudonym and their district, as the owner sees it (every district). */
export async function selectPersonDistrictByPseudonym(
  db: Db,
  pseudonym: string,
): Promise<{ id: string; district: string | null } | undefined> {
  return db.selectFrom('person').select(['id', 'district']).where('pseudonym', '=', pseudonym).executeTakeFirst();
}

/** A person moved to another district (the national register's address decides the district). */
export async function movePersonToDistrict(db: Db, id: string, district: string): Promise<void> {
  await db.updateTable('person').set({ district }).where('id', '=', id).execute();
}

/**
 * Stores a national ID for a new person id through the security-definer function (the restricted
 * role cannot read person_identity); false when the number is registered already.
 */
export async function registerIdentity(db: Db, id: string, nationalId: string, idType: string): Promise<boolean> {
  const inserted = await sql<{ created: boolean }>`select veiviser_register_identity(${id}, ${nationalId}, ${idType}) as created`.execute(
    db,
  );
  return inserted.rows[0]?.created === true;
}

export async function insertPerson(db: Db, person: Insertable<PersonTable>): Promise<void> {
  await db.insertInto('person').values(person).execute();
}

export async function selectPerson(db: Db, id: string) {
  return db.selectFrom('person').select(PERSON_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Persons the caller may see, newest first. */
export async function selectPersons(db: Db, limit: number) {
  return db.selectFrom('person').select(PERSON_COLUMNS).orderBy('created_at', 'desc').limit(limit).execute();
}

export async function selectPersonIdentity(db: Db, personId: string) {
  return db
    .selectFrom('person_identity')
    .select(['person_id', 'national_id', 'id_type'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The pseudonymised view: linkage pseudonym, owner and birth year. */
export async function selectPseudonymisedPersons(db: Db) {
  return db.selectFrom('person_pseudonymised').select(['pseudonym', 'district', 'unit', 'birth_year']).execute();
}
