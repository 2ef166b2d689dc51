import { sql, type Kysely } from 'kysely';

// Frozen: the catalog schema as first released. Change it with a new migration, never here.
const statements = [
  `create extension if not exists pg_trgm`,

  `create table organization (
    id uuid primary key,
    kommune text not null default '0301',
    seed_key text unique,
    name text not null,
    alternate_name text,
    description text not null default '',
    website text,
    email text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,

  `create table location (
    id uuid primary key,
    kommune text not null default '0301',
    seed_key text unique,
    organization_id uuid references organization(id),
    name text,
    location_type text not null default 'physical' check (location_type in ('physical', 'postal', 'virtual')),
    address_1 text,
    postal_code text,
    city text,
    address_note text,
    district text,
    latitude double precision,
    longitude double precision,
    accessibility text,
    transportation text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,

  `create table service (
    id uuid primary key,
    kommune text not null default '0301',
    seed_key text unique,
    organization_id uuid references organization(id),
    name text not null,
    alternate_names text[] not null default '{}',
    description text not null default '',
    description_en text,
    url text,
    email text,
    phone text,
    kind text not null,
    ladder_step smallint check (ladder_step between 1 and 7),
    target_groups text[] not null default '{}',
    hovedforlop smallint[] not null default '{}',
    min_age smallint check (min_age between 0 and 130),
    max_age smallint check (max_age between 0 and 130),
    eligibility_description text,
    access text check (access in ('drop_in', 'referral', 'decision')),
    requires_drug_free boolean,
    anonymous boolean,
    city_wide boolean not null default false,
    districts text[] not null default '{}',
    is_24_7 boolean not null default false,
    has_evening_hours boolean not null default false,
    has_weekend_hours boolean not null default false,
    status text not null check (status in ('active', 'planned', 'closed')),
    status_date date,
    status_note text,
    intake_status text check (intake_status in ('accepting', 'waiting_list', 'full')),
    intake_status_at timestamptz,
    cost_description text,
    free_of_charge boolean,
    languages text[] not null default '{}',
    accessibility text,
    places integer check (places >= 0),
    source text,
    source_refs text[] not null default '{}',
    last_verified_at date,
    verified_by text,
    under_review boolean not null default false,
    version integer not null default 1,
    search_vector tsvector not null default ''::tsvector,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (min_age is null or max_age is null or min_age <= max_age)
  )`,
  `create index service_search_idx on service using gin (search_vector)`,
  `create index service_districts_idx on service using gin (districts)`,
  `create index service_name_trgm_idx on service using gin (name gin_trgm_ops)`,
  `create index service_updated_at_idx on service (updated_at)`,
  `create index service_organization_idx on service (organization_id)`,

  `create table service_at_location (
    id uuid primary key,
    service_id uuid not null references service(id) on delete cascade,
    location_id uuid not null references location(id),
    description text,
    unique (service_id, location_id)
  )`,

  `create table schedule (
    id uuid primary key,
    service_id uuid not null references service(id) on delete cascade,
    byday text not null check (byday in ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')),
    opens_at time not null,
    closes_at time not null,
    valid_from date,
    valid_to date,
    closed_on_public_holidays boolean not null default true,
    description text,
    check (valid_from is null or valid_to is null or valid_from <= valid_to)
  )`,
  `create index schedule_service_idx on schedule (service_id)`,
  `create index schedule_byday_idx on schedule (byday, opens_at)`,

  `create table schedule_exception (
    id uuid primary key,
    service_id uuid not null references service(id) on delete cascade,
    date date not null,
    closed boolean not null default true,
    opens_at time,
    closes_at time,
    description text,
    check (closed or (opens_at is not null and closes_at is not null))
  )`,
  `create index schedule_exception_idx on schedule_exception (service_id, date)`,

  `create table contact (
    id uuid primary key,
    service_id uuid not null references service(id) on delete cascade,
    name text,
    title text,
    phone text,
    email text
  )`,

  `create table taxonomy (
    id uuid primary key,
    code text not null unique,
    name text not null,
    description text not null,
    version text
  )`,

  `create table taxonomy_term (
    id uuid primary key,
    taxonomy_id uuid not null references taxonomy(id),
    code text not null,
    name text not null,
    name_en text not null,
    description text not null,
    parent_id uuid references taxonomy_term(id),
    unique (taxonomy_id, code)
  )`,

  `create table service_version (
    id bigserial primary key,
    service_id uuid not null references service(id) on delete cascade,
    version integer not null,
    action text not null check (action in ('seed', 'create', 'update', 'close', 'verify', 'report')),
    changed_by text not null,
    changed_at timestamptz not null default now(),
    changes jsonb not null default '{}'::jsonb,
    unique (service_id, version)
  )`,

  `create table error_report (
    id uuid primary key,
    service_id uuid not null references service(id) on delete cascade,
    message text not null,
    reporter_contact text,
    status text not null default 'open' check (status in ('open', 'resolved', 'dismissed')),
    created_at timestamptz not null default now(),
    handled_by text,
    handled_at timestamptz,
    handled_note text
  )`,
  `create index error_report_open_idx on error_report (status, created_at)`,

  `create table search_lexicon (
    word text primary key
  )`,
  `create index search_lexicon_trgm_idx on search_lexicon using gin (word gin_trgm_ops)`,

  `create table catalog_state (
    id smallint primary key check (id = 1),
    revision bigint not null default 0,
    seeded_at timestamptz
  )`,
  `insert into catalog_state (id) values (1)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
