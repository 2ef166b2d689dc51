import { defineConfig } from 'vitest/config';
import { e2eDatabaseKinds } from './e2e/run.ts';

/**
 * Browser tests: the built web app on the real server, driven in Debian's Chromium. One project
 * per database kind (see e2eDatabaseKinds: VEIVISER_E2E_DATABASE, or PGlite plus a PostgreSQL
 * server when one answers); every test file starts its own server on a database of its own.
 */
export default defineConfig(async () => {
  const kinds = await e2eDatabaseKinds();
  return {
    test: {
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // A page on a loaded machine (two cores, two browsers, two servers) can take longer than
      // expect.poll's default second to settle; a poll still passes as soon as its condition holds.
      expect: { poll: { timeout: 10_000 } },
      projects: kinds.map((kind) => ({
        extends: true as const,
        test: { name: kind, include: ['e2e/**/*.e2e.test.ts'], globalSetup: ['e2e/global-setup.ts'] },
      })),
    },
  };
});
