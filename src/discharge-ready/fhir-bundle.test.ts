import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { mapDischargeBundle, validateFhirBundle } from './fhir-bundle.ts';

type Resource = Record<string, unknown>;

/** A bundle with a Task whose patient is contained in it; `task` and `patient` override parts. */
function bundle(task: Resource = {}, patient: Resource = {}, extra: Resource[] = []) {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Task',
          id: 't1',
          status: 'ready',
          intent: 'order',
          contained: [
            {
              resourceType: 'Patient',
              id: 'p',
              identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.2', value: '41018012345' }],
              address: [{ city: 'Oslo', district: 'Søndre Nordstrand' }],
              ...patient,
            },
          ],
          for: { reference: '#p' },
          basedOn: [{ reference: 'ServiceRequest/sr1' }],
          authoredOn: '2026-12-02T08:15:00+01:00',
          requester: { display: 'Lovisenberg Diakonale Sykehus' },
          location: { display: 'Psykiatrisk post 4' },
          ...task,
        },
      },
      {
        resource: {
          resourceType: 'ServiceRequest',
          id: 'sr1',
          status: 'active',
          intent: 'order',
          subject: { display: 'Pasienten i oppgaven' },
          code: { coding: [{ system: 'urn:example', code: 'bolig', display: 'Bolig' }] },
          orderDetail: [{ text: 'Hjemmesykepleie' }],
        },
      },
      ...extra.map((resource) => ({ resource })),
    ],
  };
}

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('FHIR R4 discharge-ready bundles', () => {
  it('maps a contained patient, a D number, a district name with ø, the requester display and Task.location', () => {
    const b = bundle();
    validateFhirBundle(b);
    expect(mapDischargeBundle(b)).toEqual({
      nationalId: '41018012345',
      givenName: null,
      familyName: null,
      hospital: 'Lovisenberg Diakonale Sykehus',
      ward: 'Psykiatrisk post 4',
      readyAt: '2026-12-02T07:15:00.000Z',
      district: 'sondre-nordstrand',
      needs: 'Bolig\nHjemmesykepleie',
      dischargeSummaryReceived: false,
      externalId: 't1',
    });
  });

  it('reads a discharge summary from a DocumentReference typed LOINC 18842-5', () => {
    const document = {
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '18842-5' }] },
      content: [{ attachment: { contentType: 'application/pdf', url: 'https://example.org/epikrise.pdf' } }],
    };
    const b = bundle({}, {}, [document]);
    validateFhirBundle(b);
    expect(mapDischargeBundle(b).dischargeSummaryReceived).toBe(true);
  });

  it('names the failing path of a schema error, and refuses a resource type it does not accept', () => {
    const bad = refusal(() => validateFhirBundle(bundle({ authoredOn: 'yesterday' })));
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.fieldErrors[0]?.field).toBe('Bundle.entry[0].resource.authoredOn');
    const other = refusal(() => validateFhirBundle(bundle({}, {}, [{ resourceType: 'Observation', status: 'final', code: {} }])));
    expect(other.fieldErrors[0]).toMatchObject({ field: 'Bundle.entry[2].resource', message: expect.stringMatching(/not a resource/) });
  });

  it('names the element a valid bundle lacks: the ward, the national ID, a time of day', () => {
    expect(refusal(() => mapDischargeBundle(bundle({ location: undefined }))).fieldErrors[0]?.field).toBe('Task.location');
    expect(refusal(() => mapDischargeBundle(bundle({}, { identifier: [] }))).fieldErrors[0]?.field).toBe('Patient.identifier');
    expect(refusal(() => mapDischargeBundle(bundle({ authoredOn: '2026-12-02' }))).fieldErrors[0]?.field).toBe('Task.authoredOn');
    expect(refusal(() => mapDischargeBundle(bundle({ status: 'cancelled' }))).code).toBe('UNPROCESSABLE');
  });
});
