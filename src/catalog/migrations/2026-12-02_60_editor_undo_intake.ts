import { sql, type Kysely } from 'kysely';

// Frozen: undoing a close, and intake status as its own small change.
// - service_close_undo: one row per undone close; the primary key lets only one undo of a close
//   ever commit, however many editors press the button at once.
// - service_intake_status: the short history of "accepting / waiting list / full" changes, which
//   no longer write a content version of the entry.
// - service_version.action gains 'undo_close'.
const statements = [
  `create table service_close_undo (
    service_id uuid not null references service(id) on delete cascade,
    close_version integer not null,
    undo_version integer not null,
    undone_by text not null,
    undone_at timestamptz not null default now(),
    primary key (service_id, close_version)
  )`,

  `create table service_intake_status (
    id bigserial primary key,
    service_id uuid not null references service(id) on delete cascade,
    intake_status text check (intake_status in ('accepting', 'waiting_list', 'full')),
    changed_by text not null,
    changed_at timestamptz not null default now()
  )`,
  `create index service_intake_status_service_idx on service_intake_status (service_id, changed_at desc)`,

  `alter table service_version drop constraint service_version_action_check`,
  `alter table service_version add constraint service_version_action_check
    check (action in ('seed', 'create', 'update', 'close', 'verify', 'report', 'undo_close'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
