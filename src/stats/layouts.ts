import { z } from 'zod';

/*
 * The declared layouts of the aggregate tables Veiviser imports: which columns a file must have,
 * what each value column means and which rows it may hold. An import is validated row by row
 * against its layout (import-rules.ts). Layouts are data, checked with zod when this file loads.
 */

/**
 * What a value cell may hold. `count`: a whole number ≥ 0 (persons, households, places).
 * `amount`: a number ≥ 0 (staff-years, bed-days). `change`: any number (a difference).
 * `rate`: ≥ 0 and at most its factor (per 1,000 ≤ 1,000). `percent`: 0–100. `ratio`: ≥ 0.
 * `mean`: within the scale's bounds. `range`: a number or a published range ("2-4").
 * `text`: words, as published. `..` is a cell the source suppressed; empty is not reported.
 */
export const VALUE_KINDS = ['count', 'amount', 'change', 'rate', 'percent', 'ratio', 'mean', 'range', 'text'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const measureId = z.string().regex(/^[a-z0-9_]{1,80}$/);

const valueColumnSchema = z.strictObject({
  /** The column's header in the file. */
  column: z.string().min(1),
  /** The measure the cells are stored under (the layout id is prefixed: `<layout>.<measure>`). */
  measure: measureId,
  kind: z.enum(VALUE_KINDS),
  /** The period of the column's cells, when the column is one period (`rus_2020`) or the file has no period column. */
  period: z.string().min(1).optional(),
  /** For `rate`: per how many (1,000 or 10,000). */
  factor: z.number().int().positive().optional(),
  /** For `mean`: the scale's bounds. */
  scale: z.tuple([z.number(), z.number()]).optional(),
});

const layoutSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,64}$/),
  label: z.string().min(1),
  /** The column naming the row's area: a district, a total or an entity (agency, offer, category). */
  areaColumn: z.string().min(1).nullable(),
  /** `district`: every row is a district or a declared total; `entity`: any named row (agencies, offers). */
  areaKind: z.enum(['district', 'entity']),
  /** Labels of total rows and what they are: `oslo` (the city) or `districts_total` (all districts, no agencies). */
  totals: z.record(z.string(), z.enum(['oslo', 'districts_total'])).default({}),
  /** Entity rows a district layout also accepts (agencies in the staff-year tables), by label. */
  entities: z.array(z.string()).default([]),
  /** The row-type column (`district`, `total`, `entity`), when the file has one; it must agree with the area. */
  rowTypeColumn: z.string().nullable().default(null),
  /** Long format: the column naming the period of each row. */
  periodColumn: z.string().nullable().default(null),
  /** Long format: the column naming the measure of each row (its text → measureKey), the one holding its value, and each measure's kind. */
  long: z
    .strictObject({ measureColumn: z.string(), valueColumn: z.string(), measures: z.record(z.string().min(1), z.enum(VALUE_KINDS)) })
    .nullable()
    .default(null),
  /** Columns whose text distinguishes two statements of the same cell (the narrative's source sections). */
  variantColumn: z.string().nullable().default(null),
  /** Wide format: the value columns. */
  values: z.array(valueColumnSchema).default([]),
  /** Columns a file must have besides the area and value columns (kept as note or ignored). */
  otherColumns: z.array(z.string()).default([]),
  /** A column whose text is kept as each cell's note. */
  noteColumn: z.string().nullable().default(null),
  /** Whether the sum of the districts must equal a total row (checked at computation, as a finding). */
  additive: z.boolean().default(true),
  /**
   * Not imported: the cells are aggregated from Veiviser's own live data when a release is made
   * (src/stats/live.ts). An import naming it is refused.
   */
  live: z.boolean().default(false),
});

export type Layout = z.infer<typeof layoutSchema>;
export type LayoutInput = z.input<typeof layoutSchema>;
export type ValueColumn = z.infer<typeof valueColumnSchema>;

/** Value columns from headers that end in a year (`rus_2020` → measure `rus`, period 2020). */
function byYear(columns: string[], kind: ValueKind, extra: Partial<ValueColumn> = {}): ValueColumn[] {
  return columns.map((column) => {
    const match = /^(.*)_(\d{4})$/.exec(column);
    if (!match) throw new Error(`layout column ${column} does not end in a year`);
    return { column, measure: match[1]!, period: match[2]!, kind, ...extra };
  });
}

/** Value columns of one period, each its own measure. */
function inPeriod(period: string, columns: [string, ValueKind, Partial<ValueColumn>?][]): ValueColumn[] {
  return columns.map(([column, kind, extra]) => ({ column, measure: column, period, kind, ...(extra ?? {}) }));
}

const years = (prefix: string, from: number, to: number, step = 1) => {
  const out: string[] = [];
  for (let y = from; y <= to; y += step) out.push(`${prefix}_${y}`);
  return out;
};

const LAYOUTS_INPUT: LayoutInput[] = [
  {
    id: 'population',
    label: 'Population 18+ and under 18 by district (SSB 01.01.2025, as used in RS2025 Figur 1 and 44)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { 'Totalt Oslo': 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod('2025', [
      ['population_18_plus', 'count'],
      ['population_under_18', 'count'],
    ]),
    otherColumns: ['source', 'note'],
    noteColumn: 'note',
  },
  {
    id: 'key_figures',
    label: 'District key-figure boxes (RS2025 kap. 3)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { 'Totalt Oslo': 'oslo' },
    rowTypeColumn: null,
    values: [
      { column: 'vel_residents_2023', measure: 'vel_residents', period: '2023', kind: 'count' },
      ...inPeriod('2024', [
        ['tsb_unique_patients_outpatient_and_inpatient', 'count'],
        ['tsb_unique_patients_inpatient', 'count'],
        ['lar_patients', 'count'],
        ['prison_admissions', 'count'],
        ['gp_patients', 'count'],
        ['child_welfare_children_reported', 'count'],
      ]),
      { column: 'persons_without_housing_or_suitable_housing_2024', measure: 'persons_without_housing', period: '2024', kind: 'count' },
    ],
    otherColumns: ['note'],
    noteColumn: 'note',
  },
  {
    id: 'narrative',
    label: 'District figures stated in the report text (RS2025, long format)',
    areaColumn: 'district',
    areaKind: 'district',
    periodColumn: 'year',
    variantColumn: 'source_section',
    long: {
      measureColumn: 'measure',
      valueColumn: 'value',
      measures: {
        tsb_unique_patients: 'count',
        lar_patients: 'count',
        gp_patients_substance_diagnosis: 'count',
        gp_consultations_substance_diagnosis: 'count',
        persons_without_suitable_housing: 'count',
        staff_years_adults: 'amount',
        staff_years_adults_per_10000: 'amount',
        staff_years_children_youth: 'amount',
        staff_years_children_per_10000_under_18: 'amount',
        staff_years_adults_per_1000_as_stated: 'amount',
        staff_years_children_per_1000_as_stated: 'amount',
        staff_years_adults_change_2019_2023: 'change',
        staff_years_municipal_adapted_work_schemes: 'amount',
        tsb_unique_patients_change_vs_2023: 'change',
        tsb_patients_fig29_count: 'count',
        tsb_consultations_as_stated: 'count',
        tsb_outpatient_day_consultations: 'count',
        tsb_patients_reported_ready_for_discharge: 'range',
        gp_patients_change_vs_2023: 'change',
        gp_contacts_change_vs_2023: 'change',
        gp_waiting_list_persons: 'count',
        vel_residents: 'count',
        work_oriented_treatment_participants_range: 'range',
        share_of_stays_acute_assessment_referral_percent: 'percent',
        moves_to_own_housing_after_vel_stay: 'count',
        new_municipal_housing_allocations_target_group_change_vs_2022: 'change',
        quality_of_life_respondents: 'count',
      },
    },
    otherColumns: ['unit', 'source_quote', 'note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'district_services',
    label: 'Staffed housing and services being built up, each district’s answer (RS2025 kap. 4, Figur 3, June 2024)',
    areaColumn: 'district',
    areaKind: 'district',
    values: inPeriod('2024', [
      ['staffed_housing_text', 'text'],
      ['services_text', 'text'],
    ]),
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'fig02',
    label: 'Adult staff-years «per 10,000» by district as RS2025 kap. 2 Figur 2 labels them, 2023 (values from the narrative file’s notes)',
    areaColumn: 'district',
    areaKind: 'district',
    rowTypeColumn: 'row_type',
    values: inPeriod('2023', [['staff_years_adults_per_10000_as_labelled', 'rate', { factor: 10000 }]]),
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'fig07',
    label: 'GP list positions, coverage, waiting list and GPs per 1,000 by district, 2023 (RS2025 Figur 7)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Oslo: 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod('2023', [
      ['gp_list_positions', 'count'],
      ['coverage_ratio', 'ratio'],
      ['persons_on_waiting_list', 'count'],
      ['gps_per_1000_residents', 'rate', { factor: 1000 }],
    ]),
  },
  {
    id: 'fig08',
    label: 'Districts’ own assessment of the housing situation, 2023 (RS2025 Figur 8)',
    areaColumn: 'district',
    areaKind: 'district',
    rowTypeColumn: 'row_type',
    values: inPeriod('2023', [
      ['housing_situation_assessment', 'text'],
      ['main_reason', 'text'],
    ]),
    additive: false,
  },
  {
    id: 'fig09',
    label: 'Housing-need survey: households by district, 2020, 2022, 2024 (RS2025 Figur 9)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Totalt: 'oslo' },
    rowTypeColumn: 'row_type',
    values: byYear([...years('rus', 2020, 2024, 2), ...years('rop', 2020, 2024, 2), ...years('total', 2020, 2024, 2)], 'count'),
  },
  {
    id: 'fig10',
    label: 'Households recommended municipal housing by recommended type and district, 2024 (RS2025 Figur 10)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Totalt: 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2024',
      (
        [
          'g1_ordinary_dwelling',
          'g1_ordinary_dwelling_not_fully_owned_municipal_building',
          'g2_ordinary_dwelling_more_accepting_environment',
          'g3_small_house_no_staff_base_screened',
          'g4_cluster_staff_base_partial_staffing_ordinary_environment',
          'g5_cluster_staff_base_partial_staffing_screened_environment',
          'g6_7_cluster_staff_base_24h_staffing_screened_environment',
          'new_group_cluster_staff_base_24h_staffing_ordinary_environment',
          'total',
        ] as const
      ).map((c) => [c, 'count'] as [string, ValueKind]),
    ),
  },
  {
    id: 'fig11',
    label: 'Newly allocated municipal dwellings by district and target group, 2022–2023 (RS2025 Figur 11)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Totalt: 'oslo' },
    entities: ['Ungbo bolig'],
    rowTypeColumn: 'row_type',
    values: byYear(
      [
        ...years('all_target_groups', 2022, 2023),
        ...years('substance_problems', 2022, 2023),
        ...years('substance_and_mental_health', 2022, 2023),
      ],
      'count',
    ),
  },
  {
    id: 'fig12',
    label: 'Boligbygg dwellings by number of rooms and district, 31.12.2024 (RS2025 Figur 12)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Totalt: 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2024',
      (['rooms_1', 'rooms_2', 'rooms_3', 'rooms_4', 'rooms_5', 'rooms_6_plus', 'total'] as const).map(
        (c) => [c, 'count'] as [string, ValueKind],
      ),
    ),
    otherColumns: ['note'],
    noteColumn: 'note',
  },
  ...(['fig13', 'fig14'] as const).map((id): LayoutInput => ({
    id,
    label:
      id === 'fig13'
        ? 'Non-profit work offers without a drug-free requirement: users and volunteers (RS2025 Figur 13; no year stated)'
        : 'Non-profit activity offers with a drug-free requirement: users and volunteers (RS2025 Figur 14; no year stated)',
    areaColumn: 'organisation_offer',
    areaKind: 'entity',
    rowTypeColumn: 'row_type',
    values: inPeriod('unspecified', [
      ['unique_users', 'count'],
      ['unique_users_oslo', 'count'],
      ['volunteers', 'count'],
    ]),
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  })),
  {
    id: 'fig19',
    label: 'Share of stays by VEL institution category and district, 2024, percent (RS2025 Figur 19)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { 'Alle bydeler': 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2024',
      (
        [
          'acute_assessment_referral_percent',
          'short_term_drug_free_percent',
          'coping_units_percent',
          'care_active_use_percent',
          'care_drug_free_percent',
          'resource_centres_percent',
          'reinforced_housing_and_treatment_percent',
          'institution_not_stated_percent',
        ] as const
      ).map((c) => [c, 'percent'] as [string, ValueKind]),
    ),
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'fig36',
    label: 'Field nursing: consultations and patients, 2019–2024 (RS2025 Figur 36)',
    areaColumn: 'service',
    areaKind: 'entity',
    totals: { Samlet: 'oslo' },
    rowTypeColumn: 'row_type',
    periodColumn: 'year',
    values: [
      { column: 'consultations', measure: 'consultations', kind: 'count' },
      { column: 'patients', measure: 'patients', kind: 'count' },
    ],
    otherColumns: ['note'],
    noteColumn: 'note',
  },
  {
    id: 'fig40',
    label: 'Central drop-in centres: estimated unique users, 2023 (RS2025 Figur 40)',
    areaColumn: 'organisation_offer',
    areaKind: 'entity',
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2023',
      (['unique_users_min', 'unique_users_max', 'unique_users_oslo_min', 'unique_users_oslo_max'] as const).map(
        (c) => [c, 'count'] as [string, ValueKind],
      ),
    ),
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'fig47',
    label: 'Barnevernvakten: cases about the child’s or the parents’ substance use, 2021–2024 (RS2025 kap. 14.3)',
    areaColumn: 'case_category',
    areaKind: 'entity',
    rowTypeColumn: 'row_type',
    values: byYear(years('cases', 2021, 2024), 'count'),
    additive: false,
  },
  {
    id: 'fig49',
    label: 'Ungdom og rus (legevakten): contacts by age group, 2019–2023 (RS2025 Figur 49)',
    areaColumn: 'age_group',
    areaKind: 'entity',
    totals: { Totalt: 'oslo' },
    rowTypeColumn: 'row_type',
    values: byYear(years('contacts', 2019, 2023), 'count'),
  },
  {
    id: 'fig50',
    label: 'Drug-offence reports with suspects aged 10–17, 2019–2023 (RS2025 Figur 50)',
    areaColumn: 'measure',
    areaKind: 'entity',
    totals: { 'Antall anmeldelser': 'oslo' },
    rowTypeColumn: 'row_type',
    values: byYear(years('reports', 2019, 2023), 'count'),
    additive: false,
  },
  {
    id: 'fig51',
    label: 'Self-assessed user involvement by district and agency, 2023 (RS2025 Figur 51)',
    areaColumn: 'district_or_agency',
    areaKind: 'district',
    entities: ['Velferdsetaten', 'Helseetaten'],
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2023',
      (
        [
          'individual_level_service_development',
          'system_level_service_development',
          'systematic_cooperation_local_user_carer_orgs',
          'systematic_cooperation_central_user_carer_orgs',
          'uses_feedback_tool',
        ] as const
      ).map((c) => [c, 'text'] as [string, ValueKind]),
    ),
    additive: false,
  },
  {
    id: 'fig53',
    label: 'Quality of life, mean score 1–7, by district, 2021–2024 (RS2025 Figur 53)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { 'Totalt Oslo': 'oslo' },
    rowTypeColumn: 'row_type',
    values: byYear(years('mean_score', 2021, 2024), 'mean', { scale: [1, 7] }),
    additive: false,
  },
  {
    id: 'fig55',
    label: 'Quality of life in municipal institutions by category, 2023 (RS2025 Figur 55)',
    areaColumn: 'institution_category',
    areaKind: 'entity',
    totals: { 'Kommunale rusinstitusjoner': 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod('2023', [
      ['mean_score_1_5', 'mean', { scale: [1, 5] }],
      ['measurements_conducted', 'count'],
      ['measurements_answered', 'count'],
      ['places', 'count'],
    ]),
    otherColumns: ['note'],
    noteColumn: 'note',
  },
  {
    id: 'fig57',
    label: 'Quality of life in non-profit institutions by category, 2023 (RS2025 Figur 57)',
    areaColumn: 'institution_category',
    areaKind: 'entity',
    totals: { 'Ideelle rusinstitusjoner': 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod('2023', [
      ['mean_score_1_5', 'mean', { scale: [1, 5] }],
      ['measurements_conducted', 'count'],
      ['places', 'count'],
    ]),
  },
  ...(['fig59', 'fig62'] as const).map((id): LayoutInput => ({
    id,
    label:
      id === 'fig59'
        ? 'Adult staff-years in rus og psykisk helse by district, VEL and HEL, 2019–2023 (RS2025 Figur 59)'
        : 'Children/youth staff-years in rus og psykisk helse by district and HEL, 2019–2023 (RS2025 Figur 62)',
    areaColumn: 'district_or_agency',
    areaKind: 'district',
    totals: { 'Totalt bydel': 'districts_total', 'Totalt Oslo': 'oslo' },
    entities: id === 'fig59' ? ['Velferdsetaten', 'Helseetaten'] : ['HEL'],
    rowTypeColumn: 'row_type',
    values: byYear(years('staff_years', 2019, 2023), 'amount'),
  })),
  {
    id: 'fig61',
    label: 'Adult staff-years per 10,000 by category and district, 2023 (RS2025 Figur 61)',
    areaColumn: 'district',
    areaKind: 'district',
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2023',
      (
        [
          'housing_with_permanent_staff',
          'home_services_ambulant_services',
          'treatment_followup_rehabilitation',
          'activities_day_centre',
          'other_activities_culture_leisure',
          'municipal_adapted_work_schemes',
        ] as const
      ).map((c) => [c, 'rate', { factor: 10000 }] as [string, ValueKind, Partial<ValueColumn>]),
    ),
    additive: false,
  },
  {
    id: 'fig64',
    label: 'Children/youth staff-years per 10,000 under-18s by category and district, 2023 (RS2025 Figur 64)',
    areaColumn: 'district',
    areaKind: 'district',
    totals: { Oslo: 'oslo' },
    rowTypeColumn: 'row_type',
    values: inPeriod(
      '2023',
      (['health_station_school_health_service', 'treatment_followup_rehabilitation', 'activities_culture_leisure'] as const).map(
        (c) => [c, 'rate', { factor: 10000 }] as [string, ValueKind, Partial<ValueColumn>],
      ),
    ),
    additive: false,
  },
  {
    id: 'ch13',
    label: 'Drug court programme (ND) key figures, 2023–2024 (RS2025 kap. 13)',
    areaColumn: null,
    areaKind: 'entity',
    periodColumn: 'year',
    long: {
      measureColumn: 'measure',
      valueColumn: 'value',
      measures: {
        'Nye ND-dommer iverksatt': 'count',
        'Aktive ND-dommer (uavhengig av oppstartsår)': 'count',
        'Domfelte som har gjennomført ND uavhengig av lengde i programmet': 'count',
        'Domfelte i arbeid/arbeidstiltak per tertial': 'count',
        'Domfelte i opplæringstilbud': 'count',
        'Samarbeidsmøter/ansvarsgruppemøte med domfelt': 'count',
        'Domfelte i egen bolig (leid privat/offentlig eller eid)': 'count',
        'Domfelte med kommunale tjenester': 'count',
      },
    },
    otherColumns: ['source_quote'],
    additive: false,
  },
  {
    id: 'institution_places',
    label: 'Institution places, capacity and occupancy, one stated fact per row (RS2025 kap. 4, 6.5, 8.5, 11.5, 15.3; NOTAT kap. 4)',
    areaColumn: 'entity',
    areaKind: 'entity',
    periodColumn: 'as_of_or_period',
    variantColumn: 'source_section',
    long: {
      measureColumn: 'measure',
      valueColumn: 'value',
      measures: {
        places: 'count',
        dwellings: 'count',
        places_closed: 'count',
        occupancy_percent: 'percent',
        places_reduction: 'count',
        places_target: 'count',
        places_ending: 'count',
        share_of_places_percent: 'percent',
        possible_bed_days_over: 'count',
        possible_bed_days_approx: 'count',
        used_bed_days_approx: 'count',
        unused_bed_days_over: 'count',
        occupied_places: 'count',
        places_also_covering_co_occurring_substance_use_approx: 'count',
        planned_staffed_housing_sites: 'count',
      },
    },
    otherColumns: ['entity_type', 'provider', 'service_category', 'unit', 'change', 'source_document', 'source_quote', 'note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'vel_stays',
    label: 'VEL institution stays beyond the normed length, by service category (no published table yet: imported when VEL extracts it)',
    areaColumn: 'service_category',
    areaKind: 'entity',
    periodColumn: 'year',
    values: [{ column: 'stays_over_normed_length', measure: 'stays_over_normed_length', kind: 'count' }],
    otherColumns: ['note'],
    noteColumn: 'note',
    additive: false,
  },
  {
    id: 'intake_live',
    label:
      'Veiviser intake, live: stays, admissions, discharges, immediate discharges, quality of life, discharge-ready notices (not imported)',
    areaColumn: 'district',
    areaKind: 'district',
    periodColumn: 'year',
    values: [
      ['admissions', 'count'],
      ['persons_admitted', 'count'],
      ['persons_10_plus_admissions', 'count'],
      ['discharges', 'count'],
      ['discharges_own_home', 'count'],
      ['stays_over_normed_length', 'count'],
      ['immediate_discharges', 'count'],
      ['quality_of_life_answers', 'count'],
      ['quality_of_life_mean', 'mean', { scale: [1, 7] as [number, number] }],
      ['discharge_ready_notices', 'count'],
      ['discharge_ready_days_waiting', 'amount'],
    ].map(([column, kind, extra]) => ({
      column: column as string,
      measure: column as string,
      kind: kind as ValueKind,
      ...(extra as object),
    })),
    // Oslo includes persons with no district (registered at a unit), so the districts need not add up to it.
    additive: false,
    live: true,
  },
];

/** Measure ids of a long layout: the measure column's text, made an id (ch13's measures are sentences). */
export function measureKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .replace(/å/gi, 'a')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 80);
}

/** Every layout, validated when the module loads (a broken declaration stops the start). */
export const LAYOUTS: readonly Layout[] = LAYOUTS_INPUT.map((layout) => layoutSchema.parse(layout));

const byId = new Map(LAYOUTS.map((l) => [l.id, l]));

/** The layout with this id, if any. */
export function layoutById(id: string): Layout | undefined {
  return byId.get(id);
}
