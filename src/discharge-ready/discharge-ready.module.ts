import type { ModulePermission } from '../access/permissions.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { dischargeReadyRoutes } from './discharge-ready.routes.ts';
import { sendPaymentAlerts } from './discharge-ready.service.ts';
import { dischargeReadyMigrations } from './migrations/index.ts';

/** The job that stores and publishes the "payment starts soon" alert of unanswered notifications. */
export const PAYMENT_ALERT_JOB = 'discharge-ready-payment-alerts';

/**
 * The discharge-ready module's permissions. Hospital liaisons notify and see their own notices
 * (row-level security: the rows they wrote); district caseworkers see and answer their districts'
 * notices; common intake every district's. Every use is audited with the person.
 */
export const DISCHARGE_READY_PERMISSIONS = {
  'discharge:notify': {
    description: 'Notify that a patient is discharge-ready (staff form, JSON or FHIR R4 API)',
    roles: ['hospital_liaison'],
    audit: { refusals: true, uses: true },
  },
  'discharge:read': {
    description: "See discharge-ready notices with their day counters and evidence: a liaison's own, a district's, or all (common intake)",
    roles: ['hospital_liaison', 'district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
  'discharge:answer': {
    description: "Answer a discharge-ready notice (can receive on a day, or cannot and why); record the discharge summary's arrival",
    roles: ['district_caseworker', 'common_intake'],
    audit: { refusals: true, uses: true },
  },
} as const satisfies Record<string, ModulePermission>;

/** Discharge-ready patients (*utskrivningsklare*): hospital notices, district answers, payment days and their alert. */
export const dischargeReadyModule: VeiviserModule = {
  name: 'discharge-ready',
  migrations: dischargeReadyMigrations,
  permissions: DISCHARGE_READY_PERMISSIONS,
  tags: [
    { name: 'discharge-ready', description: 'Discharge-ready patients: notices from hospitals (JSON, FHIR R4), answers, payment days' },
  ],
  defineJobs: (jobs, { db }) => {
    // Every minute: an alert is due at most a minute late, and well before the payment starts.
    jobs.define(PAYMENT_ALERT_JOB, async () => sendPaymentAlerts(db), { policy: 'short', retryLimit: 3, retryDelaySeconds: 10 });
    jobs.schedule(PAYMENT_ALERT_JOB, '* * * * *');
  },
  routes: async (app, { db, pseudonymKeys, config }) => {
    await app.register(dischargeReadyRoutes, { db, keys: pseudonymKeys, allowSyntheticIds: config.allowSyntheticIds });
  },
};
