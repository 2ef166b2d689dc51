import { describe, expect, it } from 'vitest';
import { hsdsErrors } from '../../test/hsds-schemas.ts';
import type { Location, Service } from './catalog.model.ts';
import {
  hsdsLanguage,
  hsdsOrganizationFull,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsServiceBasic,
  hsdsServiceMinimal,
  termIsListed,
  type VersionRow,
} from './hsds.ts';

const location: Location = {
  id: '00000000-0000-4000-8000-00000000000a',
  serviceAtLocationId: '00000000-0000-4000-8000-00000000000b',
  name: 'Kontoret',
  address1: 'Storgata 1',
  postalCode: '0182',
  city: 'Oslo',
  addressNote: null,
  district: 'gamle-oslo',
  accessibility: null,
  transportation: null,
};

function service(overrides: Partial<Service> = {}): Service {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Samtaletilbud',
    alternateNames: [],
    description: 'Samtaler for voksne.',
    descriptionEn: null,
    url: null,
    email: null,
    phone: '+47 22 00 00 00',
    kind: 'other',
    ladderStep: 2,
    targetGroups: ['rus'],
    hovedforlop: [],
    minAge: null,
    maxAge: null,
    eligibilityDescription: null,
    access: 'drop_in',
    arrangement: null,
    requiresDrugFree: null,
    anonymous: true,
    cityWide: false,
    districts: ['gamle-oslo'],
    openingHours: { is24_7: false, rules: [], exceptions: [] },
    status: 'active',
    statusDate: null,
    statusNote: null,
    intakeStatus: null,
    intakeStatusAt: null,
    intakeStatusDerived: false,
    costDescription: null,
    freeOfCharge: null,
    languages: ['nb', 'ar'],
    accessibility: 'Heis til alle etasjer.',
    places: null,
    organization: { id: '00000000-0000-4000-8000-0000000000aa', name: 'Velferdsetaten', description: '', website: null, email: null },
    locations: [location],
    contacts: [{ id: '00000000-0000-4000-8000-0000000000c1', name: 'Kari', title: 'Leder', phone: '23 00 00 00', email: null }],
    provenance: { source: null, sourceRefs: [], lastVerifiedAt: null, verifiedBy: null },
    underReview: false,
    version: 2,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-02T10:00:00.000Z',
    ...overrides,
  };
}

const history: VersionRow[] = [
  {
    version: 2,
    action: 'update',
    changedBy: 'Redaktør',
    changedAt: '2026-11-02T10:00:00.000Z',
    changes: { location: { from: null, to: { address1: 'Storgata 1' } }, phone: { from: null, to: '+47 22 00 00 00' } },
  },
];

describe('HSDS mapping', () => {
  it('names each language in bokmål, and leaves the name out for a code ICU does not know', () => {
    expect(hsdsLanguage('s', 'nb')).toMatchObject({ code: 'nb', name: 'norsk bokmål' });
    expect(hsdsLanguage('s', 'ar')).toMatchObject({ code: 'ar', name: 'arabisk' });
    expect(hsdsLanguage('s', 'qqq')).not.toHaveProperty('name');
  });

  it('gives a fully nested service_at_location the phone, contacts, hours and location history the service has', () => {
    const s = service({ openingHours: { is24_7: true, rules: [], exceptions: [] } });
    const sal = hsdsServiceAtLocation(s, location, true, history);
    expect(hsdsErrors('compiled/service_at_location.json', sal)).toEqual([]);
    const full = hsdsService(s, history);
    expect(sal.phones).toEqual(full.phones);
    expect(sal.phones).toHaveLength(1);
    expect(sal.contacts).toEqual(full.contacts);
    expect(sal.schedules).toHaveLength(1);
    expect(sal.metadata).toEqual([
      expect.objectContaining({ field_name: 'location', resource_id: location.serviceAtLocationId, resource_type: 'service_at_location' }),
    ]);
    expect((sal.service as { metadata: unknown[] }).metadata).toHaveLength(2);
    expect(sal).not.toHaveProperty('attributes');
  });

  it('keeps the list form of a service_at_location to the location and the service in list form', () => {
    const sal = hsdsServiceAtLocation(service(), location, false);
    expect(Object.keys(sal).sort()).toEqual(['id', 'location', 'location_id', 'service', 'service_id']);
    expect(sal.service).toEqual(hsdsServiceBasic(service()));
    expect(hsdsErrors('compiled/service_at_location_list.json', sal)).toEqual([]);
  });

  it("uses the service's accessibility where its location has none of its own", () => {
    const [link] = hsdsService(service(), []).service_at_locations as { location: { accessibility: { description: string }[] } }[];
    expect(link!.location.accessibility.map((a) => a.description)).toEqual(['Heis til alle etasjer.']);
    const own = service({ locations: [{ ...location, accessibility: 'Trinnfritt.' }] });
    const [ownLink] = hsdsService(own, []).service_at_locations as { location: { accessibility: { description: string }[] } }[];
    expect(ownLink!.location.accessibility.map((a) => a.description)).toEqual(['Trinnfritt.']);
  });

  it('nests an organization with its services and each location once', () => {
    const a = service();
    const b = service({ id: '00000000-0000-4000-8000-000000000002', name: 'Oppfølging' });
    const org = hsdsOrganizationFull(a.organization!, [
      { service: a, json: hsdsServiceBasic(a) },
      { service: b, json: hsdsServiceBasic(b) },
    ]);
    expect(hsdsErrors('compiled/organization.json', org)).toEqual([]);
    expect((org.services as unknown[]).length).toBe(2);
    expect(org.locations).toEqual([expect.objectContaining({ id: location.id, organization_id: a.organization!.id })]);
  });

  it('answers minimal with id, name, status and last_modified only', () => {
    expect(hsdsServiceMinimal(service({ status: 'closed' }))).toEqual({
      id: service().id,
      name: 'Samtaletilbud',
      status: 'defunct',
      last_modified: '2026-11-02T10:00:00.000Z',
    });
  });

  it('lists a term under top_only when it has no parent, and under parent_id only when that is its parent', () => {
    const top = { id: 't1' };
    const child = { id: 't2', parent_id: 't1' };
    expect(termIsListed(top, { topOnly: true })).toBe(true);
    expect(termIsListed(child, { topOnly: true })).toBe(false);
    expect(termIsListed(child, { topOnly: false, parentId: 't1' })).toBe(true);
    expect(termIsListed(top, { topOnly: false, parentId: 't1' })).toBe(false);
    expect(termIsListed(child, { topOnly: false })).toBe(true);
  });
});
