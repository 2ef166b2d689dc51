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

describe('configuration of untrusted shape', () => {
  const provider = { id: 'entra', name: 'Entra ID', issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'abc' };
  const publicUrl = 'https://veiviser.oslo.kommune.no';
  const withIssuer = (issuer: string) => () =>
    loadConfig({ VEIVISER_PUBLIC_URL: publicUrl, VEIVISER_OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer }]) });

  it('refuses an OIDC issuer with credentials, a query or a fragment, naming it', () => {
    const issuer = 'VEIVISER_OIDC_PROVIDERS.0.issuer';
    expect(withIssuer('https://user:secret@login.example.no')).toThrow(`${issuer}: must not contain a user name or password`);
    expect(withIssuer('https://login.example.no/?tenant=x')).toThrow(`${issuer}: must not have a query or fragment`);
    expect(withIssuer('https://login.example.no/#x')).toThrow(`${issuer}: must not have a query or fragment`);
    expect(withIssuer('http://login.example.no')).toThrow(`${issuer}: must be an https URL`);
  });

  it('reads PORT only as plain decimal digits', () => {
    expect(() => loadConfig({ PORT: '0x1f90' })).toThrow(/PORT: must be a whole number written in decimal digits/);
    expect(() => loadConfig({ PORT: '8e3' })).toThrow(/PORT: must be a whole number written in decimal digits/);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('runs several server processes (VEIVISER_WORKERS) only on a PostgreSQL server, naming the variable', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(() => loadConfig({ VEIVISER_WORKERS: '2' })).toThrow(/VEIVISER_WORKERS: more than 1 needs DATABASE_URL/);
    expect(() => loadConfig({ VEIVISER_WORKERS: '0' })).toThrow(/VEIVISER_WORKERS/);
    const server = { DATABASE_URL: 'postgres://db.example/veiviser', VEIVISER_PSEUDONYM_SECRET: SECRET };
    expect(loadConfig({ ...server, VEIVISER_WORKERS: '2' }).workers).toBe(2);
  });
});
