import { sql, type Kysely } from 'kysely';

// Frozen: discharge-ready notifications (*utskrivningsklare pasienter*), their append-only
// evidence trail and the payment alerts. Each row holds person data and its owning district, and
// row-level security limits it to the district's scope, or to the hospital liaison who wrote it.
const scopeAllows = `veiviser_scope_allows(district, null, (select s.citywide from veiviser_current_scope() s),
       (select s.districts from veiviser_current_scope() s), (select s.units from veiviser_current_scope() s))`;
const ownNotification = `created_by::text = (select s.user_id from veiviser_current_scope() s)`;

const statements = [
  `create table discharge_ready (
    id uuid primary key,
    kommune text not null default '0301' check (kommune = '0301'),
    person_id uuid not null references person(id),
    district text not null,
    hospital text not null,
    ward text not null,
    ready_at timestamptz not null,
    notified_at timestamptz not null,
    needs text not null,
    source text not null check (source in ('json', 'fhir')),
    external_id text,
    discharge_summary_received_at timestamptz,
    can_receive boolean,
    receive_on date,
    answer_reason text,
    answered_at timestamptz,
    answered_by uuid references app_user(id),
    payment_starts_at timestamptz not null,
    payment_alert_due_at timestamptz not null,
    created_by uuid not null references app_user(id),
    created_at timestamptz not null default now(),
    check ((can_receive is null) = (answered_at is null)),
    check (can_receive is distinct from true or receive_on is not null)
  )`,
  `create index discharge_ready_district_idx on discharge_ready (district, notified_at desc)`,
  `create index discharge_ready_created_by_idx on discharge_ready (created_by, notified_at desc)`,
  `create index discharge_ready_alert_due_idx on discharge_ready (payment_alert_due_at) where can_receive is null`,

  // The evidence trail for disputes: what happened when, who recorded it. Never changed or deleted.
  `create table discharge_ready_event (
    id bigserial primary key,
    notification_id uuid not null references discharge_ready(id),
    district text not null,
    kind text not null check (kind in ('notified', 'summary_received', 'answered', 'payment_alert')),
    occurred_at timestamptz not null,
    recorded_at timestamptz not null default now(),
    actor_id text not null,
    actor_name text not null,
    detail jsonb not null default '{}'::jsonb
  )`,
  `create index discharge_ready_event_notification_idx on discharge_ready_event (notification_id, id)`,
  `create function discharge_ready_event_append_only() returns trigger language plpgsql as $$
     begin
       raise exception 'discharge_ready_event is append-only';
     end $$`,
  `create trigger discharge_ready_event_no_change before update or delete on discharge_ready_event
     for each row execute function discharge_ready_event_append_only()`,
  `create trigger discharge_ready_event_no_truncate before truncate on discharge_ready_event
     for each statement execute function discharge_ready_event_append_only()`,

  // One alert per notification: the primary key is what makes "exactly once" hold across instances.
  `create table discharge_ready_alert (
    notification_id uuid primary key references discharge_ready(id),
    district text not null,
    payment_starts_at timestamptz not null,
    created_at timestamptz not null default now()
  )`,

  `alter table discharge_ready enable row level security`,
  `create policy discharge_ready_scope on discharge_ready
     using (${scopeAllows} or ${ownNotification}) with check (${scopeAllows} or ${ownNotification})`,
  `alter table discharge_ready_event enable row level security`,
  `create policy discharge_ready_event_scope on discharge_ready_event
     using (${scopeAllows} or exists (select 1 from discharge_ready n where n.id = notification_id))
     with check (${scopeAllows} or exists (select 1 from discharge_ready n where n.id = notification_id))`,
  `alter table discharge_ready_alert enable row level security`,
  `create policy discharge_ready_alert_scope on discharge_ready_alert
     using (${scopeAllows} or exists (select 1 from discharge_ready n where n.id = notification_id))`,

  `grant select, insert, update on discharge_ready to veiviser_app`,
  `grant select, insert on discharge_ready_event to veiviser_app`,
  `grant usage on sequence discharge_ready_event_id_seq to veiviser_app`,
  `grant select on discharge_ready_alert to veiviser_app`,
  `revoke update, delete, truncate on discharge_ready_event from public`,
  // A notification's POST runs in the person scope (its Idempotency-Key is stored after the person step).
  `grant select, insert, update on intake_idempotency to veiviser_app`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
