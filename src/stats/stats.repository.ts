import type { Db } from '../platform/db.ts';
import type { StoredObservation } from './compute.ts';
import type { LiveRow } from './live.ts';
import type { Registration } from './linkage/unique-persons.ts';
import type { Observation } from './import-rules.ts';
import type { ImportProvenance } from './stats.schemas.ts';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { StatsImportTable, StatsReleaseIndicatorTable, StatsReleaseTable } from './stats.table.ts';

type ImportRow = Selectable<StatsImportTable>;

/** An import row as the contract names it. */
export function importRowToProvenance(row: ImportRow): ImportProvenance {
  return {
    id: Number(row.id),
    layoutId: row.layout_id,
    source: row.source,
    sourceSystem: row.source_system,
    extractionDate: row.extraction_date,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    importedAt: row.imported_at.toISOString(),
  };
}

export async function insertImport(db: Db, row: Insertable<StatsImportTable>): Promise<ImportRow> {
  return db.insertInto('stats_import').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A cell's columns, as stats_observation and a release's copy of its inputs store them. */
function observationColumns(o: Observation) {
  return {
    measure: o.measure,
    area: o.area,
    area_label: o.areaLabel,
    period: o.period,
    variant: o.variant,
    value: o.value,
    status: o.status,
    value_text: o.valueText,
    missing_reason: o.missingReason,
    note: o.note,
    row_number: o.rowNumber,
  };
}

/** Stores an import's cells in batches (one statement per 500 cells). */
export async function insertObservations(db: Db, importId: number, observations: readonly Observation[]): Promise<void> {
  for (let i = 0; i < observations.length; i += 500) {
    await db
      .insertInto('stats_observation')
      .values(observations.slice(i, i + 500).map((o) => ({ import_id: importId, ...observationColumns(o) })))
      .execute();
  }
}

export async function seedImportExists(db: Db, layoutId: string, sha256: string): Promise<boolean> {
  const row = await db
    .selectFrom('stats_import')
    .select('id')
    .where('layout_id', '=', layoutId)
    .where('file_sha256', '=', sha256)
    .where('seed', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The current cells of these measures: for each measure, area, period and statement, the one of
 * the latest import that has it (a later import of a table replaces the cells it holds).
 */
export async function currentObservations(db: Db, measures: readonly string[]): Promise<StoredObservation[]> {
  if (measures.length === 0) return [];
  const rows = await db
    .selectFrom('stats_observation')
    .selectAll()
    .distinctOn(['measure', 'area', 'period', 'variant'])
    .where('measure', 'in', [...measures])
    .orderBy('measure')
    .orderBy('area')
    .orderBy('period')
    .orderBy('variant')
    .orderBy('import_id', 'desc')
    .execute();
  return rows
    .sort((a, b) => a.row_number - b.row_number || Number(a.id) - Number(b.id))
    .map((r) => ({
      importId: Number(r.import_id),
      measure: r.measure,
      area: r.area,
      areaLabel: r.area_label,
      period: r.period,
      variant: r.variant,
      value: r.value === null ? null : String(r.value),
      status: r.status,
      valueText: r.value_text,
      missingReason: r.missing_reason,
      note: r.note,
      rowNumber: r.row_number,
    }));
}

export async function importsByIds(db: Db, ids: readonly number[]): Promise<ImportRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('stats_import')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

export async function listImportRows(db: Db, limit: number): Promise<ImportRow[]> {
  return db.selectFrom('stats_import').selectAll().orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

type ReleaseRow = Selectable<StatsReleaseTable>;
type ReleaseIndicatorRow = Selectable<StatsReleaseIndicatorTable>;

/**
 * Serialises releases: the caller's transaction holds this lock until it ends, so two releases
 * made at once do not interleave (the second sees the first when it gets the lock).
 */
export async function lockReleases(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('stats_release', 0))`.execute(trx);
}

export async function latestReleaseRow(db: Db): Promise<ReleaseRow | undefined> {
  return db.selectFrom('stats_release').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function releaseRowById(db: Db, id: number): Promise<ReleaseRow | undefined> {
  return db.selectFrom('stats_release').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listReleaseRows(db: Db, limit: number): Promise<ReleaseRow[]> {
  return db.selectFrom('stats_release').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** The release made just before this one (null for the first). */
export async function previousReleaseRow(db: Db, id: number): Promise<ReleaseRow | undefined> {
  return db.selectFrom('stats_release').selectAll().where('id', '<', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function releaseIndicatorRow(db: Db, releaseId: number, indicatorId: string): Promise<ReleaseIndicatorRow | undefined> {
  return db
    .selectFrom('stats_release_indicator')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
}

export async function releaseIndicatorRows(db: Db, releaseId: number): Promise<ReleaseIndicatorRow[]> {
  return db.selectFrom('stats_release_indicator').selectAll().where('release_id', '=', releaseId).orderBy('indicator_id').execute();
}

export async function releaseIndicatorIds(db: Db, releaseId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('stats_release_indicator')
    .select('indicator_id')
    .where('release_id', '=', releaseId)
    .orderBy('indicator_id')
    .execute();
  return rows.map((r) => r.indicator_id);
}

/** The imported cells a release was computed from, as it copied them. */
export async function releaseInputs(db: Db, releaseId: number): Promise<StoredObservation[]> {
  const rows = await db
    .selectFrom('stats_release_input')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('row_number')
    .orderBy('measure')
    .orderBy('area')
    .execute();
  return rows.map((r) => ({
    importId: r.import_id === null ? null : Number(r.import_id),
    measure: r.measure,
    area: r.area,
    areaLabel: r.area_label,
    period: r.period,
    variant: r.variant,
    value: r.value === null ? null : String(r.value),
    status: r.status,
    valueText: r.value_text,
    missingReason: r.missing_reason,
    note: r.note,
    rowNumber: r.row_number,
  }));
}

/** Stores a release, its indicators and its inputs in the caller's transaction. */
export async function insertRelease(
  trx: Db,
  release: Insertable<StatsReleaseTable>,
  indicators: Omit<Insertable<StatsReleaseIndicatorTable>, 'release_id'>[],
  inputs: readonly StoredObservation[],
): Promise<ReleaseRow> {
  const row = await trx.insertInto('stats_release').values(release).returningAll().executeTakeFirstOrThrow();
  const releaseId = Number(row.id);
  for (let i = 0; i < indicators.length; i += 50) {
    await trx
      .insertInto('stats_release_indicator')
      .values(indicators.slice(i, i + 50).map((ind) => ({ ...ind, release_id: releaseId })))
      .execute();
  }
  for (let i = 0; i < inputs.length; i += 500) {
    await trx
      .insertInto('stats_release_input')
      .values(inputs.slice(i, i + 500).map((o) => ({ release_id: releaseId, import_id: o.importId, ...observationColumns(o) })))
      .execute();
  }
  return row;
}

/** The Oslo year of a timestamp, as text. */
const osloYear = (column: string) => sql.raw(`extract(year from ${column} at time zone 'Europe/Oslo')::int::text`);

type Aggregate = { area: string | null; year: string } & Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Veiviser's live data aggregated per district and year (read-only; only counts leave): stays by
 * the year of admission and of discharge, immediate discharges (incidents), quality-of-life
 * answers asked in a district, and discharge-ready notices. A person's district is the one the
 * person register holds now; a person with none counts in Oslo only.
 */
export async function liveIntakeRows(db: Db): Promise<LiveRow[]> {
  const admitted = await sql<Aggregate>`
    select p.district as area, ${osloYear('s.admitted_at')} as year,
           count(*) as admissions, count(distinct s.person_id) as persons_admitted
      from intake_stay s join person p on p.id = s.person_id
     group by 1, 2`.execute(db);
  const frequent = await sql<Aggregate>`
    select area, year, count(*) as persons_10_plus_admissions from (
      select p.district as area, ${osloYear('s.admitted_at')} as year, s.person_id
        from intake_stay s join person p on p.id = s.person_id
       group by 1, 2, 3 having count(*) >= 10) persons
     group by 1, 2`.execute(db);
  const discharged = await sql<Aggregate>`
    select p.district as area, ${osloYear('s.discharged_at')} as year, count(*) as discharges,
           count(*) filter (where s.destination = 'own_home') as discharges_own_home,
           count(*) filter (where u.normed_stay_days is not null
                              and s.discharged_at - s.admitted_at > make_interval(days => u.normed_stay_days)) as stays_over_normed_length
      from intake_stay s join person p on p.id = s.person_id join intake_unit u on u.id = s.unit_id
     where s.discharged_at is not null
     group by 1, 2`.execute(db);
  const incidents = await sql<Aggregate>`
    select p.district as area, ${osloYear('i.occurred_at')} as year, count(*) as immediate_discharges
      from intake_incident i join person p on p.id = i.person_id
     group by 1, 2`.execute(db);
  const quality = await sql<Aggregate>`
    select q.district as area, extract(year from q.answered_on)::int::text as year,
           count(*) filter (where not q.declined) as answers, coalesce(sum(q.score), 0) as score_sum
      from intake_quality_of_life q
     where q.setting = 'district'
     group by 1, 2`.execute(db);
  const ready = await sql<Aggregate>`
    select d.district as area, ${osloYear('d.ready_at')} as year, count(*) as notices,
           count(*) filter (where d.receive_on is not null) as answered,
           coalesce(sum(d.receive_on - (d.ready_at at time zone 'Europe/Oslo')::date) filter (where d.receive_on is not null), 0) as days
      from discharge_ready d
     group by 1, 2`.execute(db);
  return [
    ...admitted.rows.map((r) => ({
      area: r.area,
      year: r.year,
      counts: { admissions: n(r.admissions), persons_admitted: n(r.persons_admitted) },
    })),
    ...frequent.rows.map((r) => ({ area: r.area, year: r.year, counts: { persons_10_plus_admissions: n(r.persons_10_plus_admissions) } })),
    ...discharged.rows.map((r) => ({
      area: r.area,
      year: r.year,
      counts: {
        discharges: n(r.discharges),
        discharges_own_home: n(r.discharges_own_home),
        stays_over_normed_length: n(r.stays_over_normed_length),
      },
    })),
    ...incidents.rows.map((r) => ({ area: r.area, year: r.year, counts: { immediate_discharges: n(r.immediate_discharges) } })),
    ...quality.rows.map((r) => ({
      area: r.area,
      year: r.year,
      counts: { quality_of_life_answers: n(r.answers) },
      qualityOfLifeSum: n(r.score_sum),
    })),
    ...ready.rows.map((r) => ({
      area: r.area,
      year: r.year,
      counts: { discharge_ready_notices: n(r.notices) },
      daysWaiting: { sum: n(r.days), notices: n(r.answered) },
    })),
  ];
}

/**
 * Person-level registrations for linkage, by the keyed pseudonym only (never a name or national
 * ID): each person once per source and year — a stay in an institution (intake), a
 * discharge-ready notice from a hospital, a quality-of-life answer asked in a district.
 */
export async function linkageRegistrations(db: Db): Promise<Registration[]> {
  const rows = await sql<Registration>`
    select distinct p.pseudonym as person, 'institution_stay' as source, ${osloYear('s.admitted_at')} as period
      from intake_stay s join person p on p.id = s.person_id
    union
    select distinct p.pseudonym, 'discharge_ready', ${osloYear('d.ready_at')}
      from discharge_ready d join person p on p.id = d.person_id
    union
    select distinct p.pseudonym, 'quality_of_life', extract(year from q.answered_on)::int::text
      from intake_quality_of_life q join person p on p.id = q.person_id
     where q.setting = 'district'
    order by 3, 2, 1`.execute(db);
  return rows.rows;
}
