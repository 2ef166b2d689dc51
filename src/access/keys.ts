import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePseudonymKeys, type PseudonymKeys } from './pseudonym.ts';

/**
 * The pseudonym keys: from VEIVISER_PSEUDONYM_SECRET when set (production: keep it in the
 * platform's secret store). Otherwise a random secret is made once and kept, readable by the
 * owner only, in the data directory — fine for the embedded default, not for production.
 */
export function loadPseudonymKeys(options: { secret: string | null; dataDir: string }): { keys: PseudonymKeys; source: 'configuration' | 'data-directory' } {
  if (options.secret) return { keys: derivePseudonymKeys(Buffer.from(options.secret, 'base64')), source: 'configuration' };
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, 'pseudonym-secret');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  return { keys: derivePseudonymKeys(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')), source: 'data-directory' };
}
