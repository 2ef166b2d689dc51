import { sql, type Kysely } from 'kysely';

/*
 * Frozen: statistics releases. A release is an immutable snapshot of everything published: the
 * imported cells it was computed from (copied, so a later import cannot change it), every
 * indicator's definition and published table (values and status after disclosure control), the
 * code version, and the one suppression ledger with its audit. The database refuses UPDATE,
 * DELETE and TRUNCATE on these tables.
 */
const statements = [
  `create table stats_release (
     id bigserial primary key,
     kommune text not null default '0301',
     created_at timestamptz not null default now(),
     created_by text not null,
     code_version text not null check (length(code_version) between 1 and 200),
     catalogue_sha256 text not null check (catalogue_sha256 ~ '^[0-9a-f]{64}$'),
     inputs_sha256 text not null check (inputs_sha256 ~ '^[0-9a-f]{64}$'),
     previous_id bigint references stats_release (id),
     settings jsonb not null,
     ledger jsonb not null,
     audit jsonb not null,
     imports jsonb not null,
     linkage jsonb not null default '[]'::jsonb,
     indicator_count integer not null check (indicator_count >= 0),
     cell_count integer not null check (cell_count >= 0),
     suppressed_count integer not null check (suppressed_count >= 0),
     input_count integer not null check (input_count >= 0),
     duration_ms integer not null check (duration_ms >= 0)
   )`,
  `create table stats_release_indicator (
     release_id bigint not null references stats_release (id),
     indicator_id text not null,
     definition jsonb not null,
     published jsonb not null,
     protected_tables jsonb not null,
     primary key (release_id, indicator_id)
   )`,
  `create table stats_release_input (
     release_id bigint not null references stats_release (id),
     import_id bigint,
     measure text not null,
     area text not null,
     area_label text not null,
     period text not null,
     variant text not null,
     value numeric,
     status text not null,
     value_text text,
     missing_reason text,
     note text,
     row_number integer not null
   )`,
  // import_id is null for a cell aggregated from Veiviser's own live data (layout intake_live).
  `create unique index stats_release_input_cell_idx
     on stats_release_input (release_id, measure, area, period, variant, coalesce(import_id, 0))`,
  `create function stats_release_immutable() returns trigger language plpgsql as $$
     begin
       raise exception '% is immutable: a statistics release is never changed or removed', tg_table_name;
     end $$`,
  ...['stats_release', 'stats_release_indicator', 'stats_release_input'].flatMap((table) => [
    `create trigger ${table}_no_change before update or delete on ${table} for each row execute function stats_release_immutable()`,
    `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function stats_release_immutable()`,
  ]),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
