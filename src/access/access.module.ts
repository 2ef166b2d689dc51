import type { VeiviserModule } from '../platform/module.ts';
import { accessRoutes } from './access.routes.ts';
import { adminRoutes } from './admin.routes.ts';
import { writeAuditCheckpoint } from './audit-checkpoint.ts';
import { accessPruners } from './expiry.ts';
import { accessMigrations } from './migrations/index.ts';
import { oidcRoutes } from './oidc.routes.ts';
import { createOidcProviders } from './oidc.service.ts';
import { ACCESS_PERMISSIONS } from './permissions.ts';
import { personRoutes } from './persons.routes.ts';

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/** Users, sessions, sign-in (local and OpenID Connect), persons and pseudonyms, the audit log. */
export const accessModule: VeiviserModule = {
  name: 'access',
  migrations: accessMigrations,
  permissions: ACCESS_PERMISSIONS,
  tags: [
    { name: 'auth', description: 'Sign-in and sessions' },
    { name: 'persons', description: 'Person data (scoped, audited)' },
    { name: 'admin', description: 'Administration and audit' },
  ],
  pruners: accessPruners,
  defineJobs: (jobs, { db, config, auditKeys }) => {
    // A signed checkpoint of the audit chain's head every 10 minutes (also at start and shutdown, in server.ts).
    jobs.define(AUDIT_CHECKPOINT_JOB, async () => writeAuditCheckpoint(db, { keys: auditKeys, file: config.auditCheckpointFile ?? null }), {
      policy: 'short',
      retryLimit: 3,
      retryDelaySeconds: 60,
    });
    jobs.schedule(AUDIT_CHECKPOINT_JOB, '*/10 * * * *');
  },
  routes: async (app, { db, config, permissions, pseudonymKeys, auditKeys }) => {
    await app.register(accessRoutes, { db, permissions, secureCookies: config.secureCookies });
    const providers = createOidcProviders(config.oidcProviders ?? [], config.publicUrl ?? null);
    await app.register(oidcRoutes, { db, providers, secureCookies: config.secureCookies });
    await app.register(personRoutes, { db, keys: pseudonymKeys, allowSyntheticIds: config.allowSyntheticIds });
    await app.register(adminRoutes, {
      db,
      keys: pseudonymKeys,
      allowSyntheticIds: config.allowSyntheticIds,
      audit: { keys: auditKeys, checkpointFile: config.auditCheckpointFile ?? null },
    });
  },
};
