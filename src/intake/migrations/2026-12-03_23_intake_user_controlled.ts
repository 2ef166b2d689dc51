import { sql, type Kysely } from 'kysely';

// Frozen: user-controlled places (brukerstyrt plass). An agreement made before moving out lets a
// former resident ask for short stays within its limits; each request is kept with its outcome.
// One person's agreements at one unit never overlap in time (a trigger holding a lock per person
// and unit, as the stays' overlap rule does).
const statements = [
  `create table intake_user_controlled_agreement (
     id uuid primary key,
     person_id uuid not null references person (id),
     unit_id text not null references intake_unit (id),
     nights_per_stay integer not null check (nights_per_stay between 1 and 31),
     stays_per_period integer not null check (stays_per_period between 1 and 52),
     period_days integer not null check (period_days between 7 and 366),
     valid_from date not null,
     valid_to date not null,
     note text check (length(note) <= 1000),
     created_by text not null,
     created_at timestamptz not null default now(),
     constraint intake_uc_agreement_dates check (valid_to >= valid_from)
   )`,
  `create index intake_uc_agreement_person_idx on intake_user_controlled_agreement (person_id)`,
  `create index intake_uc_agreement_unit_idx on intake_user_controlled_agreement (unit_id)`,
  `create function intake_uc_agreement_no_overlap() returns trigger language plpgsql as $$
     begin
       perform pg_advisory_xact_lock(hashtextextended('intake_uc:' || new.person_id::text || ':' || new.unit_id, 0));
       if exists (
         select 1 from intake_user_controlled_agreement a
         where a.person_id = new.person_id and a.unit_id = new.unit_id and a.id <> new.id
           and daterange(a.valid_from, a.valid_to, '[]') && daterange(new.valid_from, new.valid_to, '[]')
       ) then
         raise exception 'the person has another agreement at this unit in this period'
           using errcode = 'exclusion_violation', constraint = 'intake_uc_agreement_no_overlap';
       end if;
       return new;
     end $$`,
  `create trigger intake_uc_agreement_no_overlap before insert or update on intake_user_controlled_agreement
     for each row execute function intake_uc_agreement_no_overlap()`,
  `create table intake_user_controlled_stay_request (
     id uuid primary key,
     agreement_id uuid not null references intake_user_controlled_agreement (id),
     person_id uuid not null references person (id),
     unit_id text not null references intake_unit (id),
     from_date date not null,
     to_date date not null,
     outcome text not null check (outcome in ('granted', 'unit_full')),
     hold_id uuid unique references intake_hold (id),
     created_by text not null,
     created_at timestamptz not null default now(),
     constraint intake_uc_request_dates check (to_date > from_date),
     constraint intake_uc_request_hold check ((outcome = 'granted') = (hold_id is not null))
   )`,
  `create index intake_uc_request_agreement_idx on intake_user_controlled_stay_request (agreement_id, from_date)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
