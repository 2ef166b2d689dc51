import { checkPostgres } from '../test/databases.ts';

/** What e2e/global-setup.ts hands the test files of one database kind (through Vitest's provide/inject). */
export type E2eRun = {
  kind: E2eDatabaseKind;
  /** A directory of this run: the PGlite template, each file's copy, the servers' pid files. */
  runDir: string;
  /** The seeded template: a PGlite data directory, or a PostgreSQL database name. */
  template: string;
  /** Prefix of every PostgreSQL database this run creates (teardown drops what is left). */
  databasePrefix: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    veiviserE2e: E2eRun;
  }
}

export type E2eDatabaseKind = 'pglite' | 'postgres';

/** The bootstrap administrator every test file's server starts with. */
export const E2E_ADMIN = { email: 'admin@e2e.oslo.kommune.no', password: 'e2e-admin-password-123' };

/**
 * The databases the browser tests run on, from VEIVISER_E2E_DATABASE: `pglite`, `postgres` or
 * `both`. Unset: PGlite, and PostgreSQL too when a server answers, which CI (CI=true) or
 * VEIVISER_REQUIRE_POSTGRES=true requires (then an unreachable server fails the run).
 */
export async function e2eDatabaseKinds(env: NodeJS.ProcessEnv = process.env): Promise<E2eDatabaseKind[]> {
  switch (env.VEIVISER_E2E_DATABASE ?? '') {
    case 'pglite':
      return ['pglite'];
    case 'postgres':
      return ['postgres'];
    case 'both':
      return ['pglite', 'postgres'];
    case '':
      return (await checkPostgres('the browser tests')) ? ['pglite', 'postgres'] : ['pglite'];
    default:
      throw new Error(`VEIVISER_E2E_DATABASE must be pglite, postgres or both, not "${env.VEIVISER_E2E_DATABASE}"`);
  }
}
