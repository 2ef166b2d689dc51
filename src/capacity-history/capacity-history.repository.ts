import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

/** The unit's name and places, if it exists. */
export async function selectUnit(db: Db, unitId: string) {
  return db.selectFrom('intake_unit').select(['id', 'name', 'places']).where('id', '=', unitId).executeTakeFirst();
}

/**
 * Per Oslo day from `from` to `to`, what held the unit's places at the day's end (or at `now`,
 * whichever is earlier): open stays, holds still active, blocks covering the day; and the places the
 * unit had then (intake_unit_places, null before the unit existed). Computed from
 * the stays', holds' and blocks' own times, so it needs no snapshot job and is right for any past day.
 */
export async function selectDailyLoad(db: Db, options: { unitId: string; from: string; to: string; now: Date }) {
  const rows = await sql<{
    date: string;
    places: number | string | null;
    occupied: number | string;
    held: number | string;
    blocked: number | string;
  }>`
    with days as (
      select d::date as day,
             least(((d::date + 1)::timestamp at time zone 'Europe/Oslo'), ${options.now}::timestamptz) as at
      from generate_series(${options.from}::date, ${options.to}::date, interval '1 day') d
    )
    select to_char(days.day, 'YYYY-MM-DD') as date,
      (select p.places from intake_unit_places p
        where p.unit_id = ${options.unitId} and p.valid_from <= days.at order by p.valid_from desc limit 1) as places,
      (select count(*) from intake_stay s
        where s.unit_id = ${options.unitId} and s.admitted_at <= days.at
          and (s.discharged_at is null or s.discharged_at > days.at)) as occupied,
      (select count(*) from intake_hold h
        where h.unit_id = ${options.unitId} and h.created_at <= days.at and h.expires_at > days.at
          and (h.ended_at is null or h.ended_at > days.at)) as held,
      (select coalesce(sum(b.places), 0) from intake_block b
        where b.unit_id = ${options.unitId} and b.created_at <= days.at and b.until > days.day
          and (b.ended_at is null or b.ended_at > days.at)) as blocked
    from days order by days.day`.execute(db);
  return rows.rows.map((r) => ({
    date: r.date,
    places: r.places === null ? null : Number(r.places),
    occupied: Number(r.occupied),
    held: Number(r.held),
    blocked: Number(r.blocked),
  }));
}
