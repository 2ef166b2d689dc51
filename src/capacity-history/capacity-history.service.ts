import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { MAX_HISTORY_DAYS, type CapacityHistory, type HistoryQuery } from './capacity-history.schemas.ts';
import { selectDailyLoad, selectUnit } from './capacity-history.repository.ts';

const DAY_MS = 86_400_000;
const osloToday = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
const fieldError = (code: 'INVALID_INPUT' | 'NOT_FOUND', field: string, message: string) =>
  new AppError(code, `${field}: ${message}`, [{ field, message }]);

/** A unit's occupancy per day, from its stays, holds and blocks; days after today are left out. */
export async function getCapacityHistory(db: Db, options: { query: HistoryQuery; now?: Date }): Promise<CapacityHistory> {
  const now = options.now ?? new Date();
  const { unit: unitId, from } = options.query;
  const today = osloToday(now);
  if (options.query.to < from) throw fieldError('INVALID_INPUT', 'to', 'must not be before from');
  if (from > today) throw fieldError('INVALID_INPUT', 'from', `must be ${today} or earlier`);
  const to = options.query.to > today ? today : options.query.to;
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_HISTORY_DAYS)
    throw fieldError('INVALID_INPUT', 'to', `the range may span at most ${MAX_HISTORY_DAYS} days`);
  const unit = await selectUnit(db, unitId);
  if (!unit) throw fieldError('NOT_FOUND', 'unit', 'no such unit');
  const days = await selectDailyLoad(db, { unitId, from, to, now });
  return {
    unitId: unit.id,
    name: unit.name,
    placesNote:
      "Each day counts against the places the unit had at the day's end; changes of places are kept from 2026-12-04, " +
      'earlier days use the places as seeded.',
    days: days.map((d) => {
      const places = d.places ?? unit.places;
      return { ...d, places, free: Math.max(0, places - d.occupied - d.held - d.blocked) };
    }),
  };
}
