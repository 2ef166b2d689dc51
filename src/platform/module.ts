import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { AuditKeys } from '../access/keys.ts';
import type { PseudonymKeys } from '../access/pseudonym.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import type { JobQueue } from './jobs/jobs.ts';
import type { Pruner } from './jobs/prune.ts';

/**
 * What one permission grants, to whom, and what the audit log keeps of it.
 * `refusals`: every 401/403 on a route that needs it is written to the audit log by the edge.
 * `uses`: every allowed use is written to the audit log (by the use-case, which knows the person
 * and purpose); the authorisation matrix test holds each route to it.
 */
export type PermissionSpec = {
  description: string;
  roles: readonly string[];
  audit: { refusals: boolean; uses: boolean };
};

/** Who may call a route: anyone, any signed-in user, or holders of one permission (`module:verb`). */
export type RouteAccess = 'public' | 'authenticated' | `${string}:${string}`;

/** The role × permission table composed from every module; the one place that answers "may they?". */
export class PermissionTable {
  readonly specs: ReadonlyMap<string, PermissionSpec>;

  constructor(modules: readonly Pick<VeiviserModule, 'name' | 'permissions'>[]) {
    const specs = new Map<string, PermissionSpec>();
    for (const module of modules) {
      for (const [name, spec] of Object.entries(module.permissions)) {
        if (specs.has(name)) throw new Error(`Permission ${name} is declared twice (again by module ${module.name})`);
        specs.set(name, spec);
      }
    }
    this.specs = specs;
  }

  /** The spec of a permission; throws for one no module declares (a typo in a route's access rule). */
  spec(permission: string): PermissionSpec {
    const spec = this.specs.get(permission);
    if (!spec) throw new Error(`No module declares the permission ${permission}`);
    return spec;
  }

  /** True when any of the roles grants the permission. */
  can(roles: readonly string[], permission: string): boolean {
    const allowed = this.spec(permission).roles;
    return roles.some((r) => allowed.includes(r));
  }

  /** Every permission the roles grant, in declaration order (what /api/auth/me tells the web). */
  permissionsOf(roles: readonly string[]): string[] {
    return [...this.specs.keys()].filter((p) => this.can(roles, p));
  }
}

/** What a module's routes and start-up get from the application. */
export type ModuleContext = {
  db: Db;
  config: AppConfig;
  permissions: PermissionTable;
  pseudonymKeys: PseudonymKeys;
  /** The keys of the audit chain and its signed checkpoints. */
  auditKeys: AuditKeys;
  /** The background job queue (pg-boss on a server, the single-process runner embedded). */
  jobs: JobQueue;
};

export type AppConfig = Pick<Config, 'logLevel' | 'secureCookies' | 'webDir' | 'allowSyntheticIds'> &
  Partial<Pick<Config, 'port' | 'publicUrl' | 'oidcProviders' | 'trustProxy' | 'auditCheckpointFile' | 'chromiumPath'>>;

/**
 * A module: one folder that brings its tables (by declaration merging into Database), its
 * migrations, its permissions, its routes and its OpenAPI tags. src/modules.ts lists them; the app,
 * the migrator, the permission table and the docs test compose that list.
 */
export type VeiviserModule = {
  name: string;
  /** Date-prefixed names, unique across modules: all modules' migrations run in name order. */
  migrations: Record<string, Migration>;
  permissions: Record<string, PermissionSpec>;
  tags: { name: string; description: string }[];
  /** Registers the module's routes (a Fastify plugin, encapsulated). */
  routes: (app: FastifyInstance, context: ModuleContext) => Promise<void>;
  /** Defines the module's background jobs and schedules on the queue (before it starts). */
  defineJobs?: (jobs: JobQueue, context: ModuleContext) => void;
  /** What the recurring prune job deletes for this module (expired sessions, old events, …). */
  pruners?: readonly Pruner[];
};

/** Every module's migrations in one record; throws when two modules use the same name. */
export function composeMigrations(modules: readonly Pick<VeiviserModule, 'name' | 'migrations'>[]): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  const owner = new Map<string, string>();
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations)) {
      const other = owner.get(name);
      if (other) throw new Error(`Migration ${name} is declared by both ${other} and ${module.name}`);
      owner.set(name, module.name);
      all[name] = migration;
    }
  }
  return all;
}
