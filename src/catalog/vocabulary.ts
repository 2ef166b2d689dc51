/** The catalog's controlled vocabularies: service kinds, the intervention ladder, target groups. */

export const SERVICE_KINDS = {
  activity_house: { nb: 'Aktivitetshus', en: 'Activity house', step: 3 },
  ambulant_team: { nb: 'Ambulant team', en: 'Ambulant team', step: 4 },
  drop_in_meeting_place: { nb: 'Møteplass og værested', en: 'Drop-in meeting place', step: 2 },
  harm_reduction: { nb: 'Skadereduksjon', en: 'Harm reduction', step: 2 },
  housing_followup_team: { nb: 'Oppfølging i bolig', en: 'Follow-up in own home', step: 4 },
  housing_staffed: { nb: 'Bolig med personalbase', en: 'Housing with staff base', step: 5 },
  institution_acute: { nb: 'Akuttinstitusjon', en: 'Acute institution', step: 6 },
  institution_assessment: { nb: 'Utredning og videreformidling', en: 'Assessment and referral unit', step: 6 },
  institution_care: { nb: 'Omsorgssenter', en: 'Care centre', step: 6 },
  institution_coping: { nb: 'Mestringsenhet', en: 'Coping unit', step: 6 },
  institution_reinforced_care: { nb: 'Forsterket omsorg', en: 'Reinforced care', step: 6 },
  institution_resource_centre: { nb: 'Ressurssenter', en: 'Resource centre', step: 6 },
  legal_aid: { nb: 'Rettshjelp', en: 'Legal aid', step: 1 },
  low_threshold_health: { nb: 'Lavterskel helsetjeneste', en: 'Low-threshold health service', step: 2 },
  other: { nb: 'Annet tilbud', en: 'Other service', step: null },
  outreach: { nb: 'Oppsøkende arbeid', en: 'Outreach', step: 2 },
  treatment_specialist: { nb: 'Spesialisthelsetjeneste', en: 'Specialist treatment', step: 7 },
  work_programme: { nb: 'Arbeidstilbud', en: 'Work programme', step: 3 },
  youth: { nb: 'Barn og unge', en: 'Children and youth', step: 2 },
} as const satisfies Record<string, { nb: string; en: string; step: number | null }>;

export type ServiceKind = keyof typeof SERVICE_KINDS;
export const SERVICE_KIND_CODES = Object.keys(SERVICE_KINDS) as [ServiceKind, ...ServiceKind[]];

/** The intervention ladder (innsatstrapp), lowest threshold first. */
export const LADDER_STEPS = {
  1: { nb: 'Informasjon og selvhjelp', en: 'Information and self-help' },
  2: { nb: 'Lavterskel og helse', en: 'Low-threshold drop-in and health' },
  3: { nb: 'Aktivitet og arbeid', en: 'Activity and work' },
  4: { nb: 'Ambulante team og oppfølging i egen bolig', en: 'Ambulant teams and follow-up at home' },
  5: { nb: 'Bolig med personalbase', en: 'Supported housing with staff base' },
  6: { nb: 'Kommunal institusjon', en: 'Municipal institution' },
  7: { nb: 'Spesialisert behandling', en: 'Specialist treatment' },
} as const;

export type LadderStep = keyof typeof LADDER_STEPS;
export const LADDER_STEP_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;

export const TARGET_GROUPS = {
  rus: { nb: 'Rus', en: 'Substance use' },
  psykisk_helse: { nb: 'Psykisk helse', en: 'Mental health' },
  rop: { nb: 'Rus og psykisk helse (ROP)', en: 'Co-occurring (ROP)' },
  parorende: { nb: 'Pårørende', en: 'Relatives' },
} as const;

export type TargetGroup = keyof typeof TARGET_GROUPS;
export const TARGET_GROUP_CODES = Object.keys(TARGET_GROUPS) as [TargetGroup, ...TargetGroup[]];

export const HOVEDFORLOP = {
  1: { nb: 'Hovedforløp 1: milde og kortvarige problemer', en: 'Level 1: mild and short-lived problems' },
  2: { nb: 'Hovedforløp 2: alvorlige og kortvarige eller milde og langvarige', en: 'Level 2: serious but short, or mild but long-lasting' },
  3: { nb: 'Hovedforløp 3: alvorlige og langvarige problemer', en: 'Level 3: severe and long-lasting problems' },
} as const;

export const ACCESS_KINDS = {
  drop_in: { nb: 'Drop-in, uten henvisning', en: 'Drop-in, no referral needed' },
  referral: { nb: 'Krever henvisning', en: 'Needs a referral' },
  decision: { nb: 'Krever vedtak', en: 'Needs a decision (vedtak)' },
} as const;

export type AccessKind = keyof typeof ACCESS_KINDS;
export const ACCESS_KIND_CODES = Object.keys(ACCESS_KINDS) as [AccessKind, ...AccessKind[]];

/**
 * What an entry is when it is not an offer a citizen can use: an agreement, a contract, a project or
 * an arrangement between agencies. Null means an offer. These stay in the staff catalog; the public
 * catalog leaves them out.
 */
export const ARRANGEMENT_KINDS = {
  framework_agreement: { nb: 'Rammeavtale', en: 'Framework agreement' },
  procurement_contract: { nb: 'Anskaffelse eller kontrakt', en: 'Procurement or contract' },
  internal_project: { nb: 'Internt prosjekt', en: 'Internal project' },
  interagency_arrangement: { nb: 'Samarbeid mellom etater', en: 'Arrangement between agencies' },
} as const;

export type ArrangementKind = keyof typeof ARRANGEMENT_KINDS;
export const ARRANGEMENT_KIND_CODES = Object.keys(ARRANGEMENT_KINDS) as [ArrangementKind, ...ArrangementKind[]];

export const SERVICE_STATUSES = ['active', 'planned', 'closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const INTAKE_STATUSES = ['accepting', 'waiting_list', 'full'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
