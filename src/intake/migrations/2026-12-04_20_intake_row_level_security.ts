import { sql, type Kysely } from 'kysely';

// Frozen: row-level security on intake's person data, as on the person tables (access module).
// Each row is limited to the scope the owner recorded for the transaction (veiviser_current_scope):
// common intake city-wide; a district caseworker the rows of their districts — a request or
// notice owned by the district, or a hold, stay, bar, incident, task, agreement or stay request of
// a person the caseworker may see (the person table's own policy answers that); institution staff
// the rows of their units. The scope's parts are sub-selects, evaluated once per query.
// The restricted role gets read access; the intake use-cases still write as the owner.
const citywide = `(select s.citywide from veiviser_current_scope() s)`;
const districts = `(select s.districts from veiviser_current_scope() s)`;
const units = `(select s.units from veiviser_current_scope() s)`;
const allows = (district: string, unit: string) => `veiviser_scope_allows(${district}, ${unit}, ${citywide}, ${districts}, ${units})`;
/** The unit's staff, or anyone who may see the person (the person policy applies inside the sub-select). */
const unitOrPerson = (unit: string) => `(${allows('null', unit)} or exists (select 1 from person p where p.id = person_id))`;

const POLICIES: [table: string, using: string][] = [
  ['intake_request', allows('district', 'null')],
  ['intake_request_history', `exists (select 1 from intake_request r where r.id = request_id)`],
  ['intake_notice', allows('recipient_district', 'null')],
  ['intake_hold', unitOrPerson('unit_id')],
  ['intake_stay', unitOrPerson('unit_id')],
  ['intake_bar', unitOrPerson('unit_id')],
  ['intake_incident', unitOrPerson('unit_id')],
  ['intake_replacement_task', unitOrPerson('from_unit_id')],
  ['intake_user_controlled_agreement', unitOrPerson('unit_id')],
  ['intake_user_controlled_stay_request', unitOrPerson('unit_id')],
  ['intake_quality_of_life', allows('district', 'unit_id')],
];

const statements = [
  ...POLICIES.flatMap(([table, using]) => [
    `alter table ${table} enable row level security`,
    `create policy ${table}_scope on ${table} for select using (${using})`,
    `grant select on ${table} to veiviser_app`,
  ]),
  // No person data: the units and their numbers, for joins under the restricted role.
  `grant select on intake_unit, intake_unit_load, intake_unit_service to veiviser_app`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
