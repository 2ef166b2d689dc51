import { sql, type Kysely } from 'kysely';

// Frozen: keep the search vector in the table row. With the default storage a service row with
// long descriptions moves the vector out to TOAST, and every search then fetches it from there:
// on 50,000 services a broad search took 249 ms, inline 71 ms. Rewriting the rows applies the
// setting to the ones already stored (a real catalog has hundreds, so this is quick).
const statements = [
  `alter table service alter column search_vector set storage main`,
  // A new value (not the same TOAST pointer), so each row's vector is stored again under the new setting.
  `update service set search_vector = search_vector || ''::tsvector`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
