import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/db.ts';
import type { openNowParameters } from './opening-hours.ts';

export type SearchFilters = {
  district?: string | undefined;
  kinds?: string[] | undefined;
  steps?: number[] | undefined;
  age?: number | undefined;
  targetGroups?: string[] | undefined;
  dropIn?: boolean | undefined;
  noDrugFreeRequirement?: boolean | undefined;
  openNow?: ReturnType<typeof openNowParameters> | undefined;
  evenings?: boolean | undefined;
  weekends?: boolean | undefined;
  open24_7?: boolean | undefined;
  includeClosed?: boolean | undefined;
  organizationId?: string | undefined;
  modifiedAfter?: Date | undefined;
  serviceIds?: string[] | undefined;
  /**
   * Only offers a citizen can use: leaves out agreements, contracts, projects and arrangements
   * between agencies (service.arrangement). Every public listing sets it; the staff catalog does not.
   */
  offersOnly?: boolean | undefined;
  /** Only entries whose opening hours are not given (not 24/7, no weekly rule): "how many does a time filter leave out". */
  hoursUnknown?: boolean | undefined;
  postalCode?: string | undefined;
  withLocation?: boolean | undefined;
  /** An HSDS taxonomy filter: services that carry the term (or any term of the taxonomy when code is null). */
  taxonomy?: { taxonomy: string; code: string | null } | undefined;
};

/** SQL for "the service carries this taxonomy term", mirroring hsds.serviceTerms. */
function taxonomyCondition(t: { taxonomy: string; code: string | null }): RawBuilder<unknown> {
  const { code } = t;
  switch (t.taxonomy) {
    case 'veiviser-service-kind':
      return code ? sql`s.kind = ${code}` : sql`true`;
    case 'veiviser-ladder-step':
      return code ? sql`s.ladder_step = ${Number(code)}` : sql`s.ladder_step is not null`;
    case 'veiviser-target-group':
      return code ? sql`${code} = any(s.target_groups)` : sql`cardinality(s.target_groups) > 0`;
    case 'veiviser-hovedforlop':
      return code ? sql`${Number(code)}::smallint = any(s.hovedforlop)` : sql`cardinality(s.hovedforlop) > 0`;
    case 'veiviser-access':
      return code ? sql`s.access = ${code}` : sql`s.access is not null`;
    case 'veiviser-flag':
      if (code === 'requires_drug_free') return sql`s.requires_drug_free is not null`;
      if (code === 'anonymous') return sql`s.anonymous is not null`;
      if (code === 'open_24_7') return sql`s.is_24_7`;
      return sql`(s.requires_drug_free is not null or s.anonymous is not null or s.is_24_7)`;
    default:
      return sql`false`;
  }
}

export type SearchRow = { id: string; rank: number };

/** One page of matches and how many match in all. */
export type SearchIdsPage = { rows: SearchRow[]; total: number };

const tsq = (query: string) => sql`to_tsquery('norwegian', ${query})`;

/** SQL form of opening-hours.isOpenAt; the two are tested against each other. */
export function openNowCondition(p: ReturnType<typeof openNowParameters>): RawBuilder<boolean> {
  const exceptionToday = sql`exists (select 1 from schedule_exception e where e.service_id = s.id and e.date = ${p.today}::date)`;
  const exceptionYesterday = sql`exists (select 1 from schedule_exception e where e.service_id = s.id and e.date = ${p.yesterday}::date)`;
  const now = sql`${p.time}::time`;
  return sql<boolean>`(
    s.is_24_7
    or exists (select 1 from schedule_exception e where e.service_id = s.id and e.date = ${p.today}::date and not e.closed
               and e.opens_at <= ${now} and (e.closes_at > ${now} or e.closes_at <= e.opens_at))
    or exists (select 1 from schedule_exception e where e.service_id = s.id and e.date = ${p.yesterday}::date and not e.closed
               and e.closes_at <= e.opens_at and ${now} < e.closes_at)
    or (not ${exceptionToday} and exists (
          select 1 from schedule r where r.service_id = s.id and r.byday = ${p.todayWeekday}
            and (r.valid_from is null or r.valid_from <= ${p.today}::date) and (r.valid_to is null or ${p.today}::date <= r.valid_to)
            and not (${p.todayHoliday} and r.closed_on_public_holidays)
            and r.opens_at <= ${now} and (r.closes_at > ${now} or r.closes_at <= r.opens_at)))
    or (not ${exceptionYesterday} and exists (
          select 1 from schedule r where r.service_id = s.id and r.byday = ${p.yesterdayWeekday}
            and (r.valid_from is null or r.valid_from <= ${p.yesterday}::date)
            and (r.valid_to is null or ${p.yesterday}::date <= r.valid_to)
            and not (${p.yesterdayHoliday} and r.closed_on_public_holidays)
            and r.closes_at <= r.opens_at and ${now} < r.closes_at))
  )`;
}

function filterConditions(f: SearchFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (!f.includeClosed) where.push(sql`s.status <> 'closed'`);
  if (f.district) where.push(sql`(s.city_wide or ${f.district} = any(s.districts))`);
  if (f.kinds?.length) where.push(sql`s.kind = any(${f.kinds}::text[])`);
  if (f.steps?.length) where.push(sql`s.ladder_step = any(${f.steps}::smallint[])`);
  if (f.age !== undefined) where.push(sql`(s.min_age is null or s.min_age <= ${f.age}) and (s.max_age is null or s.max_age >= ${f.age})`);
  if (f.targetGroups?.length) where.push(sql`s.target_groups && ${f.targetGroups}::text[]`);
  if (f.dropIn) where.push(sql`s.access = 'drop_in'`);
  if (f.noDrugFreeRequirement) where.push(sql`s.requires_drug_free = false`);
  if (f.open24_7) where.push(sql`s.is_24_7`);
  if (f.evenings) where.push(sql`s.has_evening_hours`);
  if (f.weekends) where.push(sql`s.has_weekend_hours`);
  if (f.openNow) where.push(openNowCondition(f.openNow));
  if (f.organizationId) where.push(sql`s.organization_id = ${f.organizationId}`);
  if (f.modifiedAfter) where.push(sql`s.updated_at >= ${f.modifiedAfter}`);
  if (f.serviceIds) where.push(sql`s.id = any(${f.serviceIds}::uuid[])`);
  if (f.offersOnly) where.push(sql`s.arrangement is null`);
  if (f.hoursUnknown) where.push(sql`not s.is_24_7 and not exists (select 1 from schedule r where r.service_id = s.id)`);
  if (f.taxonomy) where.push(taxonomyCondition(f.taxonomy));
  if (f.withLocation) where.push(sql`exists (select 1 from service_at_location sal where sal.service_id = s.id)`);
  if (f.postalCode) {
    where.push(
      sql`exists (select 1 from service_at_location sal join location l on l.id = sal.location_id
        where sal.service_id = s.id and l.postal_code = ${f.postalCode})`,
    );
  }
  return where;
}

/**
 * How many of the best matches by the cheap rank get the full rank. Ranking every match exactly
 * costs ~15 µs a row, too much when a broad word matches tens of thousands of services; the cheap
 * rank (ts_rank of the query's operands joined by OR, TextQuery.coarse) orders by the same field
 * weights, so the best matches are among its top few hundred, and the full rank (cover density
 * plus name similarity) orders those.
 */
export const RERANK_POOL = 200;

const WEIGHTS = sql`'{0.1, 0.2, 0.4, 1.0}'`;

/** A local offer outside the searcher's district ranks below the whole city's and the district's own. */
export const OTHER_DISTRICT_FACTOR = 0.8;

/**
 * A youth service (kind youth) ranks below others for a search that says nothing of children or
 * young people (no such word, no young age, no youth filter): a father's drinking or a doctor for
 * adults is not a teenager's emergency service. It is only reordered, never left out.
 */
export const OTHER_AUDIENCE_FACTOR = 0.8;

export type TextQuery = {
  /** The whole query: every term (all) or any term (any). */
  tsquery: string;
  /** Its operands joined by OR (toCoarseTsquery): the cheap rank's query. */
  coarse: string;
  /** One tsquery per query term and its weight: how much of the query a service matches (coverage). */
  terms: { tsquery: string; weight: number }[];
  /** The query's own words (no synonyms, concepts or fixes), any of them: matching them counts extra. */
  ownWords?: string | undefined;
  /** The query as typed: a service whose name or alias is exactly this comes first. */
  rawQuery: string;
  /** The searcher's district: its local offers rank with the city-wide ones. */
  district?: string | undefined;
  /** The search is about children or young people: youth services are not damped (OTHER_AUDIENCE_FACTOR). */
  youth: boolean;
};

/**
 * One page of matching service ids with relevance, and the total count. With a text query: an
 * exact name or alias first; then by coverage (the matched terms, each weighted by how rare it is
 * among the matches, so the words that say what is wanted count more than the common ones); then
 * by weighted full-text rank plus name similarity (the query's own words count extra over what
 * they were expanded to), a city-wide or the searcher's own district's
 * offer before another district's local one. Without one (and between equal ranks), by name in
 * Norwegian alphabetical order.
 */
export async function searchServiceIds(
  db: Db,
  options: { text: TextQuery | null; filters: SearchFilters; limit: number; offset: number },
): Promise<SearchIdsPage> {
  const where = filterConditions(options.filters);
  const { text } = options;
  if (text) where.push(sql`s.search_vector @@ ${tsq(text.tsquery)}`);
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  let result;
  if (text) {
    const terms = text.terms.length ? text.terms : [{ tsquery: text.tsquery, weight: 1 }];
    const matched = terms.map((t, i) => sql`(s.search_vector @@ ${tsq(t.tsquery)})::int as ${sql.ref(`m${i}`)}`);
    // A term's weight: its own (context terms less) times ln(1 + matches / matches of the term), rarer terms weigh more.
    const coverage = sql.join(
      terms.map((t, i) => {
        const m = sql.ref(`m${i}`);
        return sql`${m} * ${sql.lit(t.weight)} * ln(1 + (count(*) over ())::float8 / greatest(1, sum(${m}) over ()))`;
      }),
      sql` + `,
    );
    const home = text.district
      ? sql`(s.city_wide or ${text.district} = any(s.districts))`
      : sql`(s.city_wide or cardinality(s.districts) = 0)`;
    const raw = text.rawQuery.trim().toLowerCase();
    // "scored" is materialized so the count and the sort handle narrow rows, not whole vectors.
    result = await sql<SearchRow & { total: number }>`
      with scored as materialized (
        select s.id, s.name, ts_rank(${WEIGHTS}, s.search_vector, ${tsq(text.coarse)}, 32) as coarse, ${sql.join(matched)}
        from service s
        ${whereSql}),
      covered as (
        select id, name, coarse, round((${coverage})::numeric, 6) as coverage, count(*) over () as total
        from scored),
      candidates as (
        select id, coverage, total
        from covered
        order by coverage desc, coarse desc, name, id
        limit ${Math.max(RERANK_POOL, options.offset + options.limit)})
      select s.id, c.total::int as total,
        (lower(s.name) = ${raw} or exists (select 1 from unnest(s.alternate_names) a where lower(a) = ${raw})) as exact,
        c.coverage,
        ((ts_rank_cd(${WEIGHTS}, s.search_vector, ${tsq(text.tsquery)}, 32) + 0.3 * word_similarity(${text.rawQuery}, s.name)
          + ${text.ownWords ? sql`0.5 * ts_rank_cd(${WEIGHTS}, s.search_vector, ${tsq(text.ownWords)}, 32)` : sql`0`})
          * case when ${home} then 1.0 else ${sql.lit(OTHER_DISTRICT_FACTOR)} end
          * case when ${sql.lit(text.youth)} or s.kind is distinct from 'youth' then 1.0
            else ${sql.lit(OTHER_AUDIENCE_FACTOR)} end)::float8 as rank
      from candidates c join service s on s.id = c.id
      order by exact desc, coverage desc, rank desc, veiviser_sort_key(s.name), s.name, s.id
      limit ${options.limit} offset ${options.offset}`.execute(db);
  } else {
    result = await sql<SearchRow & { total: number }>`
      select s.id, 0::float8 as rank, count(*) over ()::int as total
      from service s
      ${whereSql}
      order by veiviser_sort_key(s.name), s.name, s.id
      limit ${options.limit} offset ${options.offset}`.execute(db);
  }
  const rows = result.rows.map(({ id, rank }) => ({ id, rank }));
  const first = result.rows[0];
  if (first) return { rows, total: first.total };
  // A page past the last has no rows to carry the window count: count on their own.
  if (options.offset === 0) return { rows, total: 0 };
  const count = await sql<{ total: number }>`select count(*)::int as total from service s ${whereSql}`.execute(db);
  return { rows, total: count.rows[0]?.total ?? 0 };
}

/** For each service, which of the tsqueries match its whole text, and which match its name. */
export async function matchVariants(
  db: Db,
  serviceIds: string[],
  tsqueries: string[],
): Promise<Map<string, { inText: boolean[]; inName: boolean[] }>> {
  const out = new Map<string, { inText: boolean[]; inName: boolean[] }>();
  if (serviceIds.length === 0 || tsqueries.length === 0) return out;
  const result = await sql<{ id: string; in_text: boolean[]; in_name: boolean[] }>`
    select s.id,
      array(select s.search_vector @@ to_tsquery('norwegian', q)
        from unnest(${tsqueries}::text[]) with ordinality as t(q, n) order by n) as in_text,
      array(select to_tsvector('norwegian', s.name || ' ' || array_to_string(s.alternate_names, ' ')) @@ to_tsquery('norwegian', q)
            from unnest(${tsqueries}::text[]) with ordinality as t(q, n) order by n) as in_name
    from service s where s.id = any(${serviceIds}::uuid[])`.execute(db);
  for (const row of result.rows) out.set(row.id, { inText: row.in_text, inName: row.in_name });
  return out;
}

/**
 * The next `limit` matching service ids after `after`, in id order: keyset pagination, so walking
 * the whole catalog costs one index range scan a batch, whatever its size.
 */
export async function selectServiceIdsAfter(
  db: Db,
  options: { filters: SearchFilters; after: string | null; limit: number },
): Promise<string[]> {
  const where = filterConditions(options.filters);
  if (options.after) where.push(sql`s.id > ${options.after}::uuid`);
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const result = await sql<{ id: string }>`select s.id from service s ${whereSql} order by s.id limit ${options.limit}`.execute(db);
  return result.rows.map((r) => r.id);
}
