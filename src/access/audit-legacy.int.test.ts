import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, PG_ADMIN_URL, testDatabaseKinds, withDatabase } from '../../test/databases.ts';
import { TEST_AUDIT_KEYS } from '../../test/test-app.ts';
import { allMigrations } from '../modules.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../platform/db.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { writeAuditCheckpoint } from './audit-checkpoint.ts';
import { verifyAuditChain } from './audit-verify.ts';
import { appendAudit, configureAuditKeys, GENESIS_HASH, legacyAuditHash, type HashedFields } from './audit.ts';

const BEFORE_KEYED_CHAIN = '2026-11-25_30_search_vector_inline';

const legacyFields = (action: string, at: Date): HashedFields => ({
  occurred_at: at.toISOString(),
  actor_id: 'system',
  actor_name: 'Veiviser (system)',
  actor_roles: ['system'],
  actor_scope: { districts: [], units: [] },
  action,
  outcome: 'allowed',
  purpose: 'case_handling',
  resource_type: 'person',
  resource_id: null,
  person_id: null,
  ip: null,
  user_agent: null,
  detail: {},
});

/** Inserts a row as the code before the keyed chain did: plain SHA-256, no chain column named. */
async function insertLegacyRow(db: Db, prevHash: string, fields: HashedFields, chainColumn: boolean): Promise<string> {
  const hash = legacyAuditHash(prevHash, fields);
  const chain = chainColumn ? sql`, chain` : sql``;
  const chainValue = chainColumn ? sql`, 'sha256'` : sql``;
  await sql`insert into audit_event (occurred_at, actor_id, actor_name, actor_roles, actor_scope, action, outcome, purpose,
      resource_type, resource_id, person_id, ip, user_agent, detail, prev_hash, hash ${chain})
    values (${new Date(fields.occurred_at)}, ${fields.actor_id}, ${fields.actor_name}, ${fields.actor_roles},
      ${JSON.stringify(fields.actor_scope)}::jsonb, ${fields.action}, ${fields.outcome}, ${fields.purpose}, ${fields.resource_type},
      null, null, null, null, '{}'::jsonb, ${prevHash}, ${hash} ${chainValue})`.execute(db);
  return hash;
}

describe.each(testDatabaseKinds())('an audit log written before the chain was keyed, on %s', (kind) => {
  let handle: DatabaseHandle;
  let drop = async () => {};
  let lastLegacyHash = GENESIS_HASH;

  beforeAll(async () => {
    configureAuditKeys(TEST_AUDIT_KEYS);
    if (kind === 'pglite') {
      handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    } else {
      const name = `veiviser_test_legacy_${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database ${name}`);
      handle = await openDatabase({ kind: 'postgres', url: withDatabase(PG_ADMIN_URL, name) }, { poolSize: 2 });
      drop = () => adminQuery(`drop database if exists ${name} with (force)`);
    }
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => allMigrations() },
      migrationTableName: 'schema_migration',
      migrationLockTableName: 'schema_migration_lock',
    });
    const { error } = await migrator.migrateTo(BEFORE_KEYED_CHAIN);
    expect(error).toBeUndefined();
    for (const [i, action] of ['read', 'read_identity', 'create'].entries()) {
      const at = new Date(Date.UTC(2026, 10, 26, 12, i));
      lastLegacyHash = await insertLegacyRow(handle.db, lastLegacyHash, legacyFields(action, at), false);
    }
    await migrateToLatest(handle.db, allMigrations());
  });
  afterAll(async () => {
    await handle?.close();
    await drop();
  });

  const verify = () => verifyAuditChain(handle.db, { keys: TEST_AUDIT_KEYS, checkpointFile: null });

  it('keeps the old rows as an unkeyed prefix the new keyed rows link to', async () => {
    const chains = await handle.db.selectFrom('audit_event').select('chain').orderBy('id').execute();
    expect(chains.map((r) => r.chain)).toEqual(['sha256', 'sha256', 'sha256']);
    expect(await verify()).toMatchObject({ ok: true, rows: 3, legacyRows: 3, checkpoint: null });
    // What the server does at start: a checkpoint, which seals the prefix.
    await writeAuditCheckpoint(handle.db, { keys: TEST_AUDIT_KEYS, file: null });
    await handle.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor: SYSTEM_ACTOR,
        action: 'read',
        outcome: 'allowed',
        purpose: 'case_handling',
        resourceType: 'person',
        resourceId: null,
        personId: null,
        ip: null,
        userAgent: null,
      }),
    );
    const first = await handle.db
      .selectFrom('audit_event')
      .select(['prev_hash', 'chain'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(first).toEqual({ prev_hash: lastLegacyHash, chain: 'hmac-sha256' });
    expect(await verify()).toMatchObject({ ok: true, rows: 4, legacyRows: 3, rowsAfterCheckpoint: 1 });
  });

  it('refuses an unkeyed row after the prefix was sealed', async () => {
    const head = await handle.db.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const rolledBack = new Error('rolled back');
    let result: unknown;
    const attempt = handle.db.transaction().execute(async (trx) => {
      await insertLegacyRow(trx, head.hash, legacyFields('written without the key', new Date()), true);
      result = await verifyAuditChain(trx, { keys: TEST_AUDIT_KEYS, checkpointFile: null });
      throw rolledBack;
    });
    await expect(attempt).rejects.toBe(rolledBack);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('without the key') });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('still finds a changed row in the unkeyed prefix', async () => {
    await handle.db.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger user`.execute(trx);
      await sql`update audit_event set actor_name = 'someone else' where action = 'read_identity'`.execute(trx);
      await sql`alter table audit_event enable trigger user`.execute(trx);
    });
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('the row was changed') });
  });
});
