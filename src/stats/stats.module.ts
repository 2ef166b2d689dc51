import type { ModulePermission } from '../access/permissions.ts';
import { DEFAULT_CHROMIUM_PATH } from '../platform/config.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { statsMigrations } from './migrations/index.ts';
import { auditRelease, protect } from './disclosure/protect.ts';
import type { Protector } from './protection.ts';
import { statsRoutes } from './stats.routes.ts';
import { buildReport, REPORT_JOB, type ReportSource } from './report/report.service.ts';
import { reportRoutes } from './report/report.routes.ts';
import { releaseReportSource, type Auditor } from './stats.service.ts';
import { z } from 'zod';

/** The stats module's permissions; the published statistics themselves are public. */
export const STATS_PERMISSIONS = {
  'stats:import': {
    description: 'Import aggregate tables into the statistics (all or nothing, with source system, extraction date and period coverage)',
    roles: ['analyst', 'administrator'],
    audit: { refusals: true, uses: false },
  },
  'stats:release': {
    description:
      'Make a statistics release: every indicator computed from the current imports, protected with one suppression ledger and audited',
    roles: ['analyst', 'administrator'],
    audit: { refusals: true, uses: false },
  },
} as const satisfies Record<string, ModulePermission>;

/**
 * The disclosure control the published counts go through: primary and secondary suppression
 * (Gaussian elimination), widened until every protected cell's interval computed with HiGHS is
 * wide enough (docs/disclosure.md).
 */
const protector: Protector = protect;
/** The independent check of a release's ledger: every suppressed value's interval with HiGHS. */
export const auditor: Auditor = (tables, ledger, options) => auditRelease(tables, ledger, options);
/** The report reads a release as the public API does. */
const reportSource: ReportSource = releaseReportSource;

/** The analysis environment, first slice: catalogue, imports, computation, JSON-stat. */
export const statsModule: VeiviserModule = {
  name: 'stats',
  migrations: statsMigrations,
  permissions: STATS_PERMISSIONS,
  tags: [{ name: 'stats', description: 'Statistics: the indicator catalogue, JSON-stat 2.0 datasets, downloads and imports' }],
  routes: async (app, { db, jobs }) => {
    await app.register(statsRoutes, { db, protector, auditor });
    await app.register(reportRoutes, { db, jobs, source: reportSource });
  },
  defineJobs: (jobs, { db, config }) => {
    // A report that failed once fails the same way: no retries; a build takes seconds, ten minutes is its limit.
    jobs.define(
      REPORT_JOB,
      async (payload) => buildReport(db, reportSource, { id: payload.id, chromiumPath: config.chromiumPath ?? DEFAULT_CHROMIUM_PATH }),
      {
        retryLimit: 0,
        expireInSeconds: 600,
        payload: z.object({ id: z.uuid() }),
      },
    );
  },
};
