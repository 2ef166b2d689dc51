import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { CrisisLineTable, CrisisLineVersionTable } from './crisis.table.ts';

export type CrisisLineRow = Selectable<CrisisLineTable>;

/** Every line, active ones in display order first. */
export async function selectCrisisLines(db: Db, options: { activeOnly: boolean }): Promise<CrisisLineRow[]> {
  let query = db.selectFrom('crisis_line').selectAll();
  if (options.activeOnly) query = query.where('active', '=', true);
  return query.orderBy('active', 'desc').orderBy('sort_order').orderBy('key').execute();
}

/** One line, locked for a change until the transaction ends. */
export async function lockCrisisLine(db: Db, key: string): Promise<CrisisLineRow | undefined> {
  return db.selectFrom('crisis_line').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
}

export async function updateCrisisLineRow(db: Db, key: string, row: Updateable<CrisisLineTable>): Promise<CrisisLineRow> {
  return db.updateTable('crisis_line').set(row).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
}

export async function insertCrisisLineVersion(db: Db, row: Insertable<CrisisLineVersionTable>): Promise<void> {
  await db.insertInto('crisis_line_version').values(row).execute();
}

export async function selectCrisisLineVersions(db: Db, key: string): Promise<Selectable<CrisisLineVersionTable>[]> {
  return db.selectFrom('crisis_line_version').selectAll().where('line_key', '=', key).orderBy('version', 'desc').execute();
}

/** Inserts a new line; undefined when the key is taken. */
export async function insertCrisisLineRow(db: Db, row: Insertable<CrisisLineTable>): Promise<CrisisLineRow | undefined> {
  return db
    .insertInto('crisis_line')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
}
