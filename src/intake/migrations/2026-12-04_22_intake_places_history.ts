import { sql, type Kysely } from 'kysely';

// Frozen: a unit's places over time, so the occupancy of a past day counts against the places the
// unit had then. A trigger on intake_unit records every insert and change of places (no code path
// can skip it); the places the units have now are recorded as known since always ('-infinity'):
// the seed gives no earlier figure.
const statements = [
  `create table intake_unit_places (
     unit_id text not null references intake_unit (id),
     valid_from timestamptz not null,
     places integer not null check (places >= 0),
     primary key (unit_id, valid_from)
   )`,
  `insert into intake_unit_places (unit_id, valid_from, places) select id, '-infinity', places from intake_unit`,
  `create function intake_unit_places_record() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' or new.places is distinct from old.places then
         insert into intake_unit_places (unit_id, valid_from, places) values (new.id, now(), new.places)
           on conflict (unit_id, valid_from) do update set places = excluded.places;
       end if;
       return null;
     end $$`,
  `create trigger intake_unit_places_record after insert or update of places on intake_unit
     for each row execute function intake_unit_places_record()`,
  `grant select on intake_unit_places to veiviser_app`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
