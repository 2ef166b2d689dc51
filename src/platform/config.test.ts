import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

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
});
