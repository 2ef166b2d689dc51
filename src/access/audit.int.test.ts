import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, TEST_AUDIT_KEYS, type TestApp } from '../../test/test-app.ts';
import type { Db } from '../platform/db.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { writeAuditCheckpoint } from './audit-checkpoint.ts';
import { verifyAuditChain } from './audit-verify.ts';
import {
  appendAudit,
  appendAuditBatch,
  appendAuditPending,
  auditHmac,
  chainPendingAudit,
  chainPendingAuditSoon,
  flushPendingAudit,
  legacyAuditHash,
  storedFields,
  withPendingAudit,
  type AuditEntry,
  type HashedFields,
} from './audit.ts';
import { deriveAuditKeys } from './keys.ts';
import { applyScope } from './scope.ts';

const entry = (action: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: SYSTEM_ACTOR,
  action,
  outcome: 'allowed',
  purpose: 'case_handling',
  resourceType: 'person',
  resourceId: null,
  personId: crypto.randomUUID(),
  ip: '192.0.2.1',
  userAgent: 'test',
  ...overrides,
});

class RolledBack extends Error {
  constructor(readonly value: unknown) {
    super('rolled back');
  }
}

describe.each(testDatabaseKinds())('the audit log on %s', (kind) => {
  let t: TestApp;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    dir = mkdtempSync(join(tmpdir(), 'veiviser-audit-'));
    file = join(dir, 'audit-checkpoint.json');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (entries: AuditEntry[]) => t.db.transaction().execute((trx) => appendAuditBatch(trx, entries));
  const checkpoint = () => writeAuditCheckpoint(t.db, { keys: TEST_AUDIT_KEYS, file });
  const newest = (action: string) =>
    t.db.selectFrom('audit_event').select('id').where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const verify = (db: Db = t.db) => verifyAuditChain(db, { keys: TEST_AUDIT_KEYS, checkpointFile: file });

  /** Tampers as an operator with full rights would (triggers off), verifies, and rolls it all back. */
  async function tampered(tamper: (trx: Db) => Promise<void>) {
    try {
      await t.db.transaction().execute(async (trx) => {
        await sql`alter table audit_event disable trigger user`.execute(trx);
        await sql`alter table audit_checkpoint disable trigger user`.execute(trx);
        await tamper(trx);
        throw new RolledBack(await verify(trx));
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.value as Awaited<ReturnType<typeof verify>>;
      throw error;
    }
    throw new Error('not rolled back');
  }

  /** Rewrites every row from `fromId` on with `link`, as someone who changed a row and rebuilt the chain after it would. */
  type Link = (prevHash: string, fields: HashedFields) => { hash: string; chain: 'sha256' | 'hmac-sha256' };
  async function relink(trx: Db, fromId: number, link: Link) {
    const rows = await trx.selectFrom('audit_event').selectAll().where('id', '>=', fromId).orderBy('id').execute();
    const before = await trx
      .selectFrom('audit_event')
      .select('hash')
      .where('id', '<', fromId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    let prevHash = before?.hash ?? '0'.repeat(64);
    for (const row of rows) {
      const { hash, chain } = link(prevHash, storedFields(row));
      await trx.updateTable('audit_event').set({ prev_hash: prevHash, hash, chain }).where('id', '=', row.id).execute();
      prevHash = hash;
    }
  }

  it('writes a list of 1,000 reads as one statement for the lock and the head and one insert, in one chain', async () => {
    const statements: string[] = [];
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const before = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const entries = Array.from({ length: 1000 }, (_, i) => entry('read', { detail: { via: 'list', i } }));
    await t.db
      .withPlugin(counter)
      .transaction()
      .execute((trx) => appendAuditBatch(trx, entries));
    expect(statements).toEqual(['RawNode', 'InsertQueryNode']);
    const after = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(1000);
    const written = await t.db.selectFrom('audit_event').select(['detail']).orderBy('id', 'desc').limit(1000).execute();
    expect(written.map((r) => (r.detail as { i: number }).i).reverse()).toEqual(entries.map((_, i) => i));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('links rows written by concurrent transactions into one chain', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => append(Array.from({ length: 20 }, () => entry(`concurrent_${i}`)))));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('chains pending rows of concurrent transactions exactly once, between direct appends, and never a rolled-back one', async () => {
    const tag = `pending_${crypto.randomUUID().slice(0, 8)}`;
    const writers = Array.from({ length: 30 }, (_, i) =>
      t.db
        .transaction()
        .execute(async (trx) => {
          await appendAuditPending(trx, [entry(`${tag}_${i}`, { detail: { i } })]);
          await sql`select pg_sleep(${(i % 7) / 1000})`.execute(trx);
          if (i % 5 === 0) throw new RolledBack(i);
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        }),
    );
    // Direct appends (the chain's lock until commit) and chainers, single-flight and not, all at once.
    const direct = Array.from({ length: 5 }, (_, i) => append([entry(`${tag}_direct_${i}`)]));
    const chainers = [flushPendingAudit(t.db), chainPendingAudit(t.db), flushPendingAudit(t.db), chainPendingAudit(t.db)];
    await Promise.all([...writers, ...direct, ...chainers]);
    await flushPendingAudit(t.db);
    expect(await t.db.selectFrom('audit_pending').select('id').execute()).toEqual([]);
    const rows = await t.db.selectFrom('audit_event').selectAll().where('action', 'like', `${tag}_%`).orderBy('id').execute();
    const committed = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 5 !== 0);
    const chained = rows.filter((r) => !r.action.includes('direct')).map((r) => (r.detail as { i: number }).i);
    expect([...chained].sort((a, b) => a - b)).toEqual(committed);
    expect(rows.filter((r) => r.action.includes('direct'))).toHaveLength(5);
    expect(rows.every((r) => r.chain === 'hmac-sha256')).toBe(true);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('keeps a pending row out of the chain until it is chained, says so when verifying, and a checkpoint chains it first', async () => {
    const action = `pending_checkpoint_${crypto.randomUUID().slice(0, 8)}`;
    const before = new Date();
    await t.db.transaction().execute(async (trx) => {
      await appendAuditPending(trx, [entry(action)]);
      const pending = await trx.selectFrom('audit_pending').select('occurred_at').where('action', '=', action).execute();
      const chained = await trx.selectFrom('audit_event').select('occurred_at').where('action', '=', action).execute();
      // Seen from inside its transaction (no chainer can take it before it commits).
      expect(pending).toHaveLength(1);
      expect(pending[0]!.occurred_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(chained).toEqual([]);
      const verified = await verifyAuditChain(trx, { keys: TEST_AUDIT_KEYS, checkpointFile: file });
      expect(verified.ok && verified.warnings.join(' ')).toMatch(/1 audit rows are committed but not yet chained/);
    });
    const written = await checkpoint();
    const row = await newest(action);
    expect(written.lastId).toBeGreaterThanOrEqual(row.id);
    expect(await t.db.selectFrom('audit_pending').select('id').where('action', '=', action).execute()).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true, rowsAfterCheckpoint: 0 });
  });

  it('chains the pending rows of every write of one moment in one shared run a moment later (chainPendingAuditSoon)', async () => {
    const tag = `soon_${crypto.randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i++) await t.db.transaction().execute((trx) => appendAuditPending(trx, [entry(`${tag}_${i}`)]));
    const runs = [chainPendingAuditSoon(t.db), chainPendingAuditSoon(t.db), chainPendingAuditSoon(t.db)];
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    await runs[0];
    expect(await t.db.selectFrom('audit_pending').select('id').where('action', 'like', `${tag}_%`).execute()).toEqual([]);
    expect(await t.db.selectFrom('audit_event').select('id').where('action', 'like', `${tag}_%`).execute()).toHaveLength(3);
    // The moment has passed: the next call starts a run of its own.
    const next = chainPendingAuditSoon(t.db);
    expect(next).not.toBe(runs[0]);
    await next;
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('records pending rows in the statement built on withPendingAudit, and rolls them back with its transaction', async () => {
    const action = `pending_with_${crypto.randomUUID().slice(0, 8)}`;
    const found = await t.db.transaction().execute(async (trx) => {
      const row = await withPendingAudit(trx, [entry(action)])
        .selectFrom('audit_pending')
        .select('id')
        .where('action', '=', action)
        .executeTakeFirst();
      // The WITH's insert is not visible to its own statement, only after it.
      const after = await trx.selectFrom('audit_pending').select('action').where('action', '=', action).execute();
      return { row, after };
    });
    expect(found).toEqual({ row: undefined, after: [{ action }] });
    const refused = `pending_refused_${crypto.randomUUID().slice(0, 8)}`;
    await expect(
      t.db.transaction().execute(async (trx) => {
        await withPendingAudit(trx, [entry(refused)])
          .selectNoFrom(sql<number>`1`.as('one'))
          .execute();
        throw new Error('refused after the read');
      }),
    ).rejects.toThrow('refused after the read');
    await chainPendingAudit(t.db, { chain: TEST_AUDIT_KEYS.chain });
    expect(await t.db.selectFrom('audit_event').select('id').where('action', 'in', [action, refused]).execute()).toHaveLength(1);
    expect(await t.db.selectFrom('audit_pending').select('id').where('action', '=', refused).execute()).toEqual([]);
  });

  it('lets the restricted role append through the head function without reading the log', async () => {
    await t.db.transaction().execute(async (trx) => {
      await applyScope(trx, { ...SYSTEM_ACTOR, roles: ['district_caseworker'], districts: ['alna'] }, { role: 'person' });
      await appendAudit(trx, entry('read_under_role'));
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('writes a signed checkpoint to the table and the file, and verifies against it', async () => {
    const written = await checkpoint();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
    const rows = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(written).toMatchObject({ version: 1, rows: rows.n, legacyRows: 0, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await checkpoint()).toEqual(written); // nothing appended since: the same checkpoint
    expect(await verify()).toMatchObject({ ok: true, rowsAfterCheckpoint: 0, checkpoint: { rows: rows.n, lastId: written.lastId } });
  });

  it('detects a row edited and the later hashes rebuilt without the key', async () => {
    await append([entry('a'), entry('b'), entry('c')]);
    await checkpoint();
    const target = await newest('b');
    const edit = (trx: Db) => trx.updateTable('audit_event').set({ actor_name: 'Someone else' }).where('id', '=', target.id).execute();
    // With the unkeyed function the chain used before.
    const unkeyed = await tampered(async (trx) => {
      await edit(trx);
      await relink(trx, target.id, (prev, fields) => ({ hash: legacyAuditHash(prev, fields), chain: 'sha256' }));
    });
    expect(unkeyed).toMatchObject({ ok: false, brokenAt: target.id, reason: expect.stringContaining('without the key') });
    // With the application's keyed function, but a key made from another secret.
    const otherKey = deriveAuditKeys(Buffer.alloc(32, 9)).chain;
    const wrongKey = await tampered(async (trx) => {
      await edit(trx);
      await relink(trx, target.id, (prev, fields) => ({ hash: auditHmac(otherKey, prev, fields), chain: 'hmac-sha256' }));
    });
    expect(wrongKey).toMatchObject({ ok: false, brokenAt: target.id, reason: expect.stringContaining('the row was changed') });
  });

  it('detects every unkeyed rewrite of the whole log once a checkpoint exists', async () => {
    const result = await tampered(async (trx) => {
      await trx.updateTable('audit_event').set({ actor_name: 'Someone else' }).where('action', '=', 'a').execute();
      await relink(trx, 0, (prev, fields) => ({ hash: legacyAuditHash(prev, fields), chain: 'sha256' }));
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('rows were removed or rewritten') });
  });

  it('detects a row removed from the middle', async () => {
    const middle = await newest('b');
    const result = await tampered(async (trx) => {
      await trx.deleteFrom('audit_event').where('id', '=', middle.id).execute();
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('link to the previous row is broken') });
  });

  it('detects the newest rows deleted, up to the newest checkpoint', async () => {
    await append([entry('x'), entry('y')]);
    const cp = await checkpoint();
    const result = await tampered(async (trx) => {
      await trx
        .deleteFrom('audit_event')
        .where('id', '>', cp.lastId - 2)
        .execute();
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('rows were deleted from the end') });
  });

  it('detects the newest rows and the table checkpoints deleted, through the checkpoint file', async () => {
    const cp = await checkpoint();
    const result = await tampered(async (trx) => {
      await trx.deleteFrom('audit_checkpoint').execute();
      await trx
        .deleteFrom('audit_event')
        .where('id', '>', cp.lastId - 5)
        .execute();
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(`checkpoint file ${file}`) });
  });

  it('detects a forged row inserted under the restricted role', async () => {
    const result = await tampered(async (trx) => {
      await applyScope(trx, { ...SYSTEM_ACTOR, roles: ['district_caseworker'], districts: ['alna'] }, { role: 'person' });
      const head = (await sql<{ hash: string }>`select hash from veiviser_audit_lock_head()`.execute(trx)).rows[0]!.hash;
      const fields: HashedFields = {
        occurred_at: new Date().toISOString(),
        actor_id: 'someone',
        actor_name: 'Someone',
        actor_roles: [],
        actor_scope: {},
        action: 'forged',
        outcome: 'allowed',
        purpose: 'case_handling',
        resource_type: 'person',
        resource_id: null,
        person_id: null,
        ip: null,
        user_agent: null,
        detail: {},
      };
      await trx
        .insertInto('audit_event')
        .values({
          ...fields,
          occurred_at: new Date(fields.occurred_at),
          actor_scope: '{}',
          detail: '{}',
          prev_hash: head,
          hash: legacyAuditHash(head, fields),
          chain: 'hmac-sha256',
        })
        .execute();
      await sql`reset role`.execute(trx);
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('does not match its hash') });
  });

  it('detects a checkpoint whose count was changed, or that was forged', async () => {
    const changed = await tampered(async (trx) => {
      await trx
        .updateTable('audit_checkpoint')
        .set((eb) => ({ row_count: eb('row_count', '-', 1) }))
        .execute();
    });
    expect(changed).toMatchObject({ ok: false, reason: expect.stringContaining('signature') });
    const saved = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(saved), rows: 1 }));
      expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('checkpoint file') });
      writeFileSync(file, 'not json');
      expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('is not a checkpoint') });
    } finally {
      writeFileSync(file, saved);
    }
  });

  it('cannot see rows deleted from the end after the newest checkpoint, and says how many are not yet anchored', async () => {
    await checkpoint();
    await append([entry('late 1'), entry('late 2')]);
    expect(await verify()).toMatchObject({ ok: true, rowsAfterCheckpoint: 2 });
    const result = await tampered(async (trx) => {
      await trx.deleteFrom('audit_event').where('action', 'in', ['late 1', 'late 2']).execute();
    });
    expect(result).toMatchObject({ ok: true, rowsAfterCheckpoint: 0 });
  });

  it('audits a refusal thrown outside inActorScope exactly once, through the error handler', async () => {
    const before = await t.db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)`.as('n'))
      .where('action', '=', 'setup_administrator')
      .executeTakeFirstOrThrow();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'user-agent': 'refused-setup' },
      payload: { token: 'not-a-real-token', email: 'x@test.oslo.kommune.no', displayName: 'X', password: 'correct horse battery staple' },
    });
    expect(response.statusCode).toBe(403);
    const rows = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'setup_administrator').execute();
    expect(rows.length - before.n).toBe(1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'denied', user_agent: 'refused-setup', ip: '127.0.0.1' });
  });

  it('records the client address and user agent on a role change', async () => {
    const admin = await signIn(t, ['administrator']);
    const target = await signIn(t, ['analyst']);
    const users = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers });
    const id = users.json<{ id: string; email: string }[]>().find((u) => u.email === target.email)!.id;
    const response = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${id}`,
      headers: { ...admin.headers, 'user-agent': 'admin-browser/1.0' },
      payload: { roles: ['catalog_editor'], districts: [], units: [], disabled: false },
    });
    expect(response.statusCode).toBe(200);
    const row = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'update_user')
      .where('resource_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ip: '127.0.0.1', user_agent: 'admin-browser/1.0' });
  });
});
