import { districtBySlug } from '../platform/districts.ts';
import { splitCompound } from './search-query.ts';
import { ACCESS_KINDS, LADDER_STEPS, SERVICE_KINDS, TARGET_GROUPS } from './vocabulary.ts';

/**
 * Word parts that Norwegian compounds in this domain are built from. A document word that splits
 * into these is indexed with its parts too, so "behandling" finds "rusbehandling".
 */
export const COMPOUND_PARTS = new Set([
  'rus',
  'behandling',
  'bolig',
  'boliger',
  'helse',
  'tjeneste',
  'tjenester',
  'senter',
  'sentre',
  'team',
  'arbeid',
  'aktivitet',
  'aktivitets',
  'oppfølging',
  'omsorg',
  'institusjon',
  'hjelp',
  'jobb',
  'hus',
  'huset',
  'sted',
  'klinikk',
  'kontor',
  'vakt',
  'vakten',
  'ung',
  'ungdom',
  'tilbud',
  'plass',
  'plasser',
  'utstyr',
  'bruker',
  'skole',
  'støtte',
  'pleie',
  'felt',
  'sykehus',
  'sykepleie',
  'lege',
  'psykolog',
  'psykiatri',
  'rett',
  'rom',
  'mottak',
  'senteret',
  'avvenning',
  'program',
  'fri',
  'smitte',
  'vern',
  'luke',
  'luken',
  'kafe',
  'kafeen',
  'møte',
  'treff',
  'gate',
  'gatelag',
  'fotball',
  'enhet',
  'enheter',
  'mestring',
  'ressurs',
  'akutt',
  'døgn',
  'opphold',
  'bemanning',
  'personal',
  'base',
  'trapp',
  'trappa',
  'miljø',
  'konsulent',
  'konsulenter',
  'nett',
  'verk',
  'sosial',
  'heroin',
  'legemiddel',
  'assistert',
  'substitusjon',
  'injeksjon',
  'inhalasjon',
  'kveld',
  'natt',
  'dag',
  'barn',
  'vern',
  'politi',
]);

export type SearchableService = {
  name: string;
  alternateNames: string[];
  kind: string;
  ladderStep: number | null;
  targetGroups: string[];
  access: string | null;
  organizationName: string | null;
  description: string;
  descriptionEn: string | null;
  eligibilityDescription: string | null;
  districts: string[];
  cityWide: boolean;
  is24_7: boolean;
};

export type SearchDocument = { a: string; b: string; c: string; d: string };

/** Lower-case words of a text. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1);
}

/** The texts of a service by weight: A name, B labels, C descriptions, D compound parts. */
export function buildSearchDocument(s: SearchableService): SearchDocument {
  // Codes come from the database: an unknown one (a vocabulary entry since removed) adds no label.
  const kind = (SERVICE_KINDS as Partial<Record<string, { nb: string; en: string }>>)[s.kind];
  const step = s.ladderStep ? (LADDER_STEPS as Partial<Record<number, { nb: string }>>)[s.ladderStep] : undefined;
  const labels = [
    kind?.nb,
    kind?.en,
    step?.nb,
    ...s.targetGroups.map((g) => (TARGET_GROUPS as Partial<Record<string, { nb: string }>>)[g]?.nb),
    s.access ? (ACCESS_KINDS as Partial<Record<string, { nb: string }>>)[s.access]?.nb : undefined,
    s.organizationName,
    s.is24_7 ? 'døgnåpent' : undefined,
  ];
  const places = s.cityWide ? ['byomfattende', 'hele Oslo'] : [];
  for (const slug of s.districts) places.push(districtBySlug(slug)?.name ?? slug);
  const a = [s.name, ...s.alternateNames].join(' ');
  const b = labels.filter(Boolean).join(' ');
  const c = [s.description, s.eligibilityDescription, s.descriptionEn, ...places].filter(Boolean).join(' ');
  const parts = new Set<string>();
  for (const word of new Set(wordsOf(`${a} ${b} ${c}`))) {
    const split = splitCompound(word, (w) => COMPOUND_PARTS.has(w));
    if (split) for (const p of split) parts.add(p);
  }
  return { a, b, c, d: [...parts].join(' ') };
}
