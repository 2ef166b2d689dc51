import type { Db } from '../platform/db.ts';
import { stableId } from '../platform/ids.ts';
import { upsertTaxonomy, upsertTaxonomyTerm } from './taxonomy.repository.ts';
import { ACCESS_KINDS, HOVEDFORLOP, LADDER_STEPS, SERVICE_KINDS, TARGET_GROUPS } from './vocabulary.ts';

type TermDef = { code: string; nb: string; en: string };

/** Our taxonomies, published through HSDS: kinds, ladder steps, target groups, levels, access, flags. */
export const TAXONOMIES: { code: string; name: string; description: string; terms: TermDef[] }[] = [
  {
    code: 'veiviser-service-kind',
    name: 'Veiviser tjenestetype',
    description: 'Typer tilbud innen psykisk helse og rus i Oslo (service kinds).',
    terms: Object.entries(SERVICE_KINDS).map(([code, v]) => ({ code, nb: v.nb, en: v.en })),
  },
  {
    code: 'veiviser-ladder-step',
    name: 'Innsatstrapp',
    description: 'Trinn i innsatstrappen, fra lav terskel til institusjon og spesialisthelsetjeneste (intervention ladder).',
    terms: Object.entries(LADDER_STEPS).map(([code, v]) => ({ code, nb: `${code}. ${v.nb}`, en: `${code}. ${v.en}` })),
  },
  {
    code: 'veiviser-target-group',
    name: 'Målgruppe',
    description: 'Hvem tilbudet er for (target group).',
    terms: Object.entries(TARGET_GROUPS).map(([code, v]) => ({ code, nb: v.nb, en: v.en })),
  },
  {
    code: 'veiviser-hovedforlop',
    name: 'Hovedforløp',
    description: 'Nasjonal veileder 2025: tre hovedforløp etter alvorlighet og varighet (levels of need).',
    terms: Object.entries(HOVEDFORLOP).map(([code, v]) => ({ code, nb: v.nb, en: v.en })),
  },
  {
    code: 'veiviser-access',
    name: 'Tilgang',
    description: 'Hvordan man får tilgang til tilbudet (drop-in, henvisning eller vedtak).',
    terms: Object.entries(ACCESS_KINDS).map(([code, v]) => ({ code, nb: v.nb, en: v.en })),
  },
  {
    code: 'veiviser-flag',
    name: 'Egenskaper',
    description: 'Egenskaper ved tilbudet; attributtverdien er "true" eller "false".',
    terms: [
      { code: 'requires_drug_free', nb: 'Krav om rusfrihet', en: 'Requires being drug-free' },
      { code: 'anonymous', nb: 'Kan være anonym', en: 'Anonymous use possible' },
      { code: 'open_24_7', nb: 'Døgnåpent', en: 'Open 24/7' },
    ],
  },
];

export const taxonomyId = (code: string) => stableId('taxonomy', code);
export const taxonomyTermId = (taxonomy: string, code: string) => stableId('taxonomy_term', `${taxonomy}/${code}`);

/** Writes the taxonomies and their terms; safe to run at every start. */
export async function ensureTaxonomies(db: Db): Promise<void> {
  for (const t of TAXONOMIES) {
    const id = taxonomyId(t.code);
    await upsertTaxonomy(db, { id, code: t.code, name: t.name, description: t.description, version: '1' });
    for (const term of t.terms) {
      const values = {
        id: taxonomyTermId(t.code, term.code),
        taxonomy_id: id,
        code: term.code,
        name: term.nb,
        name_en: term.en,
        description: term.en,
        parent_id: null,
      };
      await upsertTaxonomyTerm(db, values);
    }
  }
}
