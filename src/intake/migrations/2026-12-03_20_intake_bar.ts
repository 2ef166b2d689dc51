import { sql, type Kysely } from 'kysely';

// Frozen: a person barred from a unit for a while (after an immediate discharge for violence or
// threats). The column list is agreed with the decisions/requests slice, which writes the same table.
// The bar covers the days from_date through until_date, both included (Oslo days).
const statements = [
  `create table intake_bar (
     id uuid primary key default gen_random_uuid(),
     person_id uuid not null references person (id),
     unit_id text not null references intake_unit (id),
     from_date date not null,
     until_date date not null,
     reason text not null check (length(reason) between 1 and 500),
     created_by uuid,
     created_at timestamptz not null default now(),
     constraint intake_bar_dates check (until_date >= from_date)
   )`,
  `create index intake_bar_person_unit_idx on intake_bar (person_id, unit_id, until_date)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
