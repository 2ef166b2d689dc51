import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const SECRET = Buffer.alloc(32, 1).toString('base64');

describe('configuration of secrets and the audit checkpoint', () => {
  it('refuses a PostgreSQL server without VEIVISER_PSEUDONYM_SECRET, naming it', () => {
    const config = () => loadConfig({ DATABASE_URL: 'postgres://db.example/veiviser' });
    expect(config).toThrow(/VEIVISER_PSEUDONYM_SECRET: is required with DATABASE_URL/);
  });

  it('accepts a PostgreSQL server with the secret, and writes checkpoints to the database only unless a file is named', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db.example/veiviser', VEIVISER_PSEUDONYM_SECRET: SECRET });
    expect(config).toMatchObject({ pseudonymSecret: SECRET, auditCheckpointFile: null });
    const withFile = loadConfig({
      DATABASE_URL: 'postgres://db.example/veiviser',
      VEIVISER_PSEUDONYM_SECRET: SECRET,
      VEIVISER_AUDIT_CHECKPOINT_FILE: '/var/lib/veiviser/cp.json',
    });
    expect(withFile.auditCheckpointFile).toBe('/var/lib/veiviser/cp.json');
  });

  it('lets the embedded database keep a generated secret, with the checkpoint file in its data directory', () => {
    const config = loadConfig({ VEIVISER_DATA_DIR: '/srv/veiviser-data' });
    expect(config).toMatchObject({ pseudonymSecret: null, auditCheckpointFile: join('/srv/veiviser-data', 'audit-checkpoint.json') });
  });
});
