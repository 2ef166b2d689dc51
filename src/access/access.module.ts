import type { VeiviserModule } from '../platform/module.ts';
import { accessRoutes } from './access.routes.ts';
import { adminRoutes } from './admin.routes.ts';
import { accessPruners } from './expiry.ts';
import { accessMigrations } from './migrations/index.ts';
import { oidcRoutes } from './oidc.routes.ts';
import { createOidcProviders } from './oidc.service.ts';
import { ACCESS_PERMISSIONS } from './permissions.ts';
import { personRoutes } from './persons.routes.ts';

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
  routes: async (app, { db, config, permissions, pseudonymKeys }) => {
    await app.register(accessRoutes, { db, permissions, secureCookies: config.secureCookies });
    const providers = createOidcProviders(config.oidcProviders ?? [], config.publicUrl ?? null);
    await app.register(oidcRoutes, { db, providers, secureCookies: config.secureCookies });
    await app.register(personRoutes, { db, keys: pseudonymKeys, allowSyntheticIds: config.allowSyntheticIds });
    await app.register(adminRoutes, { db, keys: pseudonymKeys, allowSyntheticIds: config.allowSyntheticIds });
  },
};
