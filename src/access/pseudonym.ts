import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Purposes a pseudonym may be made for; each gets its own key, so pseudonyms do not link across
 * purposes. `linkage`: stored on the person, the same for the same national ID from any source.
 * `export`: what a person is called in data that leaves for analysis.
 */
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

/**
 * The export pseudonym of a person, from the linkage pseudonym stored on their row (the national
 * ID is not read for it): the same person gets the same export pseudonym in every export, and an
 * export cannot be joined back to the person table without the export key.
 */
export function exportPseudonym(keys: PseudonymKeys, linkagePseudonym: string): string {
  return createHmac('sha256', keys.export).update(`linkage:${linkagePseudonym}`).digest('hex');
}
