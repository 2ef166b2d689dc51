import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushPendingAudit } from '../src/access/audit.ts';
import { createSetupToken } from '../src/access/setup-tokens.service.ts';
import { authPlugin, type RouteRule } from '../src/access/auth.plugin.ts';
import { ROLES, type Role } from '../src/access/permissions.ts';
import { permissionTable } from '../src/modules.ts';
import { testDatabaseKinds } from './databases.ts';
import { syntheticNationalId } from './national-ids.ts';
import { createTestApp, logIn, signIn, type TestApp } from './test-app.ts';

/**
 * The authorisation matrix: every route of the application, called without a session and as each
 * role with a valid request (the example table below, one entry per route), must answer exactly
 * as its declared rule and the permission table say: 401 signed out, 403 without the permission,
 * and otherwise the route's success answer (201 for a created user, 200 for a list, …). A route
 * added without an example fails the first test; a route without a rule stops the server starting.
 */

type Caller = Role | 'anonymous';
type Headers = Record<string, string>;

/** What the examples refer to, made through the API before the matrix runs. */
type Fixtures = {
  serviceId: string;
  serviceAtLocationId: string;
  organizationId: string;
  taxonomyId: string;
  termId: string;
  personId: string;
  personNationalId: string;
  userId: string;
  login: { email: string; password: string };
  /** A new service of its own, for writes a second caller could not repeat (versions, closing). */
  newService: () => Promise<{ id: string; version: number }>;
  /** A new open error report, for handling. */
  newErrorReport: () => Promise<string>;
  /** A new one-time setup token. */
  newSetupToken: () => Promise<string>;
  /** A new inactive crisis line of its own (so a second caller's change is never stale). */
  newCrisisLine: () => Promise<{ key: string; version: number }>;
  /** Intake: a new person (so a second caller's stay never overlaps), a new block, hold and open stay at INTAKE_UNIT. */
  newPerson: () => Promise<string>;
  newBlock: () => Promise<string>;
  newHold: () => Promise<string>;
  newStay: () => Promise<string>;
  /** Intake transitions: a new open re-placement task (after an immediate discharge) and a new user-controlled agreement at INTAKE_UNIT. */
  newTask: () => Promise<string>;
  newAgreement: () => Promise<string>;
  /** Intake requests: a new request of Alna's (for a new person) at this step, and a new notice of a freed place for Alna. */
  newRequest: (step?: 'sent' | 'received' | 'offered' | 'accepted') => Promise<string>;
  newNotice: () => Promise<string>;
  /** Discharge-ready: a new notice for an 'alna' patient, written by the matrix's hospital liaison (who sees only their own). */
  newDischargeReady: () => Promise<string>;
};

type Example = {
  /** The concrete request: path with parameters and query, and the JSON body for POST and PUT. */
  request: (f: Fixtures) => Promise<{ url: string; payload?: object }> | { url: string; payload?: object };
  /** What a caller the rule lets through gets (default 200). */
  status?: number;
  /** Instead of `status`: any of these (a release is made by the first caller, the others get it back). */
  statuses?: number[];
  /** For redirects: where to. */
  location?: (location: string) => boolean;
  /** For an answer that is not a success: the handler's own problem detail, never an access refusal's. */
  detail?: RegExp;
  /** The call ends the caller's session: callers go one at a time and sign in again after. */
  endsSession?: true;
};

/** A report id no build has. */
const NO_REPORT = '7b0c3a2e-1d55-4a43-9a1f-9d2f1f0b8c11';

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${(counter += 1)}`;
const email = (who: string) => `${who}-${unique()}@test.oslo.kommune.no`;
const PASSWORD = 'et langt nok passord';
const serviceBody = () => ({
  name: `Matrisetest ${unique()}`,
  description: 'Et tilbud som autorisasjonsmatrisen lager.',
  kind: 'other',
  districts: ['alna'],
});
const crisisLineBody = (note = '') => ({
  name: { nb: 'Matrisetelefonen', en: 'Matrix line' },
  phone: { display: '22 00 00 00', tel: '+4722000000' },
  organization: 'Autorisasjonsmatrisen',
  hours: { nb: 'Døgnåpen', en: 'Open 24/7' },
  is24_7: true,
  audience: { nb: 'Testere', en: 'Testers' },
  sortOrder: 999,
  active: false,
  sourceNote: note,
});
const get = (url: (f: Fixtures) => string): Example => ({ request: (f) => ({ url: url(f) }) });
/** The intake unit of the matrix (109 places: every caller's fixtures fit); institution staff hold it in their scope. */
const INTAKE_UNIT = 'kommunale-mestringsenheter';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const today = () => new Date().toISOString().slice(0, 10);
const OIDC_PROVIDER = 'matrise';
/** Today in Oslo (the intake rules count Oslo's days). */
const osloToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const osloInDays = (days: number) => new Date(Date.parse(`${osloToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const immediateDischargeBody = () => ({
  at: new Date().toISOString(),
  incident: { kind: 'threats', description: 'Matrisetest: truet en ansatt.' },
  barUntil: inDays(30),
});
const agreementBody = (personId: string) => ({
  personId,
  unitId: INTAKE_UNIT,
  nightsPerStay: 3,
  staysPerPeriod: 2,
  periodDays: 30,
  validFrom: osloToday(),
  validTo: osloInDays(90),
});

/** The unit the matrix's requests are offered places at (63 places; not INTAKE_UNIT, whose places the other intake fixtures use). */
const REQUEST_UNIT = 'kommunale-omsorgssentre-aktiv-rus';
const decisionBody = (personId: string) => ({
  personId,
  category: 'care_active_use',
  period: { from: today() },
  needs: { substance: 'active_use', somaticCare: false },
  urgency: 'normal',
});

/** One valid request per route; the key is the route as Fastify registered it. */
/** A discharge-ready notice in our JSON, for an 'alna' patient with a fresh national ID. */
const dischargeNotice = () => ({
  nationalId: syntheticNationalId(),
  hospital: 'Oslo universitetssykehus',
  ward: 'Matrisepost',
  readyAt: new Date(Date.now() - 60_000).toISOString(),
  district: 'alna',
  needs: 'Bolig med oppfølging',
});
/** The same as a FHIR R4 Bundle (Task + ServiceRequest + Patient). */
const dischargeBundle = () => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:7d5c0000-0000-4000-8000-000000000001',
      resource: {
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        for: { reference: 'urn:uuid:7d5c0000-0000-4000-8000-000000000003' },
        authoredOn: new Date(Date.now() - 60_000).toISOString(),
        requester: { display: 'Oslo universitetssykehus' },
        location: { display: 'Matrisepost' },
      },
    },
    {
      fullUrl: 'urn:uuid:7d5c0000-0000-4000-8000-000000000002',
      resource: {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: 'urn:uuid:7d5c0000-0000-4000-8000-000000000003' },
        code: { text: 'Bolig med oppfølging' },
      },
    },
    {
      fullUrl: 'urn:uuid:7d5c0000-0000-4000-8000-000000000003',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: syntheticNationalId() }],
        address: [{ use: 'home', city: 'Oslo', district: 'Alna' }],
      },
    },
  ],
});

const EXAMPLES: Record<string, Example> = {
  'GET /healthz': get(() => '/healthz'),
  'GET /api/openapi.json': get(() => '/api/openapi.json'),

  'POST /api/auth/login': { request: (f) => ({ url: '/api/auth/login', payload: f.login }), endsSession: true },
  'GET /api/auth/me': get(() => '/api/auth/me'),
  'POST /api/auth/logout': { request: () => ({ url: '/api/auth/logout' }), status: 204, endsSession: true },
  'POST /api/auth/logout-everywhere': { request: () => ({ url: '/api/auth/logout-everywhere' }), status: 204, endsSession: true },
  'GET /api/auth/providers': get(() => '/api/auth/providers'),
  'GET /api/auth/oidc/:provider/start': {
    request: () => ({ url: `/api/auth/oidc/${OIDC_PROVIDER}/start?returnTo=/redigering` }),
    status: 302,
    location: (l) => l.includes('/authorize?') && l.includes('code_challenge_method=S256'),
  },
  // A real callback needs a sign-in at the identity provider (oidc.int.test.ts does that end to
  // end). Here no sign-in was started, so every caller is sent back to the sign-in page to retry.
  'GET /api/auth/oidc/:provider/callback': {
    request: () => ({ url: `/api/auth/oidc/${OIDC_PROVIDER}/callback?code=abc&state=def` }),
    status: 302,
    location: (l) => l === '/logg-inn?error=oidc_failed',
  },

  'GET /api/services': get(() => '/api/services?q=rus&district=alna'),
  'GET /api/services/:id': get((f) => `/api/services/${f.serviceId}`),
  'GET /api/vocabulary': get(() => '/api/vocabulary'),
  'GET /api/gap-matrix': get(() => '/api/gap-matrix'),
  'GET /api/organizations': get(() => '/api/organizations'),
  'POST /api/services/:id/error-reports': {
    request: (f) => ({
      url: `/api/services/${f.serviceId}/error-reports`,
      payload: { message: 'Telefonnummeret på siden er feil.', contact: null },
    }),
    status: 201,
  },
  'POST /api/services': { request: () => ({ url: '/api/services', payload: serviceBody() }), status: 201 },
  'PUT /api/services/:id': {
    request: async (f) => {
      const s = await f.newService();
      return { url: `/api/services/${s.id}`, payload: { version: s.version, service: serviceBody() } };
    },
  },
  'POST /api/services/:id/close': {
    request: async (f) => {
      const s = await f.newService();
      return { url: `/api/services/${s.id}/close`, payload: { version: s.version, closedOn: today(), note: 'Lagt ned.' } };
    },
  },
  'POST /api/services/:id/verify': {
    request: async (f) => {
      const s = await f.newService();
      return { url: `/api/services/${s.id}/verify`, payload: { version: s.version } };
    },
  },
  'PUT /api/services/:id/intake-status': {
    request: (f) => ({ url: `/api/services/${f.serviceId}/intake-status`, payload: { intakeStatus: 'waiting_list' } }),
  },
  'GET /api/services/:id/history': get((f) => `/api/services/${f.serviceId}/history`),
  'POST /api/services/:id/undo-close': {
    request: async (f) => {
      const s = await f.newService();
      // Not closed: an editor's call gets past the access check and is refused as a conflict.
      return { url: `/api/services/${s.id}/undo-close`, payload: { version: s.version } };
    },
    status: 409,
    detail: /never been closed/,
  },
  'GET /api/services/:id/intake-status/history': get((f) => `/api/services/${f.serviceId}/intake-status/history`),
  'GET /api/editor/stale': get(() => '/api/editor/stale?months=6'),
  'GET /api/catalog/changes/stream': get(() => '/api/catalog/changes/stream'),
  'GET /api/editor/error-reports': get(() => '/api/editor/error-reports?status=open'),
  'POST /api/editor/error-reports/:id/handle': {
    request: async (f) => ({
      url: `/api/editor/error-reports/${await f.newErrorReport()}/handle`,
      payload: { status: 'resolved', note: 'Rettet.' },
    }),
  },
  'POST /api/editor/error-reports/:id/confirm': {
    request: async (f) => ({ url: `/api/editor/error-reports/${await f.newErrorReport()}/confirm` }),
  },
  'GET /api/editor/services': get(() => '/api/editor/services?q=rus'),
  'GET /api/editor/services/:id': get((f) => `/api/editor/services/${f.serviceId}`),
  'GET /api/editor/worklist/contact': get(() => '/api/editor/worklist/contact'),

  'GET /api/crisis-lines': get(() => '/api/crisis-lines'),
  'GET /api/crisis-lines/all': get(() => '/api/crisis-lines/all'),
  'POST /api/crisis-lines': {
    request: () => ({ url: '/api/crisis-lines', payload: { key: `matrise-${unique()}`, line: crisisLineBody() } }),
    status: 201,
  },
  'PUT /api/crisis-lines/:key': {
    request: async (f) => {
      const l = await f.newCrisisLine();
      return { url: `/api/crisis-lines/${l.key}`, payload: { version: l.version, line: crisisLineBody('Endret.') } };
    },
  },
  'GET /api/crisis-lines/:key/history': get(() => '/api/crisis-lines/amk-113/history'),

  'GET /api/capacity': get(() => '/api/capacity'),
  'GET /api/capacity/stream': get(() => '/api/capacity/stream'),
  'GET /api/capacity/history': get(() => `/api/capacity/history?unit=${INTAKE_UNIT}&from=${inDays(-7)}&to=${inDays(0)}`),
  'POST /api/capacity/units/:id/blocks': {
    request: () => ({ url: `/api/capacity/units/${INTAKE_UNIT}/blocks`, payload: { places: 1, reason: 'Matrisetest', until: inDays(3) } }),
    status: 201,
  },
  'POST /api/capacity/blocks/:id/end': { request: async (f) => ({ url: `/api/capacity/blocks/${await f.newBlock()}/end` }) },
  'POST /api/intake/holds': {
    request: async (f) => ({
      url: '/api/intake/holds',
      payload: { unitId: INTAKE_UNIT, personId: await f.newPerson(), expiresAt: inHours(2) },
    }),
    status: 201,
  },
  'POST /api/intake/holds/:id/release': { request: async (f) => ({ url: `/api/intake/holds/${await f.newHold()}/release` }) },
  'POST /api/intake/stays': {
    request: async (f) => ({ url: '/api/intake/stays', payload: { unitId: INTAKE_UNIT, personId: await f.newPerson() } }),
    status: 201,
  },
  'POST /api/intake/stays/:id/discharge': {
    request: async (f) => ({
      url: `/api/intake/stays/${await f.newStay()}/discharge`,
      payload: { dischargedAt: new Date().toISOString(), destination: 'own_home' },
    }),
  },
  'GET /api/intake/units/:id/stays': get(() => `/api/intake/units/${INTAKE_UNIT}/stays`),
  'POST /api/intake/stays/:id/immediate-discharge': {
    request: async (f) => ({ url: `/api/intake/stays/${await f.newStay()}/immediate-discharge`, payload: immediateDischargeBody() }),
  },
  'GET /api/intake/tasks': get(() => '/api/intake/tasks'),
  'GET /api/intake/tasks/:id': { request: async (f) => ({ url: `/api/intake/tasks/${await f.newTask()}` }) },
  'POST /api/intake/tasks/:id/take': { request: async (f) => ({ url: `/api/intake/tasks/${await f.newTask()}/take` }) },
  'POST /api/intake/tasks/:id/assign': {
    request: async (f) => ({ url: `/api/intake/tasks/${await f.newTask()}/assign`, payload: { team: 'district' } }),
  },
  'POST /api/intake/tasks/:id/close': {
    request: async (f) => ({ url: `/api/intake/tasks/${await f.newTask()}/close`, payload: { outcome: 'placed', note: 'Ny plass.' } }),
  },
  'POST /api/intake/user-controlled/agreements': {
    request: async (f) => ({ url: '/api/intake/user-controlled/agreements', payload: agreementBody(await f.newPerson()) }),
    status: 201,
  },
  'GET /api/intake/user-controlled/agreements': get(() => `/api/intake/user-controlled/agreements?unitId=${INTAKE_UNIT}`),
  'POST /api/intake/user-controlled/agreements/:id/stays': {
    request: async (f) => ({
      url: `/api/intake/user-controlled/agreements/${await f.newAgreement()}/stays`,
      payload: { from: osloToday(), to: osloInDays(1) },
    }),
    status: 201,
  },
  // Caseworkers record in their district, institution staff at their unit: one request cannot be
  // both, so the example is a unit in nobody's scope, which both roles' calls reach and the use-case
  // refuses (the successes are in src/intake/transitions.int.test.ts).
  'POST /api/intake/quality-of-life': {
    request: (f) => ({
      url: '/api/intake/quality-of-life',
      payload: { personId: f.personId, answeredOn: osloToday(), setting: 'institution', unitId: 'gatehospitalet', score: 4 },
    }),
    status: 403,
    detail: /^unitId: this unit is outside your scope$/,
  },
  'GET /api/intake/persons/:id/quality-of-life': get((f) => `/api/intake/persons/${f.personId}/quality-of-life`),

  'POST /api/intake/requests': {
    request: async (f) => ({ url: '/api/intake/requests', payload: decisionBody(await f.newPerson()) }),
    status: 201,
  },
  'GET /api/intake/requests': get(() => '/api/intake/requests?status=sent'),
  'GET /api/intake/requests/stream': get(() => '/api/intake/requests/stream'),
  'GET /api/intake/requests/:id': { request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest()}` }) },
  'GET /api/intake/requests/:id/matches': { request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest()}/matches` }) },
  'GET /api/intake/queue': get(() => '/api/intake/queue'),
  'POST /api/intake/requests/:id/receive': { request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest()}/receive` }) },
  'POST /api/intake/requests/:id/offer': {
    request: async (f) => ({
      url: `/api/intake/requests/${await f.newRequest('received')}/offer`,
      payload: { unitId: REQUEST_UNIT, expiresAt: inHours(2) },
    }),
  },
  'POST /api/intake/requests/:id/accept': {
    request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest('offered')}/accept` }),
  },
  'POST /api/intake/requests/:id/decline': {
    request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest('offered')}/decline`, payload: { reason: 'Takket nei' } }),
  },
  'POST /api/intake/requests/:id/admit': {
    request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest('accepted')}/admit`, payload: {} }),
  },
  'POST /api/intake/requests/:id/reject': {
    request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest()}/reject`, payload: { reason: 'Matrisetest' } }),
  },
  'POST /api/intake/requests/:id/withdraw': {
    request: async (f) => ({ url: `/api/intake/requests/${await f.newRequest()}/withdraw`, payload: { reason: 'Matrisetest' } }),
  },
  'GET /api/intake/notices': get(() => '/api/intake/notices'),
  'POST /api/intake/notices/:id/read': { request: async (f) => ({ url: `/api/intake/notices/${await f.newNotice()}/read` }) },

  'POST /api/discharge-ready': { request: () => ({ url: '/api/discharge-ready', payload: dischargeNotice() }), status: 201 },
  'POST /api/discharge-ready/fhir': { request: () => ({ url: '/api/discharge-ready/fhir', payload: dischargeBundle() }), status: 201 },
  'GET /api/discharge-ready': get(() => '/api/discharge-ready?limit=5'),
  'GET /api/discharge-ready/:id': { request: async (f) => ({ url: `/api/discharge-ready/${await f.newDischargeReady()}` }) },
  'POST /api/discharge-ready/:id/answer': {
    request: async (f) => ({
      url: `/api/discharge-ready/${await f.newDischargeReady()}/answer`,
      payload: { canReceive: false, reason: 'Matrise' },
    }),
  },
  'POST /api/discharge-ready/:id/summary': {
    request: async (f) => ({ url: `/api/discharge-ready/${await f.newDischargeReady()}/summary`, payload: {} }),
  },

  'GET /hsds/': get(() => '/hsds/'),
  'GET /hsds/services': get(() => '/hsds/services?per_page=5'),
  'GET /hsds/services/:id': get((f) => `/hsds/services/${f.serviceId}`),
  'GET /hsds/service_at_locations': get(() => '/hsds/service_at_locations?per_page=5'),
  'GET /hsds/service_at_locations/:id': get((f) => `/hsds/service_at_locations/${f.serviceAtLocationId}`),
  'GET /hsds/organizations': get(() => '/hsds/organizations?per_page=5'),
  'GET /hsds/organizations/:id': get((f) => `/hsds/organizations/${f.organizationId}`),
  'GET /hsds/taxonomies': get(() => '/hsds/taxonomies'),
  'GET /hsds/taxonomies/:id': get((f) => `/hsds/taxonomies/${f.taxonomyId}`),
  'GET /hsds/taxonomy_terms': get(() => '/hsds/taxonomy_terms?per_page=5'),
  'GET /hsds/taxonomy_terms/:id': get((f) => `/hsds/taxonomy_terms/${f.termId}`),

  'POST /api/persons': {
    request: () => ({
      url: '/api/persons',
      payload: { nationalId: syntheticNationalId(), givenName: 'Matrise', familyName: 'Testesen', district: 'alna' },
    }),
    status: 201,
  },
  'GET /api/persons': get(() => '/api/persons?purpose=case_handling&limit=10'),
  'GET /api/persons/:id': get((f) => `/api/persons/${f.personId}?purpose=case_handling`),
  'GET /api/persons/:id/identity': get((f) => `/api/persons/${f.personId}/identity?purpose=case_handling`),
  'GET /api/analysis/persons': get(() => '/api/analysis/persons'),

  'GET /api/admin/audit': get(() => '/api/admin/audit?action=create_user&limit=10'),
  'GET /api/admin/audit/verify': get(() => '/api/admin/audit/verify'),
  'GET /api/admin/jobs': get(() => '/api/admin/jobs?state=failed'),
  'POST /api/admin/access-report': { request: (f) => ({ url: '/api/admin/access-report', payload: { nationalId: f.personNationalId } }) },
  'GET /api/admin/users': get(() => '/api/admin/users'),
  'POST /api/admin/users': {
    request: () => ({
      url: '/api/admin/users',
      payload: { email: email('matrise'), displayName: 'Ny Analytiker', password: PASSWORD, roles: ['analyst'] },
    }),
    status: 201,
  },
  'PUT /api/admin/users/:id': {
    request: (f) => ({ url: `/api/admin/users/${f.userId}`, payload: { roles: ['analyst'], districts: [], units: [], disabled: false } }),
  },
  'PUT /api/admin/users/:id/identity': {
    request: (f) => ({
      url: `/api/admin/users/${f.userId}/identity`,
      payload: { identity: { issuer: 'https://idporten.no', subject: `matrise-${unique()}` } },
    }),
  },
  // Users exist here, so even a fresh token is refused: by the handler, whoever calls. Creating the
  // first administrator with it, on an empty database, is the last test below.
  'POST /api/setup': {
    request: async (f) => ({
      url: '/api/setup',
      payload: { token: await f.newSetupToken(), email: email('forste'), displayName: 'Første Admin', password: PASSWORD },
    }),
    status: 403,
    detail: /^token: the setup link is invalid, used or expired$/,
  },

  'GET /api/stats/indicators': get(() => '/api/stats/indicators'),
  'GET /api/stats/indicators/:id': get(() => '/api/stats/indicators/lar_patients_per_1000_adults?period=2024'),
  'GET /api/stats/indicators/:id/download': get(() => '/api/stats/indicators/lar_patients_per_1000_adults/download?format=csv'),
  'GET /api/stats/layouts': get(() => '/api/stats/layouts'),
  'GET /api/stats/imports': get(() => '/api/stats/imports'),
  // A JSON body instead of the multipart upload: refused by the handler (415), whoever may call it.
  'POST /api/stats/imports': { request: () => ({ url: '/api/stats/imports', payload: {} }), status: 415, detail: /multipart\/form-data/ },
  // An unknown release, so the handler answers without queueing (the matrix does not start the job queue).
  'POST /api/stats/reports': {
    request: () => ({ url: '/api/stats/reports', payload: { lang: 'nb', release: 'none-such' } }),
    status: 404,
    detail: /^Release none-such was not found$/,
  },
  'GET /api/stats/reports': get(() => '/api/stats/reports'),
  'GET /api/stats/reports/latest': {
    request: () => ({ url: '/api/stats/reports/latest?lang=en' }),
    status: 404,
    detail: /finished en report/,
  },
  'GET /api/stats/reports/:id': { request: () => ({ url: `/api/stats/reports/${NO_REPORT}` }), status: 404, detail: /^Report / },
  'GET /api/stats/reports/:id/report.html': {
    request: () => ({ url: `/api/stats/reports/${NO_REPORT}/report.html` }),
    status: 404,
    detail: /^Report /,
  },
  'GET /api/stats/reports/:id/report.pdf': {
    request: () => ({ url: `/api/stats/reports/${NO_REPORT}/report.pdf` }),
    status: 404,
    detail: /^Report /,
  },
  'GET /api/stats/releases': get(() => '/api/stats/releases'),
  // Release 1 is the one a fresh install makes at seed.
  'GET /api/stats/releases/:id': get(() => '/api/stats/releases/1'),
  'GET /api/stats/releases/:id/changes': get(() => '/api/stats/releases/1/changes'),
  'GET /api/stats/releases/:id/linkage': get(() => '/api/stats/releases/1/linkage'),
  // Made from the current data (201), or, when nothing changed since the latest release, that release (200).
  'POST /api/stats/releases': { request: () => ({ url: '/api/stats/releases' }), statuses: [200, 201] },
};

const routeKey = (rule: { method: string; url: string }) => `${rule.method} ${rule.url}`;

/** What the declared rule and the permission table promise this caller. */
function promised(rule: RouteRule, caller: Caller): 'allowed' | 401 | 403 {
  if (rule.access === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (rule.access === 'authenticated') return 'allowed';
  return permissionTable().can([caller], rule.access) ? 'allowed' : 403;
}

/** An identity provider that only answers discovery: enough for a sign-in to start. */
async function startDiscoveryOnlyProvider(): Promise<{ issuer: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/openid-configuration') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, server };
}

describe.each(testDatabaseKinds())('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  let idp: { issuer: string; server: Server };
  let fixtures: Fixtures;
  const accounts = new Map<Role, { email: string; password: string }>();
  const sessions = new Map<Role, Headers>();
  const signInAgain = async (role: Role) => {
    sessions.set(role, await logIn(t, accounts.get(role)!));
  };

  beforeAll(async () => {
    idp = await startDiscoveryOnlyProvider();
    t = await createTestApp(kind, {
      publicUrl: 'http://127.0.0.1:8080',
      oidcProviders: [{ id: OIDC_PROVIDER, name: 'Matrise-ID', issuer: idp.issuer, clientId: 'veiviser', scopes: ['openid', 'email'] }],
    });
    for (const role of ROLES) {
      const { email, password, headers } = await signIn(t, [role], { districts: ['alna'], units: ['valle', INTAKE_UNIT] });
      accounts.set(role, { email, password });
      sessions.set(role, headers);
    }

    // Fixtures through the API, as a user outside the matrix who may make them all.
    const maker = (await signIn(t, ['administrator', 'catalog_editor', 'common_intake'])).headers;
    const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object, status = method === 'POST' ? 201 : 200): Promise<T> => {
      const response = await t.app.inject({ method, url, headers: maker, ...(payload ? { payload } : {}) });
      if (response.statusCode !== status) throw new Error(`fixture ${method} ${url}: ${response.statusCode} ${response.body}`);
      return response.json<T>();
    };
    const newService = () => call<{ id: string; version: number }>('POST', '/api/services', serviceBody());
    const first = async (url: string) => (await call<{ contents: { id: string }[] }>('GET', url)).contents[0]!.id;
    const personNationalId = syntheticNationalId();
    const personBody = { nationalId: personNationalId, givenName: 'Kari', familyName: 'Matrise', district: 'alna', unit: 'valle' };
    const person = await call<{ id: string }>('POST', '/api/persons', personBody);
    const newPerson = async () =>
      (
        await call<{ id: string }>('POST', '/api/persons', {
          nationalId: syntheticNationalId(),
          givenName: 'Inntak',
          familyName: 'Matrise',
          district: 'alna',
        })
      ).id;
    const decider = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    const step = async (id: string, verb: string, payload?: object) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/intake/requests/${id}/${verb}`,
        headers: maker,
        ...(payload ? { payload } : {}),
      });
      if (response.statusCode !== 200) throw new Error(`fixture ${verb} ${id}: ${response.statusCode} ${response.body}`);
    };
    const newRequest = async (upTo: 'sent' | 'received' | 'offered' | 'accepted' = 'sent') => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/intake/requests',
        headers: decider,
        payload: decisionBody(await newPerson()),
      });
      if (response.statusCode !== 201) throw new Error(`fixture request: ${response.statusCode} ${response.body}`);
      const { id } = response.json<{ id: string }>();
      if (upTo === 'sent') return id;
      await step(id, 'receive');
      if (upTo === 'received') return id;
      await step(id, 'offer', { unitId: REQUEST_UNIT, expiresAt: inHours(2) });
      if (upTo === 'offered') return id;
      await step(id, 'accept');
      return id;
    };
    const login = { email: email('innlogging'), password: PASSWORD };
    const userBody = { email: email('endres'), displayName: 'Endres', password: PASSWORD, roles: [] };
    const user = await call<{ id: string }>('POST', '/api/admin/users', userBody);
    await call('POST', '/api/admin/users', { ...login, displayName: 'Logger inn', roles: ['analyst'] });
    fixtures = {
      serviceId: (await newService()).id,
      serviceAtLocationId: await first('/hsds/service_at_locations?per_page=1'),
      organizationId: await first('/hsds/organizations?per_page=1'),
      taxonomyId: await first('/hsds/taxonomies?per_page=1'),
      termId: await first('/hsds/taxonomy_terms?per_page=1'),
      personId: person.id,
      personNationalId,
      userId: user.id,
      login,
      newService,
      newErrorReport: async () => {
        const { id } = await newService();
        return (await call<{ id: string }>('POST', `/api/services/${id}/error-reports`, { message: 'Adressen er feil her.' })).id;
      },
      newSetupToken: () => createSetupToken(t.db),
      newCrisisLine: () => call('POST', '/api/crisis-lines', { key: `matrise-${unique()}`, line: crisisLineBody() }),
      newPerson,
      newBlock: async () =>
        (
          await call<{ id: string }>('POST', `/api/capacity/units/${INTAKE_UNIT}/blocks`, {
            places: 1,
            reason: 'Fikstur',
            until: inDays(2),
          })
        ).id,
      newHold: async () =>
        (
          await call<{ id: string }>('POST', '/api/intake/holds', {
            unitId: INTAKE_UNIT,
            personId: await newPerson(),
            expiresAt: inHours(2),
          })
        ).id,
      newStay: async () =>
        (await call<{ id: string }>('POST', '/api/intake/stays', { unitId: INTAKE_UNIT, personId: await newPerson() })).id,
      newTask: async () => {
        const stay = await call<{ id: string }>('POST', '/api/intake/stays', { unitId: INTAKE_UNIT, personId: await newPerson() });
        const discharged = await call<{ task: { id: string } }>(
          'POST',
          `/api/intake/stays/${stay.id}/immediate-discharge`,
          immediateDischargeBody(),
          200,
        );
        return discharged.task.id;
      },
      newAgreement: async () =>
        (await call<{ id: string }>('POST', '/api/intake/user-controlled/agreements', agreementBody(await newPerson()))).id,
      newRequest,
      // A waiting request of Alna's, then a place freed at its unit: the notice goes to Alna.
      newNotice: async () => {
        await newRequest();
        const block = await call<{ id: string }>('POST', `/api/capacity/units/${REQUEST_UNIT}/blocks`, {
          places: 1,
          reason: 'Fikstur',
          until: inDays(2),
        });
        await call('POST', `/api/capacity/blocks/${block.id}/end`, undefined, 200);
        const notice = await t.db
          .selectFrom('intake_notice')
          .select('id')
          .where('freed_ref', '=', `block:${block.id}`)
          .executeTakeFirstOrThrow();
        return notice.id;
      },
      newDischargeReady: async () => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/discharge-ready',
          headers: sessions.get('hospital_liaison')!,
          payload: dischargeNotice(),
        });
        if (response.statusCode !== 201) throw new Error(`fixture discharge-ready: ${response.statusCode} ${response.body}`);
        return response.json<{ id: string }>().id;
      },
    };
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => idp?.server.close(resolve));
  });

  const routes = () => t.app.routeRules().filter((r) => r.method !== 'HEAD' && !r.webFile);

  it('has an example request for every route, and none for a route that does not exist', () => {
    const keys = routes().map(routeKey);
    expect(keys.length).toBeGreaterThan(30);
    expect(
      keys.filter((k) => !(k in EXAMPLES)),
      'routes without an example in EXAMPLES',
    ).toEqual([]);
    expect(
      Object.keys(EXAMPLES).filter((k) => !keys.includes(k)),
      'examples for routes that do not exist',
    ).toEqual([]);
  });

  const allowedOrRefused = 'answers every valid request with success to every caller its rule allows, and 401 or 403 to every other';
  it(allowedOrRefused, { timeout: 120_000 }, async () => {
    const mismatches: string[] = [];
    const table: string[] = [];
    const call = async (rule: RouteRule, example: Example, caller: Caller): Promise<string> => {
      const { url, payload } = await example.request(fixtures);
      // An event stream (…/stream) never ends by itself: take its status and let go; closing the app ends it.
      const stream = rule.url.endsWith('/stream');
      const response = await t.app.inject({
        method: rule.method as 'GET',
        url,
        headers: caller === 'anonymous' ? {} : sessions.get(caller)!,
        ...(payload ? { payload } : {}),
        ...(stream ? { payloadAsStream: true } : {}),
      });
      if (stream) response.stream().destroy();
      const body = stream ? '' : response.body;
      const want = promised(rule, caller);
      const status = response.statusCode;
      let problem: string | null = null;
      if (want !== 'allowed') {
        if (status !== want) problem = `expected ${want}`;
      } else if (!(example.statuses ?? [example.status ?? 200]).includes(status)) {
        problem = `expected ${(example.statuses ?? [example.status ?? 200]).join(' or ')}`;
      } else if (example.location && !example.location(String(response.headers.location))) {
        problem = `redirected to ${String(response.headers.location)}`;
      } else if (example.detail && !example.detail.test(response.json<{ detail: string }>().detail)) {
        problem = 'not the handler’s own answer';
      }
      if (problem) mismatches.push(`${rule.method} ${url} as ${caller}: ${status}, ${problem} (${body.slice(0, 160)})`);
      return String(status);
    };
    const callers: Caller[] = ['anonymous', ...ROLES];
    for (const rule of routes()) {
      const example = EXAMPLES[routeKey(rule)];
      if (!example) continue; // reported by the test above
      let row: string[];
      if (example.endsSession) {
        row = [];
        for (const caller of callers) {
          row.push(await call(rule, example, caller));
          if (caller !== 'anonymous') await signInAgain(caller);
        }
      } else {
        row = await Promise.all(callers.map((caller) => call(rule, example, caller)));
      }
      table.push(`${routeKey(rule)}: ${row.join(' ')}`);
    }
    expect(mismatches, `route × caller (anonymous, ${ROLES.join(', ')}):\n${table.join('\n')}`).toEqual([]);
  });

  it(
    'writes an audit row for each use and each refusal of a permission whose spec says they are audited',
    { timeout: 120_000 },
    async () => {
      const permissions = permissionTable();
      const auditRows = async () => {
        // Some hot paths record their rows pending and chain them just after commit: chain them first.
        await flushPendingAudit(t.db);
        return Number(
          (
            await t.db
              .selectFrom('audit_event')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      };
      const unaudited: string[] = [];
      let checked = 0;
      for (const rule of routes()) {
        const example = EXAMPLES[routeKey(rule)];
        if (!example || rule.access === 'public' || rule.access === 'authenticated' || example.endsSession) continue;
        const spec = permissions.spec(rule.access);
        const allowed = ROLES.find((role) => permissions.can([role], rule.access));
        const send = async (headers: Headers | Record<string, never>) => {
          const { url, payload } = await example.request(fixtures);
          const before = await auditRows();
          await t.app.inject({ method: rule.method as 'GET', url, headers, ...(payload ? { payload } : {}) });
          return (await auditRows()) - before;
        };
        if (spec.audit.uses && allowed) {
          checked += 1;
          if ((await send(sessions.get(allowed)!)) < 1)
            unaudited.push(`${routeKey(rule)}: an allowed use as ${allowed} wrote no audit row`);
        }
        if (spec.audit.refusals) {
          checked += 1;
          if ((await send({})) < 1) unaudited.push(`${routeKey(rule)}: a refusal wrote no audit row`);
        }
      }
      expect(checked).toBeGreaterThan(5);
      expect(unaudited).toEqual([]);
    },
  );

  it('refuses to register a route that declares no access rule', async () => {
    const app = Fastify();
    await app.register(cookie);
    await app.register(authPlugin, { db: t.db, permissions: permissionTable() });
    expect(() => app.get('/api/new-route-without-a-rule', async () => 'oops')).toThrow(/declares no access rule/);
    await app.close();
  });

  it('creates the first administrator with a setup token on a database without users, once', async () => {
    const empty = await createTestApp(kind);
    try {
      const token = await createSetupToken(empty.db);
      const body = { token, email: email('forste'), displayName: 'Første Admin', password: PASSWORD };
      const post = (url: string, payload: object) => empty.app.inject({ method: 'POST', url, payload });
      const created = await post('/api/setup', body);
      expect(created.statusCode, created.body).toBe(201);
      const login = await post('/api/auth/login', { email: body.email, password: PASSWORD });
      expect(login.json<{ roles: string[] }>().roles).toEqual(['administrator']);
      const again = await post('/api/setup', { ...body, email: email('andre') });
      expect(again.statusCode).toBe(403);
    } finally {
      await empty.close();
    }
  });
});
