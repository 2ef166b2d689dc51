/**
 * The statistics pages' strings, bokmål first and English second (the same shape as i18n.ts; kept
 * in the statistics chunk so the public catalog does not carry them).
 */
import type { Lang } from '../i18n.ts';

const fmtNb = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 });
const fmtEn = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

const nb = {
  listTitle: 'Statistikk om rus og psykisk helse i Oslo',
  listIntro:
    'Tallene fra «Helhetlig russtatistikk», publisert fra data. Hvert tall viser kilde, periode, teller og nevner, ' +
    'om det er prikket, og avvik vi har funnet i kilden.',
  keyIndicators: 'Nøkkeltall',
  allIndicators: 'Alle tabeller',
  profilesHeading: 'Bydelsprofiler',
  profileLink: (name: string) => `Profil for ${name}`,
  indicatorsOf: (n: number) => `${n} indikatorer`,
  unit: 'Enhet',
  source: 'Kilde',
  period: 'Periode',
  periodSelect: 'Vis periode',
  area: 'Område',
  mapHeading: 'Kart over bydelene',
  mapIntro: 'Fargen viser tallet: jo mørkere, jo høyere. Tallet står på hver bydel.',
  legend: 'Fargeskala',
  legendNone: 'Ingen tall',
  tableHeading: 'Tabell',
  tableCaption: (label: string) => `${label}, etter område og periode`,
  chartHeading: 'Utvikling over tid',
  chartIntro: 'Linjene viser Oslo og valgt bydel. Tabellen over har de samme tallene.',
  chartDistrict: 'Bydel i grafen',
  chartNone: 'Bare én periode: ingen utvikling å vise.',
  downloads: 'Last ned',
  downloadCsv: 'CSV',
  downloadXlsx: 'Excel (XLSX)',
  findingsHeading: 'Avvik i kilden',
  findingsNone: 'Ingen avvik funnet.',
  detailsHeading: 'Om tallet',
  detailsHint: 'Velg et tall for å se kilde, teller, nevner, prikking og avvik.',
  value: 'Verdi',
  numerator: 'Teller',
  denominator: 'Nevner',
  denominatorPeriod: (p: string) => `befolkning ${p}`,
  derivation: { published: 'Som publisert', computed: 'Beregnet av teller og nevner', sum_of_districts: 'Summen av bydelene' } as Record<
    string,
    string
  >,
  suppressed: 'Prikket (..)',
  missing: 'Ikke oppgitt',
  reason: 'Forklaring',
  findings: 'Avvik',
  imported: 'Importert fra',
  extracted: (date: string) => `uttrukket ${date}`,
  finding: 'avvik',
  cellButton: (area: string, period: string, value: string) => `${area}, ${period}: ${value}. Vis detaljer`,
  notFound: 'Fant ikke indikatoren.',
  profileTitle: (name: string) => `Bydel ${name}`,
  profileIntro: 'Nøkkeltallene for bydelen og for Oslo, siste periode.',
  indicator: 'Indikator',
  oslo: 'Oslo',
  number: (n: number) => fmtNb.format(n),
};

export type StatsTexts = { [K in keyof typeof nb]: (typeof nb)[K] };

const en: StatsTexts = {
  listTitle: 'Statistics on substance use and mental health in Oslo',
  listIntro:
    'The figures of «Helhetlig russtatistikk», published from data. Every number shows its source, period, numerator and ' +
    'denominator, whether it is suppressed, and inconsistencies we found in the source.',
  keyIndicators: 'Key figures',
  allIndicators: 'All tables',
  profilesHeading: 'District profiles',
  profileLink: (name: string) => `Profile of ${name}`,
  indicatorsOf: (n: number) => `${n} indicators`,
  unit: 'Unit',
  source: 'Source',
  period: 'Period',
  periodSelect: 'Show period',
  area: 'Area',
  mapHeading: 'Map of the districts',
  mapIntro: 'The colour shows the number: the darker, the higher. The number is written on each district.',
  legend: 'Colour scale',
  legendNone: 'No number',
  tableHeading: 'Table',
  tableCaption: (label: string) => `${label}, by area and period`,
  chartHeading: 'Trend',
  chartIntro: 'The lines show Oslo and the chosen district. The table above has the same numbers.',
  chartDistrict: 'District in the chart',
  chartNone: 'Only one period: no trend to show.',
  downloads: 'Download',
  downloadCsv: 'CSV',
  downloadXlsx: 'Excel (XLSX)',
  findingsHeading: 'Inconsistencies in the source',
  findingsNone: 'No inconsistencies found.',
  detailsHeading: 'About the number',
  detailsHint: 'Choose a number to see its source, numerator, denominator, suppression and inconsistencies.',
  value: 'Value',
  numerator: 'Numerator',
  denominator: 'Denominator',
  denominatorPeriod: (p: string) => `population ${p}`,
  derivation: { published: 'As published', computed: 'Computed from numerator and denominator', sum_of_districts: 'Sum of the districts' },
  suppressed: 'Suppressed (..)',
  missing: 'Not reported',
  reason: 'Explanation',
  findings: 'Inconsistencies',
  imported: 'Imported from',
  extracted: (date: string) => `extracted ${date}`,
  finding: 'inconsistency',
  cellButton: (area: string, period: string, value: string) => `${area}, ${period}: ${value}. Show details`,
  notFound: 'The indicator was not found.',
  profileTitle: (name: string) => `${name} district`,
  profileIntro: 'The district’s key figures and Oslo’s, latest period.',
  indicator: 'Indicator',
  oslo: 'Oslo',
  number: (n: number) => fmtEn.format(n),
};

export const STATS_TEXTS: Record<Lang, StatsTexts> = { nb, en };
