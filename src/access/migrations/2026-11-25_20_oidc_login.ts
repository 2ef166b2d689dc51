import { sql, type Kysely } from 'kysely';

// Frozen: OpenID Connect sign-ins in progress. One row per started sign-in, found by the hash of a
// random value kept in the browser's short-lived cookie, used once, gone after ten minutes.
const statements = [
  `create table oidc_login (
    flow_hash text primary key,
    provider text not null,
    state text not null,
    nonce text not null,
    code_verifier text not null,
    return_to text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  `create index oidc_login_expires_idx on oidc_login (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
