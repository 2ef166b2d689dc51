import { createHash } from 'node:crypto';

/** Session and setup tokens are stored hashed: a copy of the table does not hold usable secrets. Pure. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
