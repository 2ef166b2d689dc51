/*
 * The report's chapters as data: the chapters of «Helhetlig russtatistikk» (RS2025) that have
 * tables in the published data, each with the indicators it shows. A chapter's text says what the
 * numbers are; it never states a number — every number in the report comes from the release.
 */

type Text = { nb: string; en: string };
const t = (nb: string, en: string): Text => ({ nb, en });

/** How an indicator is shown: a table of every area × period, and a bar chart of one period. */
export type ReportFigure = { indicator: string; chart: 'bars' | 'none' };

export type ReportChapter = {
  id: string;
  title: Text;
  /** What the chapter is about and how to read it (no numbers). */
  intro: Text;
  /** The chapter of RS2025 it follows. */
  follows: string;
  figures: ReportFigure[];
};

const bars = (indicator: string): ReportFigure => ({ indicator, chart: 'bars' });
const table = (indicator: string): ReportFigure => ({ indicator, chart: 'none' });

export const REPORT_CHAPTERS: readonly ReportChapter[] = [
  {
    id: 'bydelene',
    title: t('Bydelene i tall', 'The districts in figures'),
    intro: t(
      'Nøkkeltall for hver bydel, regnet som rater per innbygger fra tallene i bydelenes nøkkeltallsbokser og befolkningen. ' +
        'Ratene gjør bydeler av ulik størrelse sammenlignbare.',
      'Key figures for each district, computed as rates per resident from the counts in the districts’ key-figure boxes and ' +
        'the population. The rates make districts of different size comparable.',
    ),
    follows: 'RS2025 kap. 2–3',
    figures: [
      bars('gp_patients_substance_per_1000_adults'),
      bars('tsb_patients_per_1000_adults'),
      bars('lar_patients_per_1000_adults'),
      bars('vel_residents_per_1000_adults'),
      bars('prison_admissions_per_1000_adults'),
      bars('child_welfare_children_reported_per_1000_children'),
    ],
  },
  {
    id: 'fastlege',
    title: t('Fastlegene', 'General practitioners'),
    intro: t(
      'Fastlegelistene: hjemler, dekningsgrad og hvor mange som venter på fastlege, per bydel.',
      'The GP lists: list positions, coverage and how many wait for a GP, per district.',
    ),
    follows: 'RS2025 kap. 5',
    figures: [table('fig07_gp_list_positions'), bars('fig07_coverage_ratio'), bars('fig07_persons_on_waiting_list')],
  },
  {
    id: 'bolig',
    title: t('Bolig', 'Housing'),
    intro: t(
      'Boligbehovskartleggingen teller husstander med rusproblemer, eller rus og psykiske helseproblemer (ROP), som ikke har ' +
        'egnet bolig. Tallene for nye kommunale boliger og Boligbyggs boliger viser hva som finnes å tildele.',
      'The housing-need survey counts households with substance-use problems, or co-occurring substance use and mental ' +
        'illness (ROP), without suitable housing. New municipal dwellings and Boligbygg’s stock show what there is to allocate.',
    ),
    follows: 'RS2025 kap. 6',
    figures: [
      bars('housing_need_households'),
      table('fig09_rus'),
      table('fig09_rop'),
      table('fig10_total'),
      table('fig11_substance_problems'),
      table('fig12_total'),
    ],
  },
  {
    id: 'arbeid',
    title: t('Arbeid og aktivitet', 'Work and activity'),
    intro: t(
      'Ideelle arbeids- og aktivitetstilbud: unike brukere, brukere fra Oslo og frivillige.',
      'Non-profit work and activity offers: unique users, users from Oslo and volunteers.',
    ),
    follows: 'RS2025 kap. 7',
    figures: [table('fig13_unique_users'), table('fig14_unique_users')],
  },
  {
    id: 'institusjoner',
    title: t('Institusjoner i Velferdsetaten', 'The Welfare Agency’s institutions'),
    intro: t(
      'Beboere i Velferdsetatens institusjoner per bydel, hvordan oppholdene fordeler seg på institusjonskategorier, belegg og ' +
        'plasser.',
      'Residents in the Welfare Agency’s institutions per district, how stays are spread over institution categories, ' +
        'occupancy and places.',
    ),
    follows: 'RS2025 kap. 8',
    figures: [
      table('key_figures_vel_residents'),
      bars('fig19_acute_assessment_referral_percent'),
      table('occupancy_percent'),
      table('stays_over_normed_length'),
      table('institution_places_places'),
    ],
  },
  {
    id: 'lavterskel',
    title: t('Lavterskel helsetjenester og væresteder', 'Low-threshold health services and drop-in centres'),
    intro: t(
      'Feltpleiens konsultasjoner og pasienter over tid, og anslått antall brukere av de sentrale værestedene.',
      'The field nursing services’ consultations and patients over time, and the estimated users of the central drop-in centres.',
    ),
    follows: 'RS2025 kap. 11',
    figures: [table('fig36_consultations'), table('fig36_patients'), table('fig40_unique_users_min'), table('fig40_unique_users_max')],
  },
  {
    id: 'nd',
    title: t('Narkotikaprogram med domstolskontroll', 'The drug court programme'),
    intro: t('Nøkkeltall for narkotikaprogrammet med domstolskontroll (ND) i Oslo.', 'Key figures for the drug court programme in Oslo.'),
    follows: 'RS2025 kap. 13',
    figures: [
      table('ch13_nye_nd_dommer_iverksatt'),
      table('ch13_aktive_nd_dommer_uavhengig_av_oppstartsar'),
      table('ch13_domfelte_i_egen_bolig_leid_privat_offentlig_eller_eid'),
    ],
  },
  {
    id: 'barn-og-unge',
    title: t('Barn og unge', 'Children and young people'),
    intro: t(
      'Barn meldt til barnevernet per bydel, barnevernvaktens saker om rus, kontakter til Ungdom og rus på legevakten og ' +
        'narkotikaanmeldelser med unge mistenkte.',
      'Children reported to child welfare per district, the child welfare emergency service’s cases about substance use, ' +
        'contacts to the youth unit at the emergency clinic, and drug-offence reports with young suspects.',
    ),
    follows: 'RS2025 kap. 14',
    figures: [table('key_figures_child_welfare_children_reported'), table('fig47_cases'), table('fig49_contacts'), table('fig50_reports')],
  },
  {
    id: 'livskvalitet',
    title: t('Brukermedvirkning og livskvalitet', 'User involvement and quality of life'),
    intro: t(
      'Livskvalitet måles med ett spørsmål: 1–7 i bydelene og 1–5 i institusjonene. Skalaene kan ikke sammenlignes med hverandre.',
      'Quality of life is measured with one question: 1–7 in the districts and 1–5 in the institutions. The scales cannot be ' +
        'compared with each other.',
    ),
    follows: 'RS2025 kap. 15',
    figures: [bars('fig53_mean_score'), table('fig55_mean_score_1_5'), table('fig57_mean_score_1_5')],
  },
  {
    id: 'arsverk',
    title: t('Årsverk', 'Staff-years'),
    intro: t(
      'Årsverk i rus og psykisk helse for voksne og for barn og unge, i alt og per innbygger.',
      'Staff-years in substance use and mental health for adults and for children and young people, in total and per resident.',
    ),
    follows: 'RS2025 kap. 16',
    figures: [bars('staff_years_adults_per_10000'), table('fig59_staff_years'), table('fig62_staff_years')],
  },
];

/** Every indicator the report shows, in order (what a build loads from the release). */
export const REPORT_INDICATORS: readonly string[] = REPORT_CHAPTERS.flatMap((c) => c.figures.map((f) => f.indicator));
