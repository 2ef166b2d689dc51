import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditCheckpoint } from '../src/access/audit-checkpoint.ts';
import { appendAudit, configureAuditKeys } from '../src/access/audit.ts';
import { SYSTEM_ACTOR } from '../src/access/actor.ts';
import { openTestDatabase, testDatabaseKinds } from './databases.ts';
import { ROOT } from './server-process.ts';
import { TEST_AUDIT_KEYS, TEST_SECRET } from './test-app.ts';

const run = promisify(execFile);

/** `npm run audit:verify` as an operator runs it, against a PostgreSQL server database. */
describe.runIf(testDatabaseKinds().includes('postgres'))('the audit:verify command', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  const append = (action: string) =>
    handle.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor: SYSTEM_ACTOR,
        action,
        outcome: 'allowed',
        purpose: 'case_handling',
        resourceType: 'person',
        resourceId: null,
        personId: null,
        ip: null,
        userAgent: null,
      }),
    );
  beforeAll(async () => {
    configureAuditKeys(TEST_AUDIT_KEYS);
    handle = await openTestDatabase('postgres');
    for (const action of ['read', 'read_identity', 'create']) await append(action);
  });
  afterAll(async () => handle?.close());

  const verify = (env: NodeJS.ProcessEnv = { VEIVISER_PSEUDONYM_SECRET: TEST_SECRET }) =>
    run('npx', ['tsx', 'scripts/verify-audit.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: handle.url, ...env } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout + e.stderr };
      },
    );
  const withoutTriggers = (statement: string) =>
    handle.db.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger user`.execute(trx);
      await sql.raw(statement).execute(trx);
      await sql`alter table audit_event enable trigger user`.execute(trx);
    });

  it('refuses to run without the secret the chain is keyed with, naming it', async () => {
    const result = await verify({ VEIVISER_PSEUDONYM_SECRET: '' });
    expect(result.code).toBe(2);
    expect(result.out).toContain('VEIVISER_PSEUDONYM_SECRET');
  });

  it('says the log is intact, matches the newest checkpoint and names the rows written after it', async () => {
    await writeAuditCheckpoint(handle.db, { keys: TEST_AUDIT_KEYS, file: null });
    await append('read');
    const intact = await verify();
    expect(intact).toMatchObject({ code: 0, out: expect.stringContaining('Audit log intact: 4 rows') });
    expect(intact.out).toContain('Matches the newest signed checkpoint');
    expect(intact.out).toContain('1 rows were written after it');
  });

  it('exits 1 naming rows deleted from the end up to a checkpoint', async () => {
    await writeAuditCheckpoint(handle.db, { keys: TEST_AUDIT_KEYS, file: null });
    await withoutTriggers('delete from audit_event where id = (select max(id) from audit_event)');
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/AUDIT LOG BROKEN at row \d+ .*rows were deleted from the end/);
  });

  it('exits 1 naming the row an operator changed', async () => {
    await withoutTriggers(`update audit_event set actor_name = 'someone else' where action = 'read_identity'`);
    const changed = await handle.db.selectFrom('audit_event').select('id').where('action', '=', 'read_identity').executeTakeFirstOrThrow();
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(new RegExp(`AUDIT LOG BROKEN at row ${changed.id} .*the row was changed`));
  });
});
