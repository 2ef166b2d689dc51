import { sql, type Kysely } from 'kysely';

// Frozen: the units people are placed in, their links to catalog entries, and the one load row
// per unit whose CHECK keeps occupied + held + blocked within the unit's places.
const statements = [
  `create table intake_unit (
     id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
     kommune text not null default '0301',
     name text not null,
     granularity text not null check (granularity in ('institution', 'category')),
     operator text check (operator in ('municipal', 'non_profit')),
     category text check (category in ('acute', 'assessment', 'coping', 'resource_centre', 'care_drug_free',
       'care_active_use', 'reinforced_care', 'reinforced_housing_treatment')),
     substance_policy text check (substance_policy in ('drug_free', 'active_use')),
     gender text check (gender in ('any', 'women', 'men')),
     somatic_care boolean,
     normed_stay_days integer check (normed_stay_days > 0),
     places integer not null check (places >= 0),
     places_as_of text not null,
     source text not null,
     source_quote text not null,
     note text,
     open boolean not null default true,
     closed_on date,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  // A unit is one or more catalog entries' places; the link names the catalog seed key, the
  // catalog's stable name for an entry (the catalog's own tables stay the catalog's).
  `create table intake_unit_service (
     unit_id text not null references intake_unit (id),
     service_key text not null,
     primary key (unit_id, service_key)
   )`,
  `create index intake_unit_service_key_idx on intake_unit_service (service_key)`,

  // The load of a unit. Only this module's triggers write it (the guard below refuses a direct
  // write), and the CHECK is what makes double-booking impossible: concurrent writers update the
  // same row, so the second waits for the first and then fails the CHECK on the new numbers.
  `create table intake_unit_load (
     unit_id text primary key references intake_unit (id),
     places integer not null,
     occupied integer not null default 0 check (occupied >= 0),
     held integer not null default 0 check (held >= 0),
     blocked integer not null default 0 check (blocked >= 0),
     updated_at timestamptz not null default now(),
     constraint intake_unit_load_within_places check (occupied + held + blocked <= places)
   )`,
  `create function intake_unit_load_guard() returns trigger language plpgsql as $$
     begin
       if pg_trigger_depth() < 2 then
         raise exception 'intake_unit_load is written by the intake triggers only' using errcode = 'insufficient_privilege';
       end if;
       if tg_op = 'DELETE' then return old; end if;
       return new;
     end $$`,
  `create trigger intake_unit_load_guard before insert or update or delete on intake_unit_load
     for each row execute function intake_unit_load_guard()`,
  `create function intake_unit_load_follow_unit() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then
         insert into intake_unit_load (unit_id, places) values (new.id, new.places);
       elsif new.places is distinct from old.places then
         update intake_unit_load set places = new.places, updated_at = now() where unit_id = new.id;
       end if;
       return null;
     end $$`,
  `create trigger intake_unit_load_follow_unit after insert or update of places on intake_unit
     for each row execute function intake_unit_load_follow_unit()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
