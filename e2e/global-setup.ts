import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, runCleanups, startServer } from '../test/server-process.ts';

export const E2E_ADMIN = { email: 'admin@e2e.oslo.kommune.no', password: 'e2e-admin-password-123' };

/**
 * Starts the real server once per browser-test run: the built web app, a fresh embedded database
 * seeded with the Oslo data, and a bootstrap administrator the tests create other users with.
 */
export default async function setup() {
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web is missing: run `npm run build` first (npm run test:e2e does)');
  const dataDir = mkdtempSync(join(tmpdir(), 'veiviser-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    VEIVISER_DATA_DIR: dataDir,
    VEIVISER_BOOTSTRAP_ADMIN_EMAIL: E2E_ADMIN.email,
    VEIVISER_BOOTSTRAP_ADMIN_PASSWORD: E2E_ADMIN.password,
    VEIVISER_ALLOW_SYNTHETIC_IDS: 'true',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL; // the browser tests always run on the embedded database
  const server = await startServer(env);
  process.env.VEIVISER_E2E_URL = server.url;
  return async () => {
    await server.stop();
    await runCleanups();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
