import type { Insertable } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { TaxonomyTable, TaxonomyTermTable } from './catalog.table.ts';

/** Inserts a taxonomy, or updates its name and description. */
export async function upsertTaxonomy(db: Db, taxonomy: Insertable<TaxonomyTable> & { name: string; description: string }): Promise<void> {
  await db
    .insertInto('taxonomy')
    .values(taxonomy)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: taxonomy.name, description: taxonomy.description }))
    .execute();
}

/** Inserts a taxonomy term, or updates it to these values. */
export async function upsertTaxonomyTerm(db: Db, term: Insertable<TaxonomyTermTable>): Promise<void> {
  await db
    .insertInto('taxonomy_term')
    .values(term)
    .onConflict((oc) => oc.column('id').doUpdateSet(term))
    .execute();
}
