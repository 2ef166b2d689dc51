import { sql, type Kysely } from 'kysely';

// Frozen: Norwegian alphabetical order for service names. Neither database here has a Norwegian
// collation (PGlite's ICU carries only the root locale), so names sort by a key in which æ, ø
// and å (and ä, ö as æ, ø) come after z, and other accented letters sort as their base letter.
const statements = [
  `create or replace function veiviser_sort_key(name text) returns text
     language sql immutable parallel safe as $$
       select translate(lower(name), 'æøåäöüéèêëáàâóòôíìîúùç', '{|}{|yeeeeaaaoooiiiuuc')
     $$`,
  `create index service_sort_key_idx on service (veiviser_sort_key(name), name)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
