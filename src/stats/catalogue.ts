import { z } from 'zod';
import { INDICATOR_FACTORS, DENOMINATORS, PERIOD_TYPES, type IndicatorDefinition } from './stats.schemas.ts';
import { LAYOUTS, measureKey, type Layout, type ValueKind } from './layouts.ts';

/*
 * The statistics catalogue: every indicator Veiviser publishes, as data. The named indicators of
 * the city's report come first; then one indicator per measure of every imported table (so every
 * published number has a definition). Validated with zod when this file loads; docs/statistics.md
 * is generated from it (`npm run docs:statistics`, a test keeps them equal).
 */

type Text = { nb: string; en: string };
const t = (nb: string, en: string): Text => ({ nb, en });

const RS2025 = 'RS2025 = «Helhetlig russtatistikk, vår 2025», Velferdsetaten, Oslo kommune (mai 2025)';
const POP_18 = 'Befolkning 18 år og over, SSB 01.01.2025 (RS2025 Figur 1)';
const POP_U18 = 'Befolkning under 18 år (RS2025 Figur 44)';

const PERSONS = t('personer', 'persons');
const HOUSEHOLDS = t('husstander', 'households');
const STAFF_YEARS = t('årsverk', 'staff-years');

/** A rate the product computes from a count in a table and the population of the same district. */
function rate(
  id: string,
  label: Text,
  numerator: Text,
  measure: string,
  options: {
    denominator?: 'population_18_plus' | 'population_under_18';
    factor?: 'per_1000' | 'per_10000';
    source: string;
    notes: string;
    unit?: Text;
    /** A published statement of the same count (another table or the text) to check against. */
    sameCountAs?: string;
  },
): IndicatorDefinition {
  const denominator = options.denominator ?? 'population_18_plus';
  const factor = options.factor ?? 'per_1000';
  const per = factor === 'per_1000' ? t('per 1 000', 'per 1,000') : t('per 10 000', 'per 10,000');
  const population =
    denominator === 'population_18_plus'
      ? t('innbyggere 18 år og over', 'residents aged 18 and over')
      : t('innbyggere under 18 år', 'residents under 18');
  return {
    id,
    label,
    numerator,
    measure,
    denominator,
    factor,
    method: 'rate_from_counts',
    periodType: 'year',
    breakdown: 'district',
    source: `${options.source}; ${denominator === 'population_18_plus' ? POP_18 : POP_U18}`,
    unit: options.unit ?? t(`${per.nb} ${population.nb}`, `${per.en} ${population.en}`),
    notes: options.notes,
    disclosure: 'persons',
    compareWith: options.sameCountAs ? [{ measure: options.sameCountAs, factor: 'count' }] : [],
  };
}

const POPULATION_NOTE =
  'The population is the 01.01.2025 figure the report itself uses for every year. Oslo as a whole is the stated Oslo count over the ' +
  'Oslo population (592,216, which includes residents with no stated district); where the report states no Oslo count, the sum of the ' +
  'districts over the sum of the districts’ populations (587,759).';

const NAMED: IndicatorDefinition[] = [
  rate(
    'gp_patients_substance_per_1000_adults',
    t('Fastlegepasienter med rusdiagnose per 1 000 voksne', 'GP patients with a substance-use diagnosis per 1,000 adults'),
    t(
      'Personer bosatt i bydelen som var til konsultasjon hos fastlege med diagnose knyttet til rus',
      'Residents who saw a GP with a substance-use diagnosis',
    ),
    'key_figures.gp_patients',
    {
      source: `${RS2025} kap. 3 (nøkkeltallsbokser), 2024`,
      notes: POPULATION_NOTE,
      sameCountAs: 'narrative.gp_patients_substance_diagnosis',
    },
  ),
  rate(
    'lar_patients_per_1000_adults',
    t('LAR-pasienter per 1 000 voksne', 'Patients in opioid substitution treatment (LAR) per 1,000 adults'),
    t('Personer i legemiddelassistert rehabilitering (LAR)', 'Persons in opioid substitution treatment (LAR)'),
    'key_figures.lar_patients',
    { source: `${RS2025} kap. 3, 2024`, notes: POPULATION_NOTE, sameCountAs: 'narrative.lar_patients' },
  ),
  rate(
    'tsb_patients_per_1000_adults',
    t('Unike pasienter i TSB per 1 000 voksne', 'Unique patients in specialised substance-use treatment (TSB) per 1,000 adults'),
    t('Unike pasienter i tverrfaglig spesialisert rusbehandling, poliklinikk og døgn', 'Unique TSB patients, outpatient and inpatient'),
    'key_figures.tsb_unique_patients_outpatient_and_inpatient',
    {
      source: `${RS2025} kap. 3, 2024`,
      notes: `${POPULATION_NOTE} The key-figure boxes and the district texts disagree for some districts (findings).`,
      sameCountAs: 'narrative.tsb_unique_patients',
    },
  ),
  rate(
    'prison_admissions_per_1000_adults',
    t('Fengselsinnsettelser per 1 000 voksne', 'Prison admissions per 1,000 adults'),
    t('Innsettelser i fengsel (en person kan ha flere)', 'Admissions to prison (one person can have several)'),
    'key_figures.prison_admissions',
    { source: `${RS2025} kap. 3, 2024`, notes: `${POPULATION_NOTE} Admissions, not persons.` },
  ),
  rate(
    'vel_residents_per_1000_adults',
    t('Beboere i VELs institusjoner per 1 000 voksne', 'Residents of VEL institutions per 1,000 adults'),
    t(
      'Personer med opphold i Velferdsetatens rusinstitusjoner, etter bydelstilhørighet',
      'Persons with a stay in VEL’s substance-use institutions, by district',
    ),
    'key_figures.vel_residents',
    {
      source: `${RS2025} kap. 3 og 8.3, 2023`,
      notes: `${POPULATION_NOTE} Counted in 2023, before VEL moved from Velferd to Gerica (March 2024).`,
      sameCountAs: 'narrative.vel_residents',
    },
  ),
  rate(
    'child_welfare_children_reported_per_1000_children',
    t('Barn meldt til barnevernet per 1 000 barn', 'Children reported to child welfare per 1,000 children'),
    t('Barn meldt til barnevernstjenesten', 'Children reported to the child welfare service'),
    'key_figures.child_welfare_children_reported',
    {
      denominator: 'population_under_18',
      source: `${RS2025} kap. 3, 2024`,
      notes:
        'Per 1,000 residents under 18 (the publishing rule for child-welfare measures). ' +
        'Oslo as a whole as for adults (132,074 and 131,313).',
    },
  ),
  {
    ...rate(
      'staff_years_adults_per_10000',
      t(
        'Årsverk i rus og psykisk helse for voksne per 10 000 voksne',
        'Adult staff-years in substance use and mental health per 10,000 adults',
      ),
      t(
        'Årsverk i bydelens tjenester for voksne innen rus og psykisk helse',
        'Staff-years in the district’s adult substance-use and mental-health services',
      ),
      'fig59.staff_years',
      {
        factor: 'per_10000',
        source: `${RS2025} kap. 16.1 Figur 59, 2019–2023`,
        unit: t('årsverk per 10 000 innbyggere 18 år og over', 'staff-years per 10,000 residents aged 18 and over'),
        notes:
          'Staff-years are not persons: no suppression. Oslo is «Totalt Oslo» (districts, VEL and HEL) over the Oslo population. ' +
          'Checked against the rates the report states in the district texts and in kap. 2 (findings where they differ).',
      },
    ),
    disclosure: 'none',
    compareWith: [
      { measure: 'narrative.staff_years_adults_per_10000', factor: 'per_10000' },
      { measure: 'narrative.staff_years_adults_per_1000_as_stated', factor: 'per_1000' },
      { measure: 'fig02.staff_years_adults_per_10000_as_labelled', factor: 'per_10000' },
    ],
  },
  {
    id: 'housing_need_households',
    label: t('Husstander uten egnet bolig (boligbehovskartlegging)', 'Households without suitable housing (housing-need survey)'),
    numerator: t(
      'Husstander registrert med rus eller ROP, uten bolig eller egnet bolig nå eller innen seks måneder',
      'Households registered with substance use or ROP, without (suitable) housing now or within six months',
    ),
    measure: 'fig09.total',
    denominator: 'none',
    factor: 'count',
    method: 'as_published',
    periodType: 'biennial',
    breakdown: 'district',
    source: `${RS2025} kap. 6.2 Figur 9 (kartlegging uke 48, 2020, 2022, 2024)`,
    unit: HOUSEHOLDS,
    notes: 'Every second year. 2024: 1,109 households.',
    disclosure: 'persons',
    compareWith: [
      { measure: 'key_figures.persons_without_housing', factor: 'count' },
      { measure: 'narrative.persons_without_suitable_housing', factor: 'count' },
    ],
  },
  {
    id: 'occupancy_percent',
    label: t('Belegg i prosent', 'Occupancy, percent'),
    numerator: t('Brukte liggedøgn', 'Bed-days used'),
    measure: 'institution_places.occupancy_percent',
    denominator: 'bed_days',
    factor: 'percent',
    method: 'as_published',
    periodType: 'year',
    breakdown: 'entity',
    source: `${RS2025} kap. 8.5 og 11.5`,
    unit: t('prosent av mulige liggedøgn', 'percent of possible bed-days'),
    notes: 'As published for the resource centres together and for Gatehospitalet.',
    disclosure: 'none',
    compareWith: [],
  },
  {
    id: 'stays_over_normed_length',
    label: t('Opphold ut over normert lengde', 'Stays beyond the normed length'),
    numerator: t(
      'Personer med opphold lenger enn tjenestekategoriens normerte lengde',
      'Persons whose stay exceeded the normed length of the service category',
    ),
    measure: 'vel_stays.stays_over_normed_length',
    denominator: 'none',
    factor: 'count',
    method: 'as_published',
    periodType: 'year',
    breakdown: 'entity',
    source:
      'VEL (Gerica), import layout vel_stays; no table in RS2025 ' +
      '(the report states 128 persons in assessment units stayed 3–12 months, in text only)',
    unit: PERSONS,
    notes: 'No data until VEL’s first import: the indicator answers with every value missing and says why.',
    disclosure: 'persons',
    compareWith: [],
  },
];

/** The published label of each measure, by layout (nb, en); what a measure counts in what unit. */
const MEASURE_LABELS: Record<string, { unit: Text; measures: Record<string, [string, string, Text?]> }> = {
  population: {
    unit: PERSONS,
    measures: {
      population_18_plus: ['Befolkning 18 år og over', 'Population aged 18 and over'],
      population_under_18: ['Befolkning under 18 år', 'Population under 18'],
    },
  },
  key_figures: {
    unit: PERSONS,
    measures: {
      vel_residents: ['Beboere i VELs institusjoner', 'Residents of VEL institutions'],
      tsb_unique_patients_outpatient_and_inpatient: [
        'Unike pasienter i TSB (poliklinikk og døgn)',
        'Unique TSB patients (outpatient and inpatient)',
      ],
      tsb_unique_patients_inpatient: ['Unike pasienter i TSB, døgn', 'Unique TSB inpatients'],
      lar_patients: ['Pasienter i LAR', 'Patients in LAR'],
      persons_without_housing: ['Uten bolig eller egnet bolig (2024)', 'Without housing or suitable housing (2024)'],
      prison_admissions: ['Fengselsinnsettelser', 'Prison admissions', t('innsettelser', 'admissions')],
      gp_patients: ['Fastlegepasienter med rusdiagnose', 'GP patients with a substance-use diagnosis'],
      child_welfare_children_reported: ['Barn meldt til barnevernet', 'Children reported to child welfare', t('barn', 'children')],
    },
  },
  narrative: {
    unit: PERSONS,
    measures: {
      tsb_unique_patients: ['Unike pasienter i TSB (teksten)', 'Unique TSB patients (text)'],
      lar_patients: ['Pasienter i LAR (teksten)', 'Patients in LAR (text)'],
      gp_patients_substance_diagnosis: ['Fastlegepasienter med rusdiagnose (teksten)', 'GP patients with a substance-use diagnosis (text)'],
      gp_consultations_substance_diagnosis: [
        'Fastlegekonsultasjoner med rusdiagnose',
        'GP consultations with a substance-use diagnosis',
        t('konsultasjoner', 'consultations'),
      ],
      persons_without_suitable_housing: ['Personer uten egnet bolig (teksten)', 'Persons without suitable housing (text)'],
      staff_years_adults: ['Årsverk voksne (teksten)', 'Adult staff-years (text)', STAFF_YEARS],
      staff_years_adults_per_10000: [
        'Årsverk voksne per 10 000, som oppgitt',
        'Adult staff-years per 10,000, as stated',
        t('årsverk per 10 000', 'staff-years per 10,000'),
      ],
      staff_years_children_youth: ['Årsverk barn og unge (teksten)', 'Children/youth staff-years (text)', STAFF_YEARS],
      staff_years_children_per_10000_under_18: [
        'Årsverk barn og unge per 10 000 under 18, som oppgitt',
        'Children/youth staff-years per 10,000 under 18, as stated',
        t('årsverk per 10 000', 'staff-years per 10,000'),
      ],
      staff_years_adults_per_1000_as_stated: [
        'Årsverk voksne «pr 1.000», som oppgitt i kap. 2',
        'Adult staff-years «per 1,000», as stated in kap. 2',
        t('årsverk per 1 000', 'staff-years per 1,000'),
      ],
      staff_years_children_per_1000_as_stated: [
        'Årsverk barn og unge «pr 1.000», som oppgitt i kap. 2',
        'Children/youth staff-years «per 1,000», as stated in kap. 2',
        t('årsverk per 1 000', 'staff-years per 1,000'),
      ],
      staff_years_adults_change_2019_2023: ['Endring i årsverk voksne 2019–2023', 'Change in adult staff-years 2019–2023', STAFF_YEARS],
      staff_years_municipal_adapted_work_schemes: [
        'Årsverk i kommunalt tilrettelagte arbeidstiltak',
        'Staff-years in municipal adapted work schemes',
        STAFF_YEARS,
      ],
      tsb_unique_patients_change_vs_2023: ['Endring i unike TSB-pasienter fra 2023', 'Change in unique TSB patients since 2023'],
      tsb_patients_fig29_count: ['TSB-pasienter (Figur 29, annen telling)', 'TSB patients (Figur 29, another count)'],
      tsb_consultations_as_stated: [
        'Konsultasjoner i TSB-setningen, som oppgitt',
        'Consultations in the TSB sentence, as stated',
        t('konsultasjoner', 'consultations'),
      ],
      tsb_outpatient_day_consultations: [
        'Polikliniske konsultasjoner i TSB',
        'TSB outpatient consultations',
        t('konsultasjoner', 'consultations'),
      ],
      tsb_patients_reported_ready_for_discharge: ['Utskrivningsklare pasienter i TSB', 'TSB patients reported discharge-ready'],
      gp_patients_change_vs_2023: ['Endring i fastlegepasienter fra 2023', 'Change in GP patients since 2023'],
      gp_contacts_change_vs_2023: ['Endring i fastlegekontakter fra 2023', 'Change in GP contacts since 2023', t('kontakter', 'contacts')],
      gp_waiting_list_persons: ['Personer på venteliste til fastlege', 'Persons on a GP waiting list'],
      vel_residents: ['Beboere i VELs institusjoner (kap. 8.3)', 'Residents of VEL institutions (kap. 8.3)'],
      work_oriented_treatment_participants_range: [
        'Deltakere i arbeidsrettet behandling (intervall)',
        'Participants in work-oriented treatment (range)',
      ],
      share_of_stays_acute_assessment_referral_percent: [
        'Andel opphold i akutt-, utrednings- og videreformidlingsenheter',
        'Share of stays in acute, assessment and referral units',
        t('prosent', 'percent'),
      ],
      moves_to_own_housing_after_vel_stay: [
        'Flyttinger til egen bolig etter opphold i VEL',
        'Moves to own housing after a VEL stay',
        t('flyttinger', 'moves'),
      ],
      new_municipal_housing_allocations_target_group_change_vs_2022: [
        'Endring i nye kommunale boliger til målgruppen fra 2022',
        'Change in new municipal dwellings for the target group since 2022',
        HOUSEHOLDS,
      ],
      quality_of_life_respondents: [
        'Besvarelser på livskvalitetsmålingen',
        'Answers to the quality-of-life question',
        t('besvarelser', 'answers'),
      ],
    },
  },
  district_services: {
    unit: t('tekst', 'text'),
    measures: {
      staffed_housing_text: ['Bemannede boliger (bydelens svar)', 'Staffed housing (the district’s answer)'],
      services_text: ['Tjenester under oppbygging (bydelens svar)', 'Services being built up (the district’s answer)'],
    },
  },
  fig02: {
    unit: t('årsverk per 10 000 (som merket)', 'staff-years per 10,000 (as labelled)'),
    measures: {
      staff_years_adults_per_10000_as_labelled: [
        'Årsverk voksne per 10 000, slik Figur 2 merker dem',
        'Adult staff-years per 10,000, as Figur 2 labels them',
      ],
    },
  },
  fig07: {
    unit: PERSONS,
    measures: {
      gp_list_positions: ['Fastlegehjemler', 'GP list positions', t('hjemler', 'positions')],
      coverage_ratio: ['Dekningsgrad fastlegelister', 'GP list coverage ratio', t('forholdstall', 'ratio')],
      persons_on_waiting_list: ['Personer på venteliste til fastlege', 'Persons on a GP waiting list'],
      gps_per_1000_residents: [
        'Fastleger per 1 000 innbyggere',
        'GPs per 1,000 residents',
        t('fastleger per 1 000 innbyggere', 'GPs per 1,000 residents'),
      ],
    },
  },
  fig08: {
    unit: t('tekst', 'text'),
    measures: {
      housing_situation_assessment: ['Bydelens vurdering av boligsituasjonen', 'The district’s assessment of the housing situation'],
      main_reason: ['Hovedårsak', 'Main reason'],
    },
  },
  fig09: {
    unit: HOUSEHOLDS,
    measures: {
      rus: ['Husstander med rusproblemer uten egnet bolig', 'Households with substance problems without suitable housing'],
      rop: ['Husstander med ROP uten egnet bolig', 'Households with ROP without suitable housing'],
      total: ['Husstander uten egnet bolig, i alt (tabell)', 'Households without suitable housing, total (table)'],
    },
  },
  fig10: {
    unit: HOUSEHOLDS,
    measures: {
      g1_ordinary_dwelling: ['Anbefalt gruppe 1: ordinær bolig', 'Recommended group 1: ordinary dwelling'],
      g1_ordinary_dwelling_not_fully_owned_municipal_building: [
        'Anbefalt gruppe 1: ordinær bolig, ikke heleid kommunal gård',
        'Recommended group 1: ordinary dwelling, not a fully municipal building',
      ],
      g2_ordinary_dwelling_more_accepting_environment: [
        'Anbefalt gruppe 2: ordinær bolig i mer tolerant miljø',
        'Recommended group 2: ordinary dwelling, more accepting environment',
      ],
      g3_small_house_no_staff_base_screened: [
        'Anbefalt gruppe 3: småhus uten personalbase',
        'Recommended group 3: small house without staff base',
      ],
      g4_cluster_staff_base_partial_staffing_ordinary_environment: [
        'Anbefalt gruppe 4: samlokalisert med base, deltid, ordinært miljø',
        'Recommended group 4: co-located with staff base, partial staffing, ordinary environment',
      ],
      g5_cluster_staff_base_partial_staffing_screened_environment: [
        'Anbefalt gruppe 5: samlokalisert med base, deltid, skjermet',
        'Recommended group 5: co-located with staff base, partial staffing, screened',
      ],
      g6_7_cluster_staff_base_24h_staffing_screened_environment: [
        'Anbefalt gruppe 6–7: samlokalisert med base, døgnbemannet, skjermet',
        'Recommended group 6–7: co-located with staff base, 24-hour staffing, screened',
      ],
      new_group_cluster_staff_base_24h_staffing_ordinary_environment: [
        'Anbefalt ny gruppe: samlokalisert med base, døgnbemannet, ordinært miljø',
        'Recommended new group: co-located, 24-hour staffing, ordinary environment',
      ],
      total: ['Husstander anbefalt kommunal bolig, i alt', 'Households recommended municipal housing, total'],
    },
  },
  fig11: {
    unit: t('boliger', 'dwellings'),
    measures: {
      all_target_groups: ['Nye kommunale boliger, alle målgrupper', 'New municipal dwellings, all target groups'],
      substance_problems: ['Nye kommunale boliger, rusproblemer', 'New municipal dwellings, substance problems'],
      substance_and_mental_health: [
        'Nye kommunale boliger, rus og psykisk helse',
        'New municipal dwellings, substance use and mental health',
      ],
    },
  },
  fig12: {
    unit: t('boliger', 'dwellings'),
    measures: {
      rooms_1: ['Boligbygg-boliger, 1 rom', 'Boligbygg dwellings, 1 room'],
      rooms_2: ['Boligbygg-boliger, 2 rom', 'Boligbygg dwellings, 2 rooms'],
      rooms_3: ['Boligbygg-boliger, 3 rom', 'Boligbygg dwellings, 3 rooms'],
      rooms_4: ['Boligbygg-boliger, 4 rom', 'Boligbygg dwellings, 4 rooms'],
      rooms_5: ['Boligbygg-boliger, 5 rom', 'Boligbygg dwellings, 5 rooms'],
      rooms_6_plus: ['Boligbygg-boliger, 6 rom eller flere', 'Boligbygg dwellings, 6 rooms or more'],
      total: ['Boligbygg-boliger i alt', 'Boligbygg dwellings, total'],
    },
  },
  ...Object.fromEntries(
    (['fig13', 'fig14'] as const).map((id) => [
      id,
      {
        unit: PERSONS,
        measures: {
          unique_users: [
            `Unike brukere (${id === 'fig13' ? 'arbeidstilbud' : 'aktivitetstilbud'})`,
            `Unique users (${id === 'fig13' ? 'work offers' : 'activity offers'})`,
          ],
          unique_users_oslo: [
            `Unike brukere fra Oslo (${id === 'fig13' ? 'arbeidstilbud' : 'aktivitetstilbud'})`,
            `Unique users from Oslo (${id === 'fig13' ? 'work offers' : 'activity offers'})`,
          ],
          volunteers: [
            `Frivillige (${id === 'fig13' ? 'arbeidstilbud' : 'aktivitetstilbud'})`,
            `Volunteers (${id === 'fig13' ? 'work offers' : 'activity offers'})`,
          ],
        },
      },
    ]),
  ),
  fig19: {
    unit: t('prosent av oppholdene', 'percent of stays'),
    measures: {
      acute_assessment_referral_percent: ['Opphold i akutt, utredning og videreformidling', 'Stays in acute, assessment and referral'],
      short_term_drug_free_percent: ['Opphold i korttid rusfritt', 'Stays in short-term drug-free'],
      coping_units_percent: ['Opphold i mestringsenheter', 'Stays in coping units'],
      care_active_use_percent: ['Opphold i omsorg, aktiv rus', 'Stays in care, active use'],
      care_drug_free_percent: ['Opphold i omsorg, rusfritt', 'Stays in care, drug-free'],
      resource_centres_percent: ['Opphold i ressurssentre', 'Stays in resource centres'],
      reinforced_housing_and_treatment_percent: ['Opphold i forsterket bo- og behandling', 'Stays in reinforced housing and treatment'],
      institution_not_stated_percent: ['Opphold, institusjon ikke oppgitt', 'Stays, institution not stated'],
    },
  },
  fig36: {
    unit: PERSONS,
    measures: {
      consultations: ['Konsultasjoner i feltpleien', 'Field-nursing consultations', t('konsultasjoner', 'consultations')],
      patients: ['Pasienter i feltpleien', 'Field-nursing patients'],
    },
  },
  fig40: {
    unit: PERSONS,
    measures: {
      unique_users_min: ['Unike brukere av værestedet, anslag (nedre)', 'Unique drop-in users, estimate (low)'],
      unique_users_max: ['Unike brukere av værestedet, anslag (øvre)', 'Unique drop-in users, estimate (high)'],
      unique_users_oslo_min: ['Unike brukere fra Oslo, anslag (nedre)', 'Unique users from Oslo, estimate (low)'],
      unique_users_oslo_max: ['Unike brukere fra Oslo, anslag (øvre)', 'Unique users from Oslo, estimate (high)'],
    },
  },
  fig47: {
    unit: t('saker', 'cases'),
    measures: { cases: ['Barnevernvaktsaker om rus', 'Child-welfare emergency cases about substance use'] },
  },
  fig49: {
    unit: t('kontakter', 'contacts'),
    measures: { contacts: ['Kontakter til Ungdom og rus (legevakten)', 'Contacts to Ungdom og rus (emergency ward)'] },
  },
  fig50: {
    unit: t('anmeldelser', 'reports'),
    measures: { reports: ['Narkotikaanmeldelser med mistenkte 10–17 år', 'Drug-offence reports with suspects aged 10–17'] },
  },
  fig51: {
    unit: t('tekst', 'text'),
    measures: {
      individual_level_service_development: [
        'Brukermedvirkning i tjenesteutvikling på individnivå',
        'User involvement in service development, individual level',
      ],
      system_level_service_development: [
        'Brukermedvirkning i tjenesteutvikling på systemnivå',
        'User involvement in service development, system level',
      ],
      systematic_cooperation_local_user_carer_orgs: [
        'Samarbeid med lokale bruker- og pårørendeorganisasjoner',
        'Cooperation with local user and carer organisations',
      ],
      systematic_cooperation_central_user_carer_orgs: [
        'Samarbeid med sentrale bruker- og pårørendeorganisasjoner',
        'Cooperation with central user and carer organisations',
      ],
      uses_feedback_tool: ['Bruker tilbakemeldingsverktøy', 'Uses a feedback tool'],
    },
  },
  fig53: {
    unit: t('gjennomsnitt, skala 1–7', 'mean, scale 1–7'),
    measures: { mean_score: ['Livskvalitet i bydelene (gjennomsnitt 1–7)', 'Quality of life in the districts (mean 1–7)'] },
  },
  ...Object.fromEntries(
    (['fig55', 'fig57'] as const).map((id) => {
      const who =
        id === 'fig55' ? ['kommunale institusjoner', 'municipal institutions'] : ['ideelle institusjoner', 'non-profit institutions'];
      return [
        id,
        {
          unit: t('målinger', 'measurements'),
          measures: {
            mean_score_1_5: [
              `Livskvalitet, ${who[0]} (gjennomsnitt 1–5)`,
              `Quality of life, ${who[1]} (mean 1–5)`,
              t('gjennomsnitt, skala 1–5', 'mean, scale 1–5'),
            ],
            measurements_conducted: [`Gjennomførte målinger, ${who[0]}`, `Measurements conducted, ${who[1]}`],
            measurements_answered: [`Besvarte målinger, ${who[0]}`, `Measurements answered, ${who[1]}`],
            places: [`Plasser, ${who[0]}`, `Places, ${who[1]}`, t('plasser', 'places')],
          },
        },
      ];
    }),
  ),
  fig59: { unit: STAFF_YEARS, measures: { staff_years: ['Årsverk voksne', 'Adult staff-years'] } },
  fig61: {
    unit: t('årsverk per 10 000 innbyggere 18+', 'staff-years per 10,000 residents 18+'),
    measures: {
      housing_with_permanent_staff: [
        'Årsverk per 10 000: bolig med fast bemanning',
        'Staff-years per 10,000: housing with permanent staff',
      ],
      home_services_ambulant_services: [
        'Årsverk per 10 000: hjemmetjenester og ambulante tjenester',
        'Staff-years per 10,000: home and ambulant services',
      ],
      treatment_followup_rehabilitation: [
        'Årsverk per 10 000: behandling, oppfølging, rehabilitering',
        'Staff-years per 10,000: treatment, follow-up, rehabilitation',
      ],
      activities_day_centre: ['Årsverk per 10 000: aktivitet og dagsenter', 'Staff-years per 10,000: activities and day centre'],
      other_activities_culture_leisure: [
        'Årsverk per 10 000: andre aktiviteter, kultur, fritid',
        'Staff-years per 10,000: other activities, culture, leisure',
      ],
      municipal_adapted_work_schemes: [
        'Årsverk per 10 000: kommunale tilrettelagte arbeidstiltak',
        'Staff-years per 10,000: municipal adapted work schemes',
      ],
    },
  },
  fig62: { unit: STAFF_YEARS, measures: { staff_years: ['Årsverk barn og unge', 'Children/youth staff-years'] } },
  fig64: {
    unit: t('årsverk per 10 000 innbyggere under 18', 'staff-years per 10,000 residents under 18'),
    measures: {
      health_station_school_health_service: [
        'Årsverk barn per 10 000: helsestasjon og skolehelsetjeneste',
        'Children staff-years per 10,000: health station and school health',
      ],
      treatment_followup_rehabilitation: [
        'Årsverk barn per 10 000: behandling, oppfølging, rehabilitering',
        'Children staff-years per 10,000: treatment, follow-up, rehabilitation',
      ],
      activities_culture_leisure: [
        'Årsverk barn per 10 000: aktivitet, kultur, fritid',
        'Children staff-years per 10,000: activities, culture, leisure',
      ],
    },
  },
  ch13: {
    unit: PERSONS,
    measures: {
      [measureKey('Nye ND-dommer iverksatt')]: ['Nye ND-dommer iverksatt', 'New drug-court sentences started', t('dommer', 'sentences')],
      [measureKey('Aktive ND-dommer (uavhengig av oppstartsår)')]: [
        'Aktive ND-dommer',
        'Active drug-court sentences',
        t('dommer', 'sentences'),
      ],
      [measureKey('Domfelte som har gjennomført ND uavhengig av lengde i programmet')]: [
        'Domfelte som har gjennomført ND',
        'Convicted persons who completed the programme',
      ],
      [measureKey('Domfelte i arbeid/arbeidstiltak per tertial')]: [
        'Domfelte i arbeid eller arbeidstiltak',
        'Convicted persons in work or a work scheme',
      ],
      [measureKey('Domfelte i opplæringstilbud')]: ['Domfelte i opplæring', 'Convicted persons in education'],
      [measureKey('Samarbeidsmøter/ansvarsgruppemøte med domfelt')]: [
        'Samarbeidsmøter med domfelte',
        'Cooperation meetings with convicted persons',
        t('møter', 'meetings'),
      ],
      [measureKey('Domfelte i egen bolig (leid privat/offentlig eller eid)')]: [
        'Domfelte i egen bolig',
        'Convicted persons in their own home',
      ],
      [measureKey('Domfelte med kommunale tjenester')]: ['Domfelte med kommunale tjenester', 'Convicted persons with municipal services'],
    },
  },
  institution_places: {
    unit: t('plasser', 'places'),
    measures: {
      places: ['Plasser', 'Places'],
      dwellings: ['Boliger med personalbase', 'Dwellings with a staff base', t('boliger', 'dwellings')],
      places_closed: ['Avviklede plasser', 'Places closed'],
      places_reduction: ['Reduksjon i plasser', 'Reduction in places'],
      places_target: ['Mål for antall plasser', 'Target number of places'],
      places_ending: ['Plasser som avsluttes', 'Places ending'],
      share_of_places_percent: ['Andel kjøpte plasser', 'Share of places bought', t('prosent', 'percent')],
      possible_bed_days_over: ['Mulige liggedøgn (over)', 'Possible bed-days (more than)', t('liggedøgn', 'bed-days')],
      possible_bed_days_approx: ['Mulige liggedøgn (omtrent)', 'Possible bed-days (about)', t('liggedøgn', 'bed-days')],
      used_bed_days_approx: ['Brukte liggedøgn (omtrent)', 'Bed-days used (about)', t('liggedøgn', 'bed-days')],
      unused_bed_days_over: ['Ubrukte liggedøgn (over)', 'Bed-days unused (more than)', t('liggedøgn', 'bed-days')],
      occupied_places: ['Belagte plasser', 'Occupied places'],
      places_also_covering_co_occurring_substance_use_approx: [
        'Plasser som også dekker samtidig rus (omtrent)',
        'Places also covering co-occurring substance use (about)',
      ],
      planned_staffed_housing_sites: ['Planlagte boliger med personalbase', 'Planned staffed housing sites', t('steder', 'sites')],
    },
  },
};

const FACTOR_OF_KIND: Record<ValueKind, IndicatorDefinition['factor']> = {
  count: 'count',
  amount: 'amount',
  change: 'amount',
  rate: 'per_1000',
  percent: 'percent',
  ratio: 'ratio',
  mean: 'mean',
  range: 'count',
  text: 'text',
};

/** Where the live indicators come from. */
const VEIVISER_INTAKE = 'Veiviser intake';

/**
 * Indicators from Veiviser's own live data (layout intake_live, aggregated per district and year
 * when a release is made; src/stats/live.ts). A person counts in the district the person register
 * holds now; Oslo includes persons with no district.
 */
const LIVE: IndicatorDefinition[] = (
  [
    [
      'admissions',
      'Innskrivninger i institusjon',
      'Admissions to an institution',
      'Opphold som startet i året',
      'Stays begun in the year',
      'persons',
      t('innskrivninger', 'admissions'),
    ],
    [
      'persons_admitted',
      'Personer innskrevet',
      'Persons admitted',
      'Unike personer med minst én innskrivning i året',
      'Unique persons with at least one admission in the year',
      'persons',
      PERSONS,
    ],
    [
      'persons_10_plus_admissions',
      'Personer med 10 eller flere innskrivninger',
      'Persons with 10 or more admissions',
      'Unike personer med 10 eller flere innskrivninger i året',
      'Unique persons with 10 or more admissions in the year',
      'persons',
      PERSONS,
    ],
    [
      'discharges',
      'Utskrivninger',
      'Discharges',
      'Opphold som sluttet i året',
      'Stays ended in the year',
      'persons',
      t('utskrivninger', 'discharges'),
    ],
    [
      'discharges_own_home',
      'Utskrivninger til egen bolig',
      'Discharges to own home',
      'Opphold som sluttet i året med flytting til egen bolig',
      'Stays ended in the year with a move to own home',
      'persons',
      t('utskrivninger', 'discharges'),
    ],
    [
      'stays_over_normed_length',
      'Opphold ut over normert lengde (Veiviser)',
      'Stays beyond the normed length (Veiviser)',
      'Opphold som sluttet i året og varte lenger enn enhetens normerte lengde',
      'Stays ended in the year that lasted longer than the unit’s normed length',
      'persons',
      t('opphold', 'stays'),
    ],
    [
      'immediate_discharges',
      'Umiddelbare utskrivninger (vold eller trusler)',
      'Immediate discharges (violence or threats)',
      'Hendelser med umiddelbar utskrivning i året',
      'Incidents with immediate discharge in the year',
      'persons',
      t('utskrivninger', 'discharges'),
    ],
    [
      'quality_of_life_answers',
      'Svar på livskvalitetsspørsmålet (bydel)',
      'Answers to the quality-of-life question (district)',
      'Svar med skår, stilt i bydelen (de som avsto, telles ikke)',
      'Answers with a score, asked in the district (declined not counted)',
      'persons',
      t('svar', 'answers'),
    ],
    [
      'quality_of_life_mean',
      'Livskvalitet, gjennomsnitt (bydel, 1–7)',
      'Quality of life, mean (district, 1–7)',
      'Gjennomsnittlig skår 1–7, bare der minst 5 har svart',
      'Mean score 1–7, only where at least 5 answered',
      'none',
      t('skår 1–7', 'score 1–7'),
    ],
    [
      'discharge_ready_notices',
      'Meldinger om utskrivningsklare pasienter',
      'Discharge-ready notices',
      'Meldinger fra sykehus om utskrivningsklare pasienter i året',
      'Notices from hospitals of discharge-ready patients in the year',
      'persons',
      t('meldinger', 'notices'),
    ],
    [
      'discharge_ready_days_waiting',
      'Utskrivningsklare døgn før bydelen kunne ta imot',
      'Discharge-ready days before the district could receive',
      'Dager fra pasienten var utskrivningsklar til datoen bydelen kunne ta imot, summert over besvarte meldinger (minst 5)',
      'Days from discharge-ready to the date the district could receive, summed over answered notices (at least 5)',
      'none',
      t('døgn', 'days'),
    ],
  ] as const
).map(([measure, nb, en, numNb, numEn, disclosure, unit]) => ({
  id: `intake_${measure}`,
  label: t(nb, en),
  numerator: t(numNb, numEn),
  measure: `intake_live.${measure}`,
  denominator: 'none',
  factor: measure === 'quality_of_life_mean' ? 'mean' : measure === 'discharge_ready_days_waiting' ? 'amount' : 'count',
  method: 'as_published',
  periodType: 'year',
  breakdown: 'district',
  source: VEIVISER_INTAKE,
  unit,
  notes:
    'Aggregated from Veiviser’s live data when the release is made (no person data leaves the query). A person counts in the ' +
    'district the person register holds now; Oslo includes persons registered at a unit with no district.',
  disclosure,
  compareWith: [],
}));

/** Unique persons admitted per 1,000 adults, from the live data and the population. */
const LIVE_RATES: IndicatorDefinition[] = [
  {
    id: 'intake_persons_admitted_per_1000_adults',
    label: t('Personer innskrevet per 1 000 voksne', 'Persons admitted per 1,000 adults'),
    numerator: t('Unike personer med minst én innskrivning i året', 'Unique persons with at least one admission in the year'),
    measure: 'intake_live.persons_admitted',
    denominator: 'population_18_plus',
    factor: 'per_1000',
    method: 'rate_from_counts',
    periodType: 'year',
    breakdown: 'district',
    source: VEIVISER_INTAKE,
    unit: t('per 1 000 innbyggere 18 år og over', 'per 1,000 residents aged 18 and over'),
    notes: 'Computed from the live count and the population 18+ (SSB 01.01.2025, as RS2025 uses for every year).',
    disclosure: 'persons',
    compareWith: [],
  },
];

/** Named indicators that already stand for a measure (they are not repeated as table indicators). */
const NAMED_MEASURES = new Set(NAMED.filter((i) => i.method === 'as_published').map((i) => i.measure));

/** One indicator per measure of a layout, as published. */
function tableIndicators(layout: Layout): IndicatorDefinition[] {
  const labels = MEASURE_LABELS[layout.id];
  if (!labels) return [];
  const measures: { measure: string; kind: ValueKind; factor?: number; periods: Set<string> }[] = [];
  if (layout.long) {
    for (const [text, kind] of Object.entries(layout.long.measures)) measures.push({ measure: measureKey(text), kind, periods: new Set() });
  } else {
    for (const v of layout.values) {
      const known = measures.find((m) => m.measure === v.measure);
      if (known) continue;
      measures.push({ measure: v.measure, kind: v.kind, ...(v.factor ? { factor: v.factor } : {}), periods: new Set() });
    }
  }
  return measures
    .filter((m) => !NAMED_MEASURES.has(`${layout.id}.${m.measure}`))
    .map((m) => {
      const label = labels.measures[m.measure];
      if (!label) throw new Error(`catalogue: no label for measure ${layout.id}.${m.measure}`);
      const factor = m.kind === 'rate' ? (m.factor === 10000 ? 'per_10000' : 'per_1000') : FACTOR_OF_KIND[m.kind];
      const personCount = (m.kind === 'count' || m.kind === 'range') && (label[2] ?? labels.unit) === PERSONS;
      const households = m.kind === 'count' && (label[2] ?? labels.unit) === HOUSEHOLDS;
      return {
        id: `${layout.id}_${m.measure}`.slice(0, 100),
        label: t(label[0], label[1]),
        numerator: t(label[0], label[1]),
        measure: `${layout.id}.${m.measure}`,
        denominator:
          m.kind === 'rate'
            ? layout.id === 'fig64'
              ? 'population_under_18'
              : 'population_18_plus'
            : m.kind === 'percent'
              ? 'stays'
              : 'none',
        factor,
        method: 'as_published',
        periodType:
          layout.id === 'fig09'
            ? 'biennial'
            : layout.periodColumn || layout.values.some((v) => v.period !== 'unspecified')
              ? 'year'
              : 'not_stated',
        breakdown: layout.areaKind === 'district' ? 'district' : layout.areaColumn === null ? 'oslo' : 'entity',
        source: `${RS2025}: ${layout.label}`,
        unit: label[2] ?? labels.unit,
        notes: m.kind === 'text' ? 'Text as published.' : m.kind === 'range' ? 'Numbers or ranges as published.' : 'As published.',
        disclosure: personCount || households ? 'persons' : 'none',
        compareWith: [],
      } satisfies IndicatorDefinition;
    });
}

const indicatorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,100}$/),
  label: z.strictObject({ nb: z.string().min(1), en: z.string().min(1) }),
  numerator: z.strictObject({ nb: z.string().min(1), en: z.string().min(1) }),
  measure: z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/),
  denominator: z.enum(DENOMINATORS),
  factor: z.enum(INDICATOR_FACTORS),
  method: z.enum(['as_published', 'rate_from_counts']),
  periodType: z.enum(PERIOD_TYPES),
  breakdown: z.enum(['district', 'entity', 'oslo']),
  source: z.string().min(1),
  unit: z.strictObject({ nb: z.string().min(1), en: z.string().min(1) }),
  notes: z.string(),
  disclosure: z.enum(['persons', 'none']),
  compareWith: z.array(z.strictObject({ measure: z.string(), factor: z.enum(INDICATOR_FACTORS) })),
});

/** Validates the catalogue: each definition's shape, unique ids, and measures that a layout declares. */
export function validateCatalogue(definitions: readonly IndicatorDefinition[]): IndicatorDefinition[] {
  const ids = new Set<string>();
  const layoutMeasures = new Set(
    LAYOUTS.flatMap((l) =>
      l.long ? Object.keys(l.long.measures).map((m) => `${l.id}.${measureKey(m)}`) : l.values.map((v) => `${l.id}.${v.measure}`),
    ),
  );
  return definitions.map((definition) => {
    const parsed = indicatorSchema.parse(definition);
    if (ids.has(parsed.id)) throw new Error(`catalogue: indicator ${parsed.id} is defined twice`);
    ids.add(parsed.id);
    for (const measure of [parsed.measure, ...parsed.compareWith.map((c) => c.measure)]) {
      if (!layoutMeasures.has(measure)) throw new Error(`catalogue: ${parsed.id} names ${measure}, which no layout declares`);
    }
    if (parsed.method === 'rate_from_counts' && !parsed.denominator.startsWith('population_')) {
      throw new Error(`catalogue: ${parsed.id} computes a rate but its denominator ${parsed.denominator} is not a population`);
    }
    return parsed;
  });
}

/** The catalogue, validated when the module loads. */
export const CATALOGUE: readonly IndicatorDefinition[] = validateCatalogue([
  ...NAMED,
  ...LAYOUTS.flatMap(tableIndicators),
  ...LIVE,
  ...LIVE_RATES,
]);

const byId = new Map(CATALOGUE.map((i) => [i.id, i]));

/** The indicator with this id, if any. */
export function indicatorById(id: string): IndicatorDefinition | undefined {
  return byId.get(id);
}
