import { sql, type Kysely } from 'kysely';

// Frozen: imports of aggregate tables and their cells (aggregates only: no person data here).
const statements = [
  `create table stats_import (
     id bigserial primary key,
     kommune text not null default '0301',
     layout_id text not null check (layout_id ~ '^[a-z0-9_]{1,64}$'),
     source_system text not null check (length(source_system) between 1 and 200),
     source text not null check (length(source) between 1 and 500),
     extraction_date date not null,
     period_from text,
     period_to text,
     file_name text not null,
     file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
     encoding text not null check (encoding in ('utf-8', 'windows-1252', 'xlsx')),
     row_count integer not null check (row_count >= 0),
     observation_count integer not null check (observation_count >= 0),
     seed boolean not null default false,
     imported_by text not null,
     imported_at timestamptz not null default now()
   )`,
  `create index stats_import_layout_idx on stats_import (layout_id, imported_at desc, id desc)`,
  `create unique index stats_import_seed_idx on stats_import (layout_id, file_sha256) where seed`,
  `create table stats_observation (
     id bigserial primary key,
     import_id bigint not null references stats_import (id) on delete cascade,
     measure text not null,
     area text not null,
     area_label text not null,
     period text not null,
     variant text not null default '',
     value numeric,
     status text not null check (status in ('value', 'suppressed_at_source', 'missing', 'text')),
     value_text text,
     missing_reason text,
     note text,
     row_number integer not null,
     unique (import_id, measure, area, period, variant),
     check ((status = 'value') = (value is not null)),
     check (status <> 'missing' or missing_reason is not null)
   )`,
  `create index stats_observation_measure_idx on stats_observation (measure, import_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
