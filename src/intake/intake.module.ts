import type { ModulePermission } from '../access/permissions.ts';
import { useDerivedIntakeStatusSource } from '../catalog/derived-intake-status.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { pruneIdempotencyKeys } from './idempotency.service.ts';
import { CAPACITY_CHANGED, REQUEST_CHANGED } from './intake-events.ts';
import { intakeRoutes } from './intake.routes.ts';
import { linkedIntakeStatuses, releaseExpired } from './intake.service.ts';
import { intakeMigrations } from './migrations/index.ts';
import { transitionsRoutes } from './transitions.routes.ts';
import { requestRoutes } from './requests.routes.ts';

/** The job that releases expired holds and ends past blocks (also done by every write on a unit). */
export const RELEASE_EXPIRED_JOB = 'intake-release-expired';

/** Stored answers of idempotent POSTs are kept this long (a client retries within minutes, not days). */
const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

/**
 * The intake module's permissions. Unit scope: institution staff work only on the units of their
 * scope (checked by the use-cases, mayWorkOnUnit); common intake on every unit. District scope:
 * caseworkers see and write only their districts' requests (requestScope); common intake all.
 * Hospital liaison has nothing here yet (its discharge-ready notifications are a later slice).
 */
export const INTAKE_PERMISSIONS = {
  'intake:read_capacity': {
    description: "See every open unit's places: occupied, held, blocked and free, live (no person data)",
    roles: ['district_caseworker', 'common_intake', 'institution_staff'],
    audit: { refusals: true, uses: false },
  },
  'intake:block': {
    description: "Block and unblock places (staffing, repairs) at a unit: every unit, or institution staff's own",
    roles: ['common_intake', 'institution_staff'],
    audit: { refusals: true, uses: false },
  },
  'intake:place': {
    description: 'Offer a place to a person: hold it until the offer expires, or withdraw the offer',
    roles: ['common_intake'],
    audit: { refusals: true, uses: true },
  },
  'intake:admit': {
    description: "Admit and discharge residents: at every unit, or institution staff's own",
    roles: ['common_intake', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'intake:discharge_immediately': {
    description:
      "Discharge at once for violence or threats (incident, bar from the unit, re-placement task): every unit, or institution staff's own",
    roles: ['common_intake', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'intake:replace': {
    description: 'Re-place people after an immediate discharge: see, take, assign and close re-placement tasks, city-wide',
    roles: ['common_intake'],
    audit: { refusals: true, uses: true },
  },
  'intake:user_controlled': {
    description:
      "User-controlled places: make agreements and ask for stays on a former resident's behalf: every unit, or institution staff's own",
    roles: ['common_intake', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'intake:record_quality_of_life': {
    description: "Record a client's quality-of-life answer: caseworkers in their districts (1–7), institution staff at their units (1–5)",
    roles: ['district_caseworker', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'intake:read_quality_of_life': {
    description: "Read a person's quality-of-life answers recorded in the own districts or units",
    roles: ['district_caseworker', 'institution_staff'],
    audit: { refusals: true, uses: true },
  },
  'intake:decide': {
    description: "Record a decision for a person in the own district and send it to common intake; withdraw the district's requests",
    roles: ['district_caseworker'],
    audit: { refusals: true, uses: true },
  },
  'intake:read_requests': {
    description: "See requests, their history and notices of freed places: the own districts', or every one (common intake)",
    roles: ['district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
  'intake:answer_offer': {
    description: "Record the person's answer to an offer (accept or decline): the own districts' requests, or every one",
    roles: ['district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
  'intake:handle_requests': {
    description: 'Handle every request: receive, match, offer a place, reject, admit; the waiting list',
    roles: ['common_intake'],
    audit: { refusals: true, uses: true },
  },
} as const satisfies Record<string, ModulePermission>;

/** One door in: units and their places, blocks, holds and stays, and the live capacity they add up to. */
export const intakeModule: VeiviserModule = {
  name: 'intake',
  migrations: intakeMigrations,
  permissions: INTAKE_PERMISSIONS,
  tags: [{ name: 'intake', description: 'Common intake: units, places, holds, stays and live capacity (staff)' }],
  pruners: [
    {
      name: 'stored idempotent answers',
      prune: async (trx, now) =>
        (await pruneIdempotencyKeys(trx, { olderThan: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS) })).deleted,
    },
  ],
  defineJobs: (jobs, { db }) => {
    // Every minute: an offer's place is free again within a minute of its expiry, on every instance's board.
    jobs.define(RELEASE_EXPIRED_JOB, async () => releaseExpired(db), { policy: 'short', retryLimit: 3, retryDelaySeconds: 10 });
    jobs.schedule(RELEASE_EXPIRED_JOB, '* * * * *');
  },
  routes: async (app, { db }) => {
    // A catalog entry linked to units shows the status their places give (the catalog's port; it imports nothing of intake).
    useDerivedIntakeStatusSource({ read: linkedIntakeStatuses, topics: [CAPACITY_CHANGED, REQUEST_CHANGED] });
    await app.register(intakeRoutes, { db });
    await app.register(transitionsRoutes, { db });
    await app.register(requestRoutes, { db });
  },
};
