import { sql, type Kysely } from 'kysely';

// Frozen: the one-question quality-of-life measure ("How satisfied are you with your life, all in
// all?"): 1–7 when asked in a district, 1–5 in an institution, or declined (no score). The CHECKs
// keep each answer on its own scale, so statistics never mix the two.
const statements = [
  `create table intake_quality_of_life (
     id uuid primary key,
     person_id uuid not null references person (id),
     answered_on date not null,
     setting text not null check (setting in ('district', 'institution')),
     district text,
     unit_id text references intake_unit (id),
     score smallint,
     declined boolean not null default false,
     created_by text not null,
     created_at timestamptz not null default now(),
     constraint intake_qol_place check (
       (setting = 'district' and district is not null and unit_id is null)
       or (setting = 'institution' and unit_id is not null and district is null)
     ),
     constraint intake_qol_declined check (declined = (score is null)),
     constraint intake_qol_range check (
       score is null
       or (setting = 'district' and score between 1 and 7)
       or (setting = 'institution' and score between 1 and 5)
     )
   )`,
  `create index intake_qol_person_idx on intake_quality_of_life (person_id, answered_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
