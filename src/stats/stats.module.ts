import type { ModulePermission } from '../access/permissions.ts';
import type { VeiviserModule } from '../platform/module.ts';
import { statsMigrations } from './migrations/index.ts';
import { protect } from './disclosure/protect.ts';
import type { Protector } from './protection.ts';
import { statsRoutes } from './stats.routes.ts';
import { currentDataSource } from './report/current-source.ts';
import { buildReport, REPORT_JOB } from './report/report.service.ts';
import { reportRoutes } from './report/report.routes.ts';
import { z } from 'zod';

/** The stats module's permission; the published statistics themselves are public. */
export const STATS_PERMISSIONS = {
  'stats:import': {
    description: 'Import aggregate tables into the statistics (all or nothing, with source system, extraction date and period coverage)',
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
const reportSource = currentDataSource(protector);
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The analysis environment, first slice: catalogue, imports, computation, JSON-stat. */
export const statsModule: VeiviserModule = {
  name: 'stats',
  migrations: statsMigrations,
  permissions: STATS_PERMISSIONS,
  tags: [{ name: 'stats', description: 'Statistics: the indicator catalogue, JSON-stat 2.0 datasets, downloads and imports' }],
  routes: async (app, { db, jobs }) => {
    await app.register(statsRoutes, { db, protector });
    await app.register(reportRoutes, { db, jobs, source: reportSource, permission: 'stats:import' });
  },
  defineJobs: (jobs, { db, config }) => {
    // A report that failed once fails the same way: no retries; a build takes seconds, ten minutes is its limit.
    jobs.define(
      REPORT_JOB,
      async (payload) => buildReport(db, reportSource, { id: payload.id, chromiumPath: config.chromiumPath ?? DEFAULT_CHROMIUM }),
      {
        retryLimit: 0,
        expireInSeconds: 600,
        payload: z.object({ id: z.uuid() }),
      },
    );
  },
};
