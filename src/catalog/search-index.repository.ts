import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';
import { openingHoursFromRows, type StoredOpeningHours } from './catalog.model.ts';
import { selectOpeningHourRows } from './catalog.repository.ts';
import type { ArrangementKind, IntakeStatus, ServiceStatus } from './vocabulary.ts';

/** One service as the in-memory search index holds it: what filters, ranking and the result summary need. */
export type IndexedService = {
  id: string;
  name: string;
  alternateNames: string[];
  vector: string;
  description: string;
  descriptionEn: string | null;
  kind: string;
  ladderStep: number | null;
  targetGroups: string[];
  cityWide: boolean;
  districts: string[];
  access: string | null;
  requiresDrugFree: boolean | null;
  is24_7: boolean;
  hasEveningHours: boolean;
  hasWeekendHours: boolean;
  minAge: number | null;
  maxAge: number | null;
  status: ServiceStatus;
  statusDate: string | null;
  intakeStatus: IntakeStatus | null;
  intakeStatusAt: string | null;
  /** Always false in the index: a derived status is laid over each answer (withCurrentIntakeStatus). */
  intakeStatusDerived: boolean;
  /** The catalog's seed key (what intake units link to); not part of a search card. */
  seedKey: string | null;
  organizationName: string | null;
  underReview: boolean;
  arrangement: ArrangementKind | null;
  openingHours: StoredOpeningHours;
};

/** Rows read per batch when the whole catalog is loaded (bounded memory per query). */
const BATCH = 5000;

/** The services with these ids (all of them when ids is null), with their opening hours. */
export async function selectIndexedServices(db: Db, ids: readonly string[] | null): Promise<IndexedService[]> {
  if (ids && ids.length === 0) return [];
  const out: IndexedService[] = [];
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('service as s')
      .leftJoin('organization as o', 'o.id', 's.organization_id')
      .select([
        's.id',
        's.name',
        's.alternate_names',
        sql<string>`s.search_vector::text`.as('vector'),
        's.description',
        's.description_en',
        's.kind',
        's.ladder_step',
        's.target_groups',
        's.city_wide',
        's.districts',
        's.access',
        's.requires_drug_free',
        's.is_24_7',
        's.has_evening_hours',
        's.has_weekend_hours',
        's.min_age',
        's.max_age',
        's.status',
        's.status_date',
        's.intake_status',
        's.intake_status_at',
        's.seed_key',
        'o.name as organization_name',
        's.under_review',
        's.arrangement',
      ])
      .orderBy('s.id')
      .limit(BATCH);
    if (ids) query = query.where('s.id', 'in', ids);
    if (after) query = query.where('s.id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) break;
    const hours = await selectOpeningHourRows(
      db,
      rows.map((r) => r.id),
    );
    for (const r of rows) {
      out.push({
        id: r.id,
        name: r.name,
        alternateNames: r.alternate_names,
        vector: r.vector,
        description: r.description,
        descriptionEn: r.description_en,
        kind: r.kind,
        ladderStep: r.ladder_step,
        targetGroups: r.target_groups,
        cityWide: r.city_wide,
        districts: r.districts,
        access: r.access,
        requiresDrugFree: r.requires_drug_free,
        is24_7: r.is_24_7,
        hasEveningHours: r.has_evening_hours,
        hasWeekendHours: r.has_weekend_hours,
        minAge: r.min_age,
        maxAge: r.max_age,
        status: r.status,
        statusDate: r.status_date,
        intakeStatus: r.intake_status,
        intakeStatusAt: r.intake_status_at ? new Date(r.intake_status_at).toISOString() : null,
        intakeStatusDerived: false,
        seedKey: r.seed_key,
        organizationName: r.organization_name,
        underReview: r.under_review,
        arrangement: r.arrangement,
        openingHours: openingHoursFromRows(r.is_24_7, hours.schedules.get(r.id) ?? [], hours.exceptions.get(r.id) ?? []),
      });
    }
    if (ids || rows.length < BATCH) break;
    after = rows[rows.length - 1]!.id;
  }
  return out;
}

/** The services changed after `revision` (null ids: one change touched many), and the revision now. */
export async function selectChangesSince(db: Db, revision: number): Promise<{ revision: number; ids: (string | null)[]; gap: boolean }> {
  const rows = await db
    .selectFrom('catalog_change')
    .select(['revision', 'service_id'])
    .where('revision', '>', revision)
    .orderBy('revision')
    .execute();
  const current = await db.selectFrom('catalog_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
  // A revision with no change row (pruned, or bumped before the log existed) means: reload all.
  const gap = rows.length !== current.revision - revision;
  return { revision: current.revision, ids: rows.map((r) => r.service_id), gap };
}

/** Deletes change-log rows older than `before` (the newest row always stays, so the log's end is known). */
export async function pruneCatalogChanges(db: Db, options: { before: Date }): Promise<{ deleted: number }> {
  const result = await db
    .deleteFrom('catalog_change')
    .where('changed_at', '<', options.before)
    .where('revision', '<', (eb) => eb.selectFrom('catalog_change').select(eb.fn.max('revision').as('m')))
    .executeTakeFirst();
  return { deleted: Number(result.numDeletedRows) };
}
