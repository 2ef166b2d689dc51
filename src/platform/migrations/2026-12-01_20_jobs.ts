import { sql, type Kysely } from 'kysely';

// Frozen: the embedded database's job queue (src/platform/jobs/embedded-queue.ts). On a PostgreSQL
// server pg-boss keeps its jobs in its own schema and these tables stay empty. The states and the
// 'short' policy (at most one waiting job per singleton key) are pg-boss's, so both look alike.
const statements = [
  `create table job (
    id uuid primary key,
    name text not null,
    payload jsonb not null default '{}',
    state text not null default 'created' check (state in ('created', 'retry', 'active', 'completed', 'cancelled', 'failed')),
    policy text not null default 'standard' check (policy in ('standard', 'short')),
    singleton_key text,
    attempts integer not null default 0,
    retry_limit integer not null,
    retry_delay_seconds integer not null,
    retry_backoff boolean not null,
    expire_in_seconds integer not null,
    run_at timestamptz not null default now(),
    last_error text,
    output jsonb,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    completed_at timestamptz
  )`,
  `create index job_next_idx on job (name, run_at) where state in ('created', 'retry')`,
  `create index job_created_idx on job (created_at desc)`,
  `create unique index job_short_singleton_idx on job (name, coalesce(singleton_key, '')) where state = 'created' and policy = 'short'`,
  `create table job_schedule (
    name text primary key,
    cron text not null,
    timezone text not null,
    payload jsonb not null default '{}',
    last_tick timestamptz not null,
    updated_at timestamptz not null default now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
