import { sql, type Kysely } from 'kysely';

// Frozen: the national crisis and help lines as data, and the version row of every change to one.
const statements = [
  `create table crisis_line (
     key text primary key check (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
     name_nb text not null,
     name_en text not null,
     phone_display text not null,
     phone_tel text not null check (phone_tel ~ '^(\\+[1-9][0-9]{6,14}|[0-9]{3,8})$'),
     organization text not null,
     hours_nb text not null,
     hours_en text not null,
     is_24_7 boolean not null default false,
     audience_nb text not null,
     audience_en text not null,
     sort_order integer not null default 0,
     active boolean not null default true,
     source_note text not null default '',
     version integer not null default 1 check (version >= 1),
     updated_at timestamptz not null default now(),
     updated_by text not null
   )`,
  `create index crisis_line_order_idx on crisis_line (sort_order, key) where active`,
  `create table crisis_line_version (
     id bigserial primary key,
     line_key text not null references crisis_line (key),
     version integer not null,
     action text not null check (action in ('seed', 'create', 'update')),
     changed_by text not null,
     changed_at timestamptz not null default now(),
     changes jsonb not null,
     unique (line_key, version)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
