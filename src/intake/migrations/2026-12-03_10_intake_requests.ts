import { sql, type Kysely } from 'kysely';

// Frozen: a district's decision sent to common intake as a request, each status change as a row
// of its history, bars of a person at a unit, the notices of freed places, and the unit facts
// matching needs that the seed leaves open (district, age range: null = the source says nothing).
const statements = [
  `alter table intake_unit add column district text`,
  `alter table intake_unit add column min_age integer check (min_age between 0 and 130)`,
  `alter table intake_unit add column max_age integer check (max_age between 0 and 130)`,

  `create table intake_request (
     id uuid primary key,
     kommune text not null default '0301',
     person_id uuid not null references person (id),
     district text not null,
     category text not null check (category in ('acute', 'assessment', 'coping', 'resource_centre', 'care_drug_free',
       'care_active_use', 'reinforced_care', 'reinforced_housing_treatment')),
     period_from date not null,
     period_to date,
     substance text not null check (substance in ('drug_free', 'active_use', 'either')),
     gender text check (gender in ('woman', 'man', 'other')),
     age integer check (age between 0 and 130),
     somatic_care boolean not null,
     urgency text not null check (urgency in ('acute', 'high', 'normal')),
     home_district text not null,
     preferred_units jsonb not null default '[]',
     status text not null default 'sent'
       check (status in ('sent', 'received', 'offered', 'accepted', 'admitted', 'rejected', 'withdrawn')),
     hold_id uuid unique references intake_hold (id),
     stay_id uuid unique references intake_stay (id),
     sent_at timestamptz not null,
     created_by text not null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     constraint intake_request_period check (period_to is null or period_to >= period_from),
     constraint intake_request_offer check (status not in ('offered', 'accepted') or hold_id is not null),
     constraint intake_request_admitted check ((status = 'admitted') = (stay_id is not null))
   )`,
  `create index intake_request_district_idx on intake_request (district, sent_at)`,
  `create index intake_request_waiting_idx on intake_request (category, sent_at) where status in ('sent', 'received')`,
  `create table intake_request_history (
     id uuid primary key,
     request_id uuid not null references intake_request (id),
     from_status text,
     to_status text not null,
     reason text,
     actor_id text not null,
     actor_name text not null,
     at timestamptz not null
   )`,
  `create index intake_request_history_request_idx on intake_request_history (request_id, at)`,

  // A person may not be placed at a unit in [from_date, until) (until null: until lifted).

  // One notice per request per freed place ('stay:<id>', 'hold:<id>', 'block:<id>'): the unique
  // key keeps it so however often the freeing is seen.
  `create table intake_notice (
     id uuid primary key,
     recipient_district text not null,
     recipient_user text not null,
     request_id uuid not null references intake_request (id),
     unit_id text not null references intake_unit (id),
     freed_ref text not null,
     text_nb text not null,
     text_en text not null,
     created_at timestamptz not null default now(),
     read_at timestamptz,
     constraint intake_notice_once unique (request_id, freed_ref)
   )`,
  `create index intake_notice_recipient_idx on intake_notice (recipient_district, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
