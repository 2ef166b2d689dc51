import { sql, type Kysely } from 'kysely';

// Frozen: the actor's scope is recorded by the owner, not read from settings anyone may set.
//
// Until now row-level security read veiviser.citywide / .districts / .units / .identify with
// current_setting(): any SQL under the restricted role could widen its own scope with
// set_config(), and a unit name with a comma split into two units. Now the owner, before it drops
// to the restricted role, records the scope (as arrays, from JSON) in a table keyed by the
// backend and the transaction; the policies read it through a function that returns the row of
// the current transaction only. The restricted roles can neither write that table nor call the
// setter.
const statements = [
  `create unlogged table veiviser_scope_grant (
    backend_pid integer primary key,
    txid bigint not null,
    user_id text not null,
    citywide boolean not null,
    districts text[] not null,
    units text[] not null,
    identify boolean not null
  )`,
  `revoke all on veiviser_scope_grant from public`,

  `create type veiviser_scope as (user_id text, citywide boolean, districts text[], units text[], identify boolean)`,

  // One row per backend, replaced by each scoped transaction; a row whose txid is not the current
  // transaction's is never read, so a finished transaction's scope is inert.
  `create function veiviser_set_scope(p_scope jsonb) returns void
     language plpgsql security invoker set search_path = pg_catalog, public as $$
     begin
       if jsonb_typeof(p_scope->'districts') is distinct from 'array' or jsonb_typeof(p_scope->'units') is distinct from 'array'
          or jsonb_typeof(p_scope->'cityWide') is distinct from 'boolean' or jsonb_typeof(p_scope->'identify') is distinct from 'boolean'
          or jsonb_typeof(p_scope->'userId') is distinct from 'string' then
         raise exception 'veiviser_set_scope: expected {userId, cityWide, districts[], units[], identify}';
       end if;
       insert into public.veiviser_scope_grant as g (backend_pid, txid, user_id, citywide, districts, units, identify)
       values (
         pg_backend_pid(), txid_current(), p_scope->>'userId', (p_scope->>'cityWide')::boolean,
         array(select jsonb_array_elements_text(p_scope->'districts')),
         array(select jsonb_array_elements_text(p_scope->'units')),
         (p_scope->>'identify')::boolean)
       on conflict (backend_pid) do update set txid = excluded.txid, user_id = excluded.user_id, citywide = excluded.citywide,
         districts = excluded.districts, units = excluded.units, identify = excluded.identify;
     end $$`,
  `revoke all on function veiviser_set_scope(jsonb) from public`,

  // The scope of the current transaction, or null. txid_current_if_assigned(): a transaction that
  // recorded no scope has no match (and reading does not assign it a transaction id).
  `create function veiviser_current_scope() returns veiviser_scope
     language sql stable security definer set search_path = pg_catalog, public as $$
       select row(g.user_id, g.citywide, g.districts, g.units, g.identify)::public.veiviser_scope
       from public.veiviser_scope_grant g
       where g.backend_pid = pg_backend_pid() and g.txid = txid_current_if_assigned()
     $$`,
  `revoke all on function veiviser_current_scope() from public`,
  `grant execute on function veiviser_current_scope() to veiviser_app, veiviser_analyst`,

  // The policy test, for a row owned by a district or a unit. Policies pass the scope's parts as
  // sub-selects, which PostgreSQL evaluates once per query (not once per row), and this function
  // is inlined into a plain expression (it uses each argument once):
  //   veiviser_scope_allows(district, unit, (select s.citywide from veiviser_current_scope() s),
  //     (select s.districts from veiviser_current_scope() s), (select s.units from veiviser_current_scope() s))
  `create function veiviser_scope_allows(owner_district text, owner_unit text, citywide boolean, districts text[], units text[])
     returns boolean language sql immutable as $$
       select coalesce($3 or $1 = any($4) or $2 = any($5), false)
     $$`,
  // The two-argument form stays for any policy written against it, now reading the recorded scope
  // too (correct, but evaluated row by row: new policies use the form above).
  `create or replace function veiviser_scope_allows(owner_district text, owner_unit text) returns boolean
     language sql stable as $$
       select public.veiviser_scope_allows($1, $2, s.citywide, s.districts, s.units) from public.veiviser_current_scope() s
     $$`,

  `alter policy person_scope on person
     using (veiviser_scope_allows(district, unit, (select s.citywide from veiviser_current_scope() s),
       (select s.districts from veiviser_current_scope() s), (select s.units from veiviser_current_scope() s)))
     with check (veiviser_scope_allows(district, unit, (select s.citywide from veiviser_current_scope() s),
       (select s.districts from veiviser_current_scope() s), (select s.units from veiviser_current_scope() s)))`,
  `alter policy person_identity_scope on person_identity
     using (coalesce((select s.identify from veiviser_current_scope() s), false) and exists (select 1 from person p where p.id = person_id))
     with check (coalesce((select s.identify from veiviser_current_scope() s), false))`,

  `create or replace function veiviser_register_identity(p_person_id uuid, p_national_id text, p_id_type text) returns boolean
     language plpgsql security definer set search_path = pg_catalog, public as $$
     begin
       if not coalesce((public.veiviser_current_scope()).identify, false) then
         raise exception 'identity registration needs a scope that may identify';
       end if;
       insert into public.person_identity (person_id, national_id, id_type) values (p_person_id, p_national_id, p_id_type)
         on conflict (national_id) do nothing;
       return found;
     end $$`,

  // Person work needs no account data: the foreign key from person.created_by is checked with
  // the owner's rights, not the caller's.
  `revoke all on app_user from veiviser_app, veiviser_analyst`,
  `revoke all on app_session from veiviser_app, veiviser_analyst`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
