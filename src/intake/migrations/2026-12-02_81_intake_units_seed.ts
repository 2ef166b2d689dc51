import { sql, type Kysely } from 'kysely';

/*
 * Frozen data migration: VEL's substance-use institutions and the non-profit units VEL buys
 * places from, as seed/institution_places.csv states them (RS2025 = «Helhetlig russtatistikk,
 * vår 2025», NOTAT = the district-reform note, see seed/README.md). Every number and quote is the
 * file's; what the file does not say is null. What was left out and why is in seed/README.md.
 * `services` are the catalog seed keys of the same places (exact name matches only).
 * Normed stays come from the category (DOMAIN.md's category table); somatic care only where the
 * source says so. This file is never edited; a test checks it against the CSV.
 */
export type SeedUnit = {
  id: string;
  name: string;
  granularity: 'institution' | 'category';
  operator: 'municipal' | 'non_profit' | null;
  category: string | null;
  substance_policy: 'drug_free' | 'active_use' | null;
  gender: 'any' | 'women' | 'men' | null;
  somatic_care: boolean | null;
  normed_stay_days: number | null;
  places: number;
  places_as_of: string;
  source: string;
  source_quote: string;
  note: string | null;
  open: boolean;
  closed_on: string | null;
  /** The CSV row's entity this unit is (for the test against the file). */
  csv_entity: string;
  services: string[];
};

const FIG55 = 'RS2025 kap. 15.3, Figur 55';
const FIG57 = 'RS2025 kap. 15.3, Figur 57';
const AS_OF_2023 = '2023 (livskvalitetsmåling 2023)';
const CATEGORY_NOTE = 'Plasser i kategorien samlet slik rapporten oppgir dem, ikke fordelt på institusjoner.';

const category = (u: Omit<SeedUnit, 'granularity' | 'gender' | 'open' | 'closed_on' | 'places_as_of' | 'note'>): SeedUnit => ({
  ...u,
  granularity: 'category',
  gender: null,
  open: true,
  closed_on: null,
  places_as_of: AS_OF_2023,
  note: CATEGORY_NOTE,
});

const closed = (
  u: Pick<SeedUnit, 'id' | 'name' | 'operator' | 'category' | 'substance_policy' | 'normed_stay_days' | 'places' | 'places_as_of'> & {
    closed_on: string | null;
    source_quote: string;
    services: string[];
  },
): SeedUnit => ({
  ...u,
  granularity: 'institution',
  gender: null,
  somatic_care: null,
  source: 'RS2025 kap. 8.5',
  note: 'Avviklet; plassene er tallet rapporten oppgir for enheten før avviklingen.',
  open: false,
  csv_entity: u.name,
});

export const UNITS: SeedUnit[] = [
  {
    id: 'prindsen-thereses-hus',
    name: 'Prindsen mottakssenter og Thereses hus',
    granularity: 'institution',
    operator: 'municipal',
    category: 'acute',
    substance_policy: null,
    gender: null,
    somatic_care: null,
    normed_stay_days: 3,
    places: 26,
    places_as_of: 'notat 2025 (udatert)',
    source: 'NOTAT kap. 4.3',
    source_quote: 'Oslo kommune disponerer 26 akuttplasser i egenregi i VEL (Prindsen mottakssenter og Thereses hus).',
    note: 'Ikke fordelt mellom de to enhetene: én enhet med 26 plasser.',
    open: true,
    closed_on: null,
    csv_entity: 'Prindsen mottakssenter og Thereses hus (samlet)',
    services: ['prindsen_mottakssenter', 'thereses_hus', 'akuttplasser_vel'],
  },
  {
    id: 'gatehospitalet',
    name: 'Gatehospitalet',
    granularity: 'institution',
    operator: null,
    category: null,
    substance_policy: null,
    gender: 'any',
    somatic_care: true,
    normed_stay_days: null,
    places: 22,
    places_as_of: '2023-omtale',
    source: 'RS2025 kap. 11.5',
    source_quote: 'Gatehospitalet Oslo har tre avdelinger med totalt 22 plasser.',
    note:
      'Heldøgns helse- og omsorgstilbud for personer med alvorlige ruslidelser og samtidig somatisk sykdom; ' +
      'tre avdelinger (én for begge kjønn, én for menn, én for kvinner). Driftsorganisasjon ikke oppgitt.',
    open: true,
    closed_on: null,
    csv_entity: 'Gatehospitalet',
    services: ['gatehospitalet'],
  },
  category({
    id: 'kommunale-mestringsenheter',
    name: 'Kommunale mestringsenheter',
    operator: 'municipal',
    category: 'coping',
    substance_policy: 'active_use',
    somatic_care: null,
    normed_stay_days: 365,
    places: 109,
    source: FIG55,
    source_quote: 'Mestringsenheter 3,09 76 65 109',
    csv_entity: 'Kommunale rusinstitusjoner – Mestringsenheter',
    services: ['kommunale_mestringsenheter'],
  }),
  category({
    id: 'kommunale-omsorgssentre-aktiv-rus',
    name: 'Kommunale omsorgssentre (aktiv rus)',
    operator: 'municipal',
    category: 'care_active_use',
    substance_policy: 'active_use',
    somatic_care: null,
    normed_stay_days: 730,
    places: 63,
    source: FIG55,
    source_quote: 'Omsorgssentre 3,69 34 23 63',
    csv_entity: 'Kommunale rusinstitusjoner – Omsorgssentre',
    services: ['kommunale_omsorgssentre_aktiv_rus'],
  }),
  category({
    id: 'kommunalt-omsorgssenter-rusfri',
    name: 'Kommunalt omsorgssenter rusfri',
    operator: 'municipal',
    category: 'care_drug_free',
    substance_policy: 'drug_free',
    somatic_care: true,
    normed_stay_days: 365,
    places: 22,
    source: FIG55,
    source_quote: 'Omsorgssenter rusfri 3,61 22 21 22',
    csv_entity: 'Kommunale rusinstitusjoner – Omsorgssenter rusfri',
    services: ['kommunalt_omsorgssenter_rusfri'],
  }),
  category({
    id: 'kommunale-ressurssentre',
    name: 'Kommunale ressurssentre',
    operator: 'municipal',
    category: 'resource_centre',
    substance_policy: 'drug_free',
    somatic_care: null,
    normed_stay_days: 365,
    places: 58,
    source: FIG55,
    source_quote: 'Ressurssentre 2,85 27 27 58',
    csv_entity: 'Kommunale rusinstitusjoner – Ressurssentre',
    services: ['kommunale_ressurssentre'],
  }),
  category({
    id: 'forsterket-bo-og-behandling',
    name: 'Forsterket bo- og behandlingstilbud',
    operator: 'municipal',
    category: 'reinforced_housing_treatment',
    substance_policy: null,
    somatic_care: null,
    normed_stay_days: 730,
    places: 28,
    source: FIG55,
    source_quote: 'Forsterket bo- og behandling 3,28 15 14 28',
    csv_entity: 'Kommunale rusinstitusjoner – Forsterket bo- og behandling',
    services: ['forsterket_bo_og_behandlingstilbud'],
  }),
  category({
    id: 'ideelle-utredning-aktiv-rus',
    name: 'Ideelle utrednings- og videreformidlingsenheter, aktiv rus',
    operator: 'non_profit',
    category: 'assessment',
    substance_policy: 'active_use',
    somatic_care: null,
    normed_stay_days: 90,
    places: 21,
    source: FIG57,
    source_quote: 'Utredning-og videreformidling, aktiv rus 3,66 30 21',
    csv_entity: 'Ideelle rusinstitusjoner – Utredning- og videreformidling, aktiv rus',
    services: ['ideelle_utrednings_og_videreformidlingsenheter_aktiv_rus'],
  }),
  category({
    id: 'ideelle-utredning-rusfri',
    name: 'Ideelle utrednings- og videreformidlingsenheter, rusfri',
    operator: 'non_profit',
    category: 'assessment',
    substance_policy: 'drug_free',
    somatic_care: null,
    normed_stay_days: 90,
    places: 23,
    source: FIG57,
    source_quote: 'Utredning- og videreformidling, rusfri 2,9 10 23',
    csv_entity: 'Ideelle rusinstitusjoner – Utredning- og videreformidling, rusfri',
    services: ['ideelle_utrednings_og_videreformidlingsenheter_rusfri'],
  }),
  // Whether these are drug-free or active-use care centres the source does not say, and that decides the category.
  category({
    id: 'ideelle-omsorgssentre',
    name: 'Ideelle omsorgssentre',
    operator: 'non_profit',
    category: null,
    substance_policy: null,
    somatic_care: null,
    normed_stay_days: null,
    places: 80,
    source: FIG57,
    source_quote: 'Omsorgssentre 3,29 178 80',
    csv_entity: 'Ideelle rusinstitusjoner – Omsorgssentre',
    services: ['ideelle_omsorgssentre'],
  }),
  category({
    id: 'ideelle-ressurssentre',
    name: 'Ideelle ressurssentre',
    operator: 'non_profit',
    category: 'resource_centre',
    substance_policy: 'drug_free',
    somatic_care: null,
    normed_stay_days: 365,
    places: 44,
    source: FIG57,
    source_quote: 'Ressurssentre 3,55 124 44',
    csv_entity: 'Ideelle rusinstitusjoner – Ressurssentre',
    services: ['ideelle_ressurssentre'],
  }),
  closed({
    id: 'haugenstua-ressurssenter',
    name: 'Haugenstua ressurssenter',
    operator: null,
    category: 'resource_centre',
    substance_policy: 'drug_free',
    normed_stay_days: 365,
    places: 26,
    places_as_of: 'fra 2025-04-01',
    closed_on: '2025-04-01',
    source_quote: 'Å avvikle Haugenstua ressurssenter (26 plasser) fra 1. april 2025.',
    services: ['haugenstua_ressurssenter'],
  }),
  closed({
    id: 'exit-mestringsenhet',
    name: 'Exit mestringsenhet',
    operator: null,
    category: 'coping',
    substance_policy: 'active_use',
    normed_stay_days: 365,
    places: 8,
    places_as_of: 'fra 2025-07-01',
    closed_on: '2025-07-01',
    source_quote: 'Å avvikle Exit mestringsenhet (8 plasser) fra 1. juli 2025.',
    services: ['exit_mestringsenhet'],
  }),
  closed({
    id: 'stenslokka-ressurssenter',
    name: 'Stensløkka ressurssenter',
    operator: null,
    category: 'resource_centre',
    substance_policy: 'drug_free',
    normed_stay_days: 365,
    places: 17,
    places_as_of: '2024',
    closed_on: null,
    source_quote: 'I 2024 har Stensløkka ressurssenter (17 plasser)',
    services: ['stenslokka_ressurssenter'],
  }),
  closed({
    id: 'gjennomgangsboligene-med-booppfolging',
    name: 'Gjennomgangsboligene med booppfølging',
    operator: null,
    category: null,
    substance_policy: null,
    normed_stay_days: null,
    places: 22,
    places_as_of: '2024',
    closed_on: null,
    source_quote: 'Gjennomgangsboligene med booppfølging (22 plasser)',
    services: ['gjennomgangsboligene_med_booppfolging'],
  }),
  closed({
    id: 'leilighetene-i-dyretrakket',
    name: 'Leilighetene i Dyretråkket',
    operator: null,
    category: null,
    substance_policy: null,
    normed_stay_days: null,
    places: 6,
    places_as_of: '2024',
    closed_on: null,
    source_quote: 'leilighetene i Dyretråkket (6 plasser) blitt avviklet',
    services: ['leilighetene_i_dyretrakket'],
  }),
  closed({
    id: 'fredensborg-bosenter',
    name: 'Fredensborg bosenter',
    operator: null,
    category: null,
    substance_policy: null,
    normed_stay_days: null,
    places: 32,
    places_as_of: 'planperiode 2021–2023',
    closed_on: null,
    source_quote: 'Fredensborg bosenter (32 plasser) ble avviklet',
    services: ['fredensborg_bosenter'],
  }),
  closed({
    id: 'frelsesarmeens-bosatt',
    name: 'Frelsesarmeens Bosatt',
    operator: 'non_profit',
    category: null,
    substance_policy: null,
    normed_stay_days: null,
    places: 22,
    places_as_of: 'fra 01.01.2026',
    closed_on: '2026-01-01',
    source_quote: 'opsjon ved Frelsesarmeens Bosatt (22 plasser) ikke utløses, gjeldende fra 01.01.2026',
    services: ['frelsesarmeens_bosatt'],
  }),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const u of UNITS) {
    await sql`insert into intake_unit (id, name, granularity, operator, category, substance_policy, gender, somatic_care,
        normed_stay_days, places, places_as_of, source, source_quote, note, open, closed_on)
      values (${u.id}, ${u.name}, ${u.granularity}, ${u.operator}, ${u.category}, ${u.substance_policy}, ${u.gender},
        ${u.somatic_care}, ${u.normed_stay_days}, ${u.places}, ${u.places_as_of}, ${u.source}, ${u.source_quote}, ${u.note},
        ${u.open}, ${u.closed_on}::date)`.execute(db);
    for (const key of u.services) {
      await sql`insert into intake_unit_service (unit_id, service_key) values (${u.id}, ${key})`.execute(db);
    }
  }
}
