/**
 * "Slik får du tilbudet": how a person gets a service, in plain bokmål and English, from the facts
 * the entry has (access, kind, hours, contact) and what that means for them. Pure; it says only
 * what the facts support and says so when the entry does not tell.
 */
import { districtBySlug } from '../platform/districts.ts';
import type { AccessKind, ServiceKind } from './vocabulary.ts';

export type HowToGetFacts = {
  access: AccessKind | null;
  kind: ServiceKind;
  is24_7: boolean;
  /** True when the entry has weekly opening hours (or is open 24/7). */
  hoursKnown: boolean;
  phone: string | null;
  url: string | null;
  anonymous: boolean | null;
  requiresDrugFree: boolean | null;
  cityWide: boolean;
  districts: string[];
  organizationName: string | null;
};

export type HowToGet = { nb: string[]; en: string[] };

const INSTITUTION_KINDS: ReadonlySet<ServiceKind> = new Set([
  'institution_acute',
  'institution_assessment',
  'institution_care',
  'institution_coping',
  'institution_reinforced_care',
  'institution_resource_centre',
]);

/** The district an entry belongs to, when it is one district's own offer. */
function ownDistrict(f: HowToGetFacts): string | null {
  if (f.cityWide || f.districts.length !== 1) return null;
  return districtBySlug(f.districts[0]!)?.name ?? null;
}

/** The paragraphs of "how to get this service", the most important first. */
export function howToGet(f: HowToGetFacts): HowToGet {
  const nb: string[] = [];
  const en: string[] = [];
  const district = ownDistrict(f);
  switch (f.access) {
    case 'drop_in':
      if (f.is24_7) {
        nb.push('Du trenger ikke henvisning eller avtale. Du kan komme når som helst, det er åpent hele døgnet.');
        en.push('You do not need a referral or an appointment. You can come at any time, it is open day and night.');
      } else {
        nb.push('Du trenger ikke henvisning eller avtale. Du kan møte opp i åpningstiden.');
        en.push('You do not need a referral or an appointment. You can just turn up during opening hours.');
        if (!f.hoursKnown) {
          nb.push('Åpningstidene står ikke her, så sjekk med tilbudet før du går.');
          en.push('The opening hours are not listed here, so check with the service before you go.');
        }
      }
      break;
    case 'referral':
      if (f.kind === 'treatment_specialist') {
        nb.push('Du trenger en henvisning. Som regel er det fastlegen din som henviser deg. Det kan ta noen uker før du får svar og time.');
        en.push(
          'You need a referral. Usually your GP (fastlege) refers you. ' +
            'It can take a few weeks before you get an answer and an appointment.',
        );
      } else {
        nb.push(
          'Du trenger en henvisning. Snakk med fastlegen din, eller med en tjeneste du allerede har kontakt med, om å bli henvist hit.',
        );
        en.push('You need a referral. Talk to your GP, or to a service you are already in contact with, about being referred here.');
      }
      break;
    case 'decision':
      nb.push(
        'Du må søke om dette tilbudet. Bydelen der du bor avgjør søknaden (et vedtak). ' +
          `Ta kontakt med tjenestekontoret i ${district ? `Bydel ${district}` : 'bydelen din'}, så hjelper de deg å søke. ` +
          'Det kan ta litt tid før du får svar.',
      );
      en.push(
        'You have to apply for this service. The district (bydel) where you live decides on the application (a decision, vedtak). ' +
          `Contact the service office (tjenestekontor) of ${district ? `the ${district} district` : 'your district'}; ` +
          'they help you apply. ' +
          'It can take some time before you get an answer.',
      );
      if (INSTITUTION_KINDS.has(f.kind)) {
        nb.push('Når du har fått vedtak, finner Velferdsetatens felles inntak en plass til deg.');
        en.push("Once you have a decision, the Welfare Agency's common intake (felles inntak) finds a place for you.");
      }
      break;
    case null:
      if (f.phone) {
        nb.push(`Det står ikke her hvordan du får tilbudet. Ring ${f.phone} og spør.`);
        en.push(`This entry does not say how to get the service. Call ${f.phone} and ask.`);
      } else if (f.url) {
        nb.push('Det står ikke her hvordan du får tilbudet. Nettsiden til tilbudet forteller mer.');
        en.push("This entry does not say how to get the service. The service's web page tells more.");
      } else if (f.organizationName) {
        nb.push(`Det står ikke her hvordan du får tilbudet. Spør ${f.organizationName}, eller tjenestekontoret i bydelen din.`);
        en.push(`This entry does not say how to get the service. Ask ${f.organizationName}, or your district's service office.`);
      } else {
        nb.push('Det står ikke her hvordan du får tilbudet. Tjenestekontoret i bydelen din kan hjelpe deg videre.');
        en.push("This entry does not say how to get the service. Your district's service office (tjenestekontor) can help you further.");
      }
  }
  if (district && f.access !== 'decision') {
    nb.push(`Tilbudet er for deg som bor i Bydel ${district}.`);
    en.push(`The service is for people who live in the ${district} district.`);
  }
  if (f.access && f.phone) {
    nb.push(`Har du spørsmål, kan du ringe ${f.phone}.`);
    en.push(`If you have questions, you can call ${f.phone}.`);
  }
  if (f.anonymous === true) {
    nb.push('Du kan være anonym.');
    en.push('You can stay anonymous.');
  }
  if (f.requiresDrugFree === true) {
    nb.push('Du må være rusfri mens du bruker tilbudet.');
    en.push('You must be free of alcohol and drugs while you use the service.');
  }
  return { nb, en };
}
