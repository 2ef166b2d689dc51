/**
 * The fixed secret tests derive pseudonym and audit keys from (base64, 32 bytes), in process and
 * in child servers: pseudonyms and the audit chain are the same on both sides.
 */
export const TEST_SECRET = Buffer.alloc(32, 7).toString('base64');
