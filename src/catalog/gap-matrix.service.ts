import type { Db } from '../platform/db.ts';
import { openingHoursFromRows } from './catalog.model.ts';
import { selectActiveServicesWithSchedules } from './catalog.repository.ts';
import { computeGapMatrix } from './gap-matrix.ts';

/** The gap matrix over every active service. */
export async function getGapMatrix(db: Db) {
  const { rows, schedules } = await selectActiveServicesWithSchedules(db);
  return computeGapMatrix(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      ladderStep: r.ladder_step,
      cityWide: r.city_wide,
      districts: r.districts,
      arrangement: r.arrangement,
      hours: openingHoursFromRows(
        r.is_24_7,
        schedules.filter((s) => s.service_id === r.id),
        [],
      ),
    })),
  );
}
