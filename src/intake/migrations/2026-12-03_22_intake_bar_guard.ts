import { sql, type Kysely } from 'kysely';

// Frozen: no admission or offer of a barred person at that unit, whatever SQL writes it. The day
// that counts is the Oslo day of the admission (a stay) or of the offer (a hold).
const statements = [
  `create function intake_bar_guard() returns trigger language plpgsql as $$
     declare
       day date;
       barred date;
     begin
       if tg_table_name = 'intake_stay' then
         day := (new.admitted_at at time zone 'Europe/Oslo')::date;
       else
         if new.status <> 'active' then return new; end if;
         day := (now() at time zone 'Europe/Oslo')::date;
       end if;
       select max(b.until_date) into barred from intake_bar b
         where b.person_id = new.person_id and b.unit_id = new.unit_id and day between b.from_date and b.until_date;
       if barred is not null then
         raise exception 'the person is barred from this unit through %', barred
           using errcode = 'check_violation', constraint = 'intake_bar_refuses';
       end if;
       return new;
     end $$`,
  `create trigger intake_bar_guard before insert on intake_stay for each row execute function intake_bar_guard()`,
  `create trigger intake_bar_guard before insert on intake_hold for each row execute function intake_bar_guard()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
