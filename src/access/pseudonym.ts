import { createHmac, hkdfSync } from 'node:crypto';

/** Purposes a pseudonym may be made for; each gets its own key, so pseudonyms do not link across purposes. */
export const PSEUDONYM_PURPOSES = ['linkage', 'export'] as const;
export type PseudonymPurpose = (typeof PSEUDONYM_PURPOSES)[number];

export type PseudonymKeys = Record<PseudonymPurpose, Buffer>;

/** One key per purpose, derived with HKDF-SHA-256 from the configured secret. */
export function derivePseudonymKeys(secret: Buffer): PseudonymKeys {
  if (secret.length < 32) throw new Error('The pseudonym secret must be at least 32 bytes');
  const keys = {} as PseudonymKeys;
  for (const purpose of PSEUDONYM_PURPOSES) {
    keys[purpose] = Buffer.from(hkdfSync('sha256', secret, Buffer.from('veiviser-pseudonym'), Buffer.from(purpose), 32));
  }
  return keys;
}

/** Keyed pseudonym of a national ID for one purpose: HMAC-SHA-256, hex. */
export function pseudonymize(keys: PseudonymKeys, purpose: PseudonymPurpose, nationalId: string): string {
  return createHmac('sha256', keys[purpose]).update(nationalId.replace(/\s/g, '')).digest('hex');
}
