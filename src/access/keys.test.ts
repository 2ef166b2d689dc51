import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveAuditKeys, loadKeys } from './keys.ts';

describe('the keys', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a generated secret in the given data directory, owner-only, and derives the same keys from it next time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veiviser-keys-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const first = loadKeys({ secret: null, dataDir });
    expect(first.source).toBe('data-directory');
    const file = join(dataDir, 'pseudonym-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
    const second = loadKeys({ secret: null, dataDir });
    expect(second.pseudonyms.linkage.equals(first.pseudonyms.linkage)).toBe(true);
    expect(second.audit.chain.equals(first.audit.chain)).toBe(true);
  });

  it('refuses to make up a secret when there is no data directory to keep it in', () => {
    expect(() => loadKeys({ secret: null, dataDir: null })).toThrow(/VEIVISER_PSEUDONYM_SECRET is required/);
  });

  it('derives audit keys apart from each other and from the pseudonym keys', () => {
    const secret = Buffer.alloc(32, 3).toString('base64');
    const keys = loadKeys({ secret, dataDir: null });
    const all = [keys.pseudonyms.linkage, keys.pseudonyms.export, keys.audit.chain, keys.audit.checkpoint].map((k) => k.toString('hex'));
    expect(new Set(all).size).toBe(4);
    expect(deriveAuditKeys(Buffer.from(secret, 'base64')).chain.equals(keys.audit.chain)).toBe(true);
    expect(() => deriveAuditKeys(Buffer.alloc(16))).toThrow(/at least 32 bytes/);
  });
});
