import { sql, type Kysely } from 'kysely';

// Frozen: built statistics reports (HTML and PDF from one release) and the progress of a build.
const statements = [
  `create table stats_report (
     id uuid primary key,
     release_id text not null check (length(release_id) between 1 and 100),
     lang text not null check (lang in ('nb', 'en')),
     state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
     step integer not null default 0 check (step >= 0),
     steps integer not null default 1 check (steps >= 1 and step <= steps),
     step_label text not null default '',
     html text,
     pdf bytea,
     error text,
     duration_ms integer,
     requested_by text not null,
     created_at timestamptz not null default now(),
     finished_at timestamptz,
     check ((state = 'done') = (html is not null and pdf is not null and finished_at is not null))
   )`,
  `create index stats_report_release_idx on stats_report (release_id, lang, created_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
