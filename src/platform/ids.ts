import { createHash, randomUUID } from 'node:crypto';

/** A new random (v4) UUID. */
export const newId = (): string => randomUUID();

const NAMESPACE = 'veiviser.oslo.kommune.no';

/** A stable name-based (v5-style, SHA-1) UUID, so seeded rows keep their ids across installs. */
export function stableId(kind: string, key: string): string {
  const hash = createHash('sha1').update(`${NAMESPACE}/${kind}/${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
