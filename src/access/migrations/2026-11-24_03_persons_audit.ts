import { sql, type Kysely } from 'kysely';

// Frozen: person data, pseudonyms, row-level security and the append-only audit log.
const statements = [
  // Request transactions that touch person data run as this role, so row-level security applies
  // to them even when the connection itself belongs to the table owner.
  `do $$ begin
     if not exists (select 1 from pg_roles where rolname = 'veiviser_app') then
       create role veiviser_app nologin;
     end if;
   end $$`,
  `do $$ begin
     execute format('grant veiviser_app to %I', current_user);
   exception when others then null;
   end $$`,

  // The acting user's scopes, set per transaction with set_config(..., true).
  `create or replace function veiviser_scope_allows(owner_district text, owner_unit text) returns boolean
     language sql stable as $$
       select coalesce(current_setting('veiviser.citywide', true), '') = 'true'
           or owner_district = any(string_to_array(coalesce(current_setting('veiviser.districts', true), ''), ','))
           or owner_unit = any(string_to_array(coalesce(current_setting('veiviser.units', true), ''), ','))
     $$`,

  // The only table holding national IDs.
  `create table person_identity (
    person_id uuid primary key,
    national_id text not null unique,
    id_type text not null check (id_type in ('fnr', 'dnr', 'synthetic')),
    created_at timestamptz not null default now()
  )`,

  `create table person (
    id uuid primary key references person_identity(person_id),
    kommune text not null default '0301',
    pseudonym text not null unique,
    given_name text,
    family_name text,
    birth_year smallint,
    district text,
    unit text,
    created_by uuid references app_user(id),
    created_at timestamptz not null default now(),
    check (district is not null or unit is not null)
  )`,
  `create index person_district_idx on person (district)`,

  `alter table person enable row level security`,
  `create policy person_scope on person using (veiviser_scope_allows(district, unit)) with check (veiviser_scope_allows(district, unit))`,
  `alter table person_identity enable row level security`,
  `create policy person_identity_scope on person_identity
     using (coalesce(current_setting('veiviser.identify', true), '') = 'true'
            and exists (select 1 from person p where p.id = person_id))
     with check (coalesce(current_setting('veiviser.identify', true), '') = 'true')`,
  // Registering an identity must not reveal whether the number exists elsewhere, which row-level
  // security on INSERT ... ON CONFLICT would: this function inserts when new and only says whether.
  `create or replace function veiviser_register_identity(p_person_id uuid, p_national_id text, p_id_type text) returns boolean
     language plpgsql security definer set search_path = public as $$
     begin
       if coalesce(current_setting('veiviser.identify', true), '') <> 'true' then
         raise exception 'identity registration needs veiviser.identify';
       end if;
       insert into person_identity (person_id, national_id, id_type) values (p_person_id, p_national_id, p_id_type)
         on conflict (national_id) do nothing;
       return found;
     end $$`,
  `revoke all on function veiviser_register_identity(uuid, text, text) from public`,
  `grant execute on function veiviser_register_identity(uuid, text, text) to veiviser_app`,

  `create table audit_event (
    id bigserial primary key,
    occurred_at timestamptz not null,
    actor_id text not null,
    actor_name text not null,
    actor_roles text[] not null,
    actor_scope jsonb not null,
    action text not null,
    outcome text not null check (outcome in ('allowed', 'denied', 'failed')),
    purpose text not null,
    resource_type text not null,
    resource_id text,
    person_id uuid,
    ip text,
    user_agent text,
    detail jsonb not null default '{}'::jsonb,
    prev_hash text not null,
    hash text not null unique
  )`,
  `create index audit_event_person_idx on audit_event (person_id, occurred_at)`,
  `create index audit_event_time_idx on audit_event (occurred_at)`,
  `create index audit_event_actor_idx on audit_event (actor_id, occurred_at)`,
  `create or replace function audit_event_append_only() returns trigger language plpgsql as $$
     begin
       raise exception 'audit_event is append-only';
     end $$`,
  `create trigger audit_event_no_update before update or delete on audit_event
     for each row execute function audit_event_append_only()`,
  `create trigger audit_event_no_truncate before truncate on audit_event
     for each statement execute function audit_event_append_only()`,

  `grant select, insert, update on person to veiviser_app`,
  `grant select on person_identity to veiviser_app`,
  `grant select, insert on audit_event to veiviser_app`,
  `grant usage on sequence audit_event_id_seq to veiviser_app`,
  `grant select on app_user to veiviser_app`,
  `revoke update, delete, truncate on audit_event from public`,

  // Analysts read pseudonymised person data only, through this view and nothing else.
  `do $$ begin
     if not exists (select 1 from pg_roles where rolname = 'veiviser_analyst') then
       create role veiviser_analyst nologin;
     end if;
   end $$`,
  `do $$ begin
     execute format('grant veiviser_analyst to %I', current_user);
   exception when others then null;
   end $$`,
  `create view person_pseudonymised as select pseudonym, district, unit, birth_year, created_at from person`,
  `grant select on person_pseudonymised to veiviser_analyst`,
  `grant select, insert on audit_event to veiviser_analyst`,
  `grant usage on sequence audit_event_id_seq to veiviser_analyst`,

  `create table setup_token (
    token_hash text primary key,
    created_at timestamptz not null default now(),
    used_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
