import { sql, type Kysely } from 'kysely';

// Frozen: blocks, holds and stays, each counted into the unit's load row by a trigger (so the
// load row's CHECK, occupied + held + blocked <= places, holds whichever code path writes), a
// person's stays that may not overlap, and the stored answers of idempotent POSTs.
const statements = [
  `create table intake_block (
     id uuid primary key,
     unit_id text not null references intake_unit (id),
     places integer not null check (places > 0),
     reason text not null check (length(reason) between 1 and 500),
     until date not null,
     active boolean not null default true,
     created_by text not null,
     created_at timestamptz not null default now(),
     ended_at timestamptz,
     constraint intake_block_ended check (active = (ended_at is null))
   )`,
  `create index intake_block_unit_idx on intake_block (unit_id) where active`,
  `create table intake_hold (
     id uuid primary key,
     unit_id text not null references intake_unit (id),
     person_id uuid not null references person (id),
     expires_at timestamptz not null,
     status text not null default 'active' check (status in ('active', 'released', 'expired', 'admitted')),
     created_by text not null,
     created_at timestamptz not null default now(),
     ended_at timestamptz,
     constraint intake_hold_ended check ((status = 'active') = (ended_at is null))
   )`,
  `create index intake_hold_expiry_idx on intake_hold (expires_at) where status = 'active'`,
  `create index intake_hold_person_idx on intake_hold (person_id)`,
  `create table intake_stay (
     id uuid primary key,
     unit_id text not null references intake_unit (id),
     person_id uuid not null references person (id),
     hold_id uuid unique references intake_hold (id),
     admitted_at timestamptz not null,
     discharged_at timestamptz,
     destination text check (destination in ('own_home', 'other_institution', 'hospital', 'prison', 'unknown')),
     created_by text not null,
     created_at timestamptz not null default now(),
     constraint intake_stay_discharge_after_admission check (discharged_at is null or discharged_at >= admitted_at),
     constraint intake_stay_destination check ((discharged_at is null) = (destination is null))
   )`,
  `create index intake_stay_person_idx on intake_stay (person_id, admitted_at)`,
  `create index intake_stay_unit_idx on intake_stay (unit_id) where discharged_at is null`,
  // At most one open stay per person, whatever the timing of two admissions.
  `create unique index intake_stay_one_open_per_person on intake_stay (person_id) where discharged_at is null`,

  `create function intake_block_count() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then
         if new.active then
           update intake_unit_load set blocked = blocked + new.places, updated_at = now() where unit_id = new.unit_id;
         end if;
         return null;
       end if;
       if tg_op = 'DELETE' then
         if old.active then
           update intake_unit_load set blocked = blocked - old.places, updated_at = now() where unit_id = old.unit_id;
         end if;
         return null;
       end if;
       if new.unit_id <> old.unit_id or new.places <> old.places then
         raise exception 'a block keeps its unit and places; end it and make a new one' using errcode = 'check_violation';
       end if;
       if old.active and not new.active then
         update intake_unit_load set blocked = blocked - old.places, updated_at = now() where unit_id = old.unit_id;
       elsif new.active and not old.active then
         raise exception 'an ended block stays ended' using errcode = 'check_violation';
       end if;
       return null;
     end $$`,
  `create trigger intake_block_count after insert or update or delete on intake_block
     for each row execute function intake_block_count()`,

  `create function intake_hold_count() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then
         if new.status = 'active' then
           update intake_unit_load set held = held + 1, updated_at = now() where unit_id = new.unit_id;
         end if;
         return null;
       end if;
       if tg_op = 'DELETE' then
         if old.status = 'active' then
           update intake_unit_load set held = held - 1, updated_at = now() where unit_id = old.unit_id;
         end if;
         return null;
       end if;
       if new.unit_id <> old.unit_id then
         raise exception 'a hold keeps its unit' using errcode = 'check_violation';
       end if;
       if old.status = 'active' and new.status <> 'active' then
         update intake_unit_load set held = held - 1, updated_at = now() where unit_id = old.unit_id;
       elsif old.status <> 'active' and new.status = 'active' then
         raise exception 'an ended hold stays ended' using errcode = 'check_violation';
       end if;
       return null;
     end $$`,
  `create trigger intake_hold_count after insert or update or delete on intake_hold
     for each row execute function intake_hold_count()`,

  `create function intake_stay_count() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then
         if new.discharged_at is null then
           update intake_unit_load set occupied = occupied + 1, updated_at = now() where unit_id = new.unit_id;
         end if;
         return null;
       end if;
       if tg_op = 'DELETE' then
         if old.discharged_at is null then
           update intake_unit_load set occupied = occupied - 1, updated_at = now() where unit_id = old.unit_id;
         end if;
         return null;
       end if;
       if new.unit_id <> old.unit_id then
         raise exception 'a stay keeps its unit; a transfer is a discharge and an admission' using errcode = 'check_violation';
       end if;
       if old.discharged_at is null and new.discharged_at is not null then
         update intake_unit_load set occupied = occupied - 1, updated_at = now() where unit_id = old.unit_id;
       elsif old.discharged_at is not null and new.discharged_at is null then
         update intake_unit_load set occupied = occupied + 1, updated_at = now() where unit_id = old.unit_id;
       end if;
       return null;
     end $$`,
  `create trigger intake_stay_count after insert or update or delete on intake_stay
     for each row execute function intake_stay_count()`,

  // No two stays of one person overlap in time (an open stay runs to infinity). Writers for one
  // person queue on a transaction lock keyed by the person, so two concurrent admissions cannot
  // both miss each other.
  `create function intake_stay_no_overlap() returns trigger language plpgsql as $$
     begin
       perform pg_advisory_xact_lock(hashtextextended('intake_stay:' || new.person_id::text, 0));
       if exists (
         select 1 from intake_stay s
         where s.person_id = new.person_id and s.id <> new.id
           and tstzrange(s.admitted_at, coalesce(s.discharged_at, 'infinity'), '[)')
               && tstzrange(new.admitted_at, coalesce(new.discharged_at, 'infinity'), '[)')
       ) then
         raise exception 'the person has another stay in this period'
           using errcode = 'exclusion_violation', constraint = 'intake_stay_no_overlap';
       end if;
       return new;
     end $$`,
  `create trigger intake_stay_no_overlap before insert or update of admitted_at, discharged_at, person_id on intake_stay
     for each row execute function intake_stay_no_overlap()`,

  `create table intake_idempotency (
     key text not null check (length(key) between 1 and 200),
     route text not null,
     actor_id text not null,
     request_hash text not null,
     status_code integer,
     response jsonb,
     created_at timestamptz not null default now(),
     primary key (key, route, actor_id)
   )`,
  `create index intake_idempotency_created_idx on intake_idempotency (created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
