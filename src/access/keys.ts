import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePseudonymKeys, type PseudonymKeys } from './pseudonym.ts';

/**
 * Keys of the audit log, which the database never holds: `chain` links each row to the previous
 * one (HMAC-SHA-256), `checkpoint` signs the checkpoints that anchor the chain's head.
 */
export type AuditKeys = { chain: Buffer; checkpoint: Buffer };

/** The audit keys, derived with HKDF-SHA-256 from the same secret as the pseudonym keys, each with its own label. */
export function deriveAuditKeys(secret: Buffer): AuditKeys {
  if (secret.length < 32) throw new Error('The secret must be at least 32 bytes');
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.from('veiviser-audit'), Buffer.from(label), 32));
  return { chain: derive('audit-chain'), checkpoint: derive('audit-checkpoint') };
}

export type SecretKeys = { pseudonyms: PseudonymKeys; audit: AuditKeys; source: 'configuration' | 'data-directory' };

/**
 * Every key the process needs, from one secret: VEIVISER_PSEUDONYM_SECRET when set (production:
 * keep it in the platform's secret store; with DATABASE_URL it is required, so that every
 * instance derives the same keys). Embedded, without it, a random secret is made once and kept,
 * readable by the owner only, in the data directory — fine for a laptop, not for production.
 */
export function loadKeys(options: { secret: string | null; dataDir: string | null }): SecretKeys {
  let secret: Buffer;
  let source: SecretKeys['source'];
  if (options.secret) {
    secret = Buffer.from(options.secret, 'base64');
    source = 'configuration';
  } else if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    const path = join(options.dataDir, 'pseudonym-secret');
    try {
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    source = 'data-directory';
  } else {
    throw new Error('VEIVISER_PSEUDONYM_SECRET is required when there is no embedded data directory to keep a generated one in');
  }
  return { pseudonyms: derivePseudonymKeys(secret), audit: deriveAuditKeys(secret), source };
}
