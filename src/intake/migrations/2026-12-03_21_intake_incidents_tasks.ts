import { sql, type Kysely } from 'kysely';

// Frozen: the incident behind an immediate discharge, and the re-placement task it opens. The
// discharge does not end the district's decision, so a task keeps the person in someone's hands
// until they have another place; the CHECK makes a task without an owner impossible.
const statements = [
  `create table intake_incident (
     id uuid primary key,
     stay_id uuid not null unique references intake_stay (id),
     person_id uuid not null references person (id),
     unit_id text not null references intake_unit (id),
     kind text not null check (kind in ('violence', 'threats')),
     description text not null check (length(description) between 1 and 2000),
     occurred_at timestamptz not null,
     created_by text not null,
     created_at timestamptz not null default now()
   )`,
  `create table intake_replacement_task (
     id uuid primary key,
     person_id uuid not null references person (id),
     incident_id uuid not null unique references intake_incident (id),
     from_stay_id uuid not null references intake_stay (id),
     from_unit_id text not null references intake_unit (id),
     owner_team text check (owner_team in ('common_intake', 'institution', 'district', 'psychosocial_team')),
     owner_user_id uuid references app_user (id),
     deadline timestamptz not null,
     status text not null default 'open' check (status in ('open', 'closed')),
     outcome text check (outcome in ('placed', 'other_service', 'own_home', 'declined', 'unreachable', 'other')),
     outcome_note text check (length(outcome_note) <= 2000),
     closed_at timestamptz,
     closed_by text,
     created_by text not null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     constraint intake_replacement_task_has_owner check (num_nonnulls(owner_team, owner_user_id) >= 1),
     constraint intake_replacement_task_closed check (
       (status = 'open') = (closed_at is null) and (status = 'open') = (outcome is null)
     )
   )`,
  `create index intake_replacement_task_open_idx on intake_replacement_task (created_at) where status = 'open'`,
  `create index intake_replacement_task_person_idx on intake_replacement_task (person_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
