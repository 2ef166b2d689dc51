import { sql, type Kysely } from 'kysely';

// Frozen: users and sessions as first released.
const statements = [
  `create table app_user (
    id uuid primary key,
    kommune text not null default '0301',
    email text not null unique,
    display_name text not null,
    password_hash text,
    oidc_issuer text,
    oidc_subject text,
    roles text[] not null default '{}',
    districts text[] not null default '{}',
    units text[] not null default '{}',
    disabled boolean not null default false,
    failed_logins integer not null default 0,
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    unique (oidc_issuer, oidc_subject)
  )`,
  `create table app_session (
    token_hash text primary key,
    user_id uuid not null references app_user(id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    user_agent text,
    ip text
  )`,
  `create index app_session_user_idx on app_session (user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
