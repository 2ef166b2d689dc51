import { sql, type Kysely } from 'kysely';

// Frozen: a re-placement task links the request whose decision stands after an immediate
// discharge (null for a stay that came from no request: an admission without one).
const statements = [
  `alter table intake_replacement_task add column request_id uuid references intake_request (id)`,
  `create index intake_replacement_task_request_idx on intake_replacement_task (request_id) where request_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
