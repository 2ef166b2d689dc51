import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import type { Db } from '../platform/db.ts';
import { districtByName } from '../platform/districts.ts';
import { stableId } from '../platform/ids.ts';
import { serviceFieldsSchema, type ServiceInput } from './catalog.schemas.ts';
import { insertSeedOrganizations, lockSeedState, markSeeded } from './seed.repository.ts';
import { createService } from './service-editing.service.ts';
import { ACCESS_KIND_CODES, ARRANGEMENT_KIND_CODES, SERVICE_KIND_CODES, TARGET_GROUP_CODES } from './vocabulary.ts';

const SEED_DIR = new URL('../../seed/', import.meta.url);

const seedServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  provider: z.string().nullable(),
  districts: z.array(z.string()),
  kind: z.enum(SERVICE_KIND_CODES),
  target_group: z.string().nullable(),
  requires_drug_free: z.boolean().nullable(),
  opening_hours: z.string().nullable(),
  address: z.string().nullable(),
  places: z.number().int().nullable(),
  status: z.enum(['active', 'planned', 'closed', 'closing']),
  status_date: z.string().nullable(),
  status_note: z.string().nullable(),
  notes: z.string().nullable(),
  source: z.array(z.string()),
});

const enrichmentSchema = z.record(
  z.string(),
  z.strictObject({
    description_nb: z.string().min(20),
    description_en: z.string().min(10),
    ladder_step: z.number().int().min(1).max(7).nullable(),
    target_groups: z.array(z.enum(TARGET_GROUP_CODES)),
    hovedforlop: z.array(z.number().int().min(1).max(3)),
    min_age: z.number().int().nullable(),
    max_age: z.number().int().nullable(),
    access: z.enum(ACCESS_KIND_CODES).nullable(),
    arrangement: z.enum(ARRANGEMENT_KIND_CODES).optional(),
    anonymous: z.boolean().nullable(),
    organization: z.string().nullable(),
    is_24_7: z.boolean(),
  }),
);

export type SeedService = z.infer<typeof seedServiceSchema>;
export type Enrichment = z.infer<typeof enrichmentSchema>[string];

export const SEED_SOURCE =
  'Oslo kommune: «Helhetlig russtatistikk, vår 2025» (Velferdsetaten) og «Utfordringer og tiltak i innbyggerreisen for psykisk ' +
  'helse og rus» (Bydelsreformen)';

/** The seed files, parsed and checked: every service has its enrichment and vice versa. */
export function loadSeed(): { services: SeedService[]; enrichment: Record<string, Enrichment> } {
  const raw = JSON.parse(readFileSync(new URL('service_catalog_seed.json', SEED_DIR), 'utf8')) as { services: unknown };
  const services = z.array(seedServiceSchema).parse(raw.services);
  const enrichment = enrichmentSchema.parse(JSON.parse(readFileSync(new URL('enrichment.json', SEED_DIR), 'utf8')));
  const missing = services.filter((s) => !enrichment[s.id]).map((s) => s.id);
  if (missing.length) throw new Error(`seed/enrichment.json lacks ${missing.join(', ')}`);
  return { services, enrichment };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A seed entry and its enrichment as catalog input. Unknown facts stay null. Pure. */
export function seedToInput(s: SeedService, e: Enrichment, organizationId: string | null): ServiceInput {
  const cityWide = s.districts.includes('byomfattende');
  const districts = s.districts
    .filter((d) => d !== 'byomfattende')
    .map((d) => {
      const district = districtByName(d);
      if (!district) throw new Error(`Seed ${s.id}: unknown district ${d}`);
      return district.slug;
    });
  const statusDate = s.status_date && isoDate.test(s.status_date) ? s.status_date : null;
  const notes: string[] = [];
  if (s.status_date && !statusDate) notes.push(`Dato: ${s.status_date}.`);
  if (s.status === 'closing') notes.push(`Vedtatt avviklet${s.status_date ? ` fra ${s.status_date}` : ''}.`);
  if (s.status_note) notes.push(s.status_note);
  const hasFullAddress = s.address !== null && !s.address.includes('ikke oppgitt');
  return serviceFieldsSchema.parse({
    name: s.name,
    alternateNames: s.aliases,
    description: e.description_nb,
    descriptionEn: e.description_en,
    kind: s.kind,
    ladderStep: e.ladder_step,
    targetGroups: e.target_groups,
    hovedforlop: e.hovedforlop,
    minAge: e.min_age,
    maxAge: e.max_age,
    eligibilityDescription: s.target_group,
    access: e.access,
    arrangement: e.arrangement ?? null,
    requiresDrugFree: s.requires_drug_free,
    anonymous: e.anonymous,
    cityWide,
    districts: cityWide ? [] : districts,
    openingHours: { is24_7: e.is_24_7, rules: [], exceptions: [] },
    status: s.status === 'closing' ? 'active' : s.status,
    statusDate,
    statusNote: notes.length ? notes.join(' ') : null,
    places: s.places,
    organizationId,
    location: s.address
      ? {
          name: s.name,
          address1: hasFullAddress ? s.address : null,
          city: hasFullAddress ? 'Oslo' : null,
          addressNote: hasFullAddress ? null : s.address,
          district: districts.length === 1 ? districts[0] : null,
        }
      : null,
    source: SEED_SOURCE,
  });
}

/**
 * Seeds the catalog from the published Oslo data on first start. Idempotent: runs once per
 * database, in one transaction, and does nothing when the catalog was seeded before.
 */
export async function seedCatalog(db: Db): Promise<{ seeded: boolean; services: number }> {
  const { services, enrichment } = loadSeed();
  return db.transaction().execute(async (trx) => {
    if (await lockSeedState(trx)) return { seeded: false, services: 0 };
    const organizations = new Map<string, string>();
    for (const e of Object.values(enrichment)) {
      if (e.organization && !organizations.has(e.organization)) organizations.set(e.organization, stableId('organization', e.organization));
    }
    await insertSeedOrganizations(
      trx,
      [...organizations].map(([name, id]) => ({ id, name })),
    );
    for (const s of services) {
      const e = enrichment[s.id]!;
      const input = seedToInput(s, e, e.organization ? organizations.get(e.organization)! : null);
      await createService(trx, { actor: SYSTEM_ACTOR, input, id: stableId('service', s.id), seedKey: s.id, sourceRefs: s.source });
    }
    await markSeeded(trx);
    return { seeded: true, services: services.length };
  });
}
