import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/access/audit.ts';
import { SYSTEM_ACTOR } from '../src/access/actor.ts';
import { openTestDatabase, testDatabaseKinds } from './databases.ts';
import { ROOT } from './server-process.ts';

const run = promisify(execFile);

/** `npm run audit:verify` as an operator runs it, against a PostgreSQL server database. */
describe.runIf(testDatabaseKinds().includes('postgres'))('the audit:verify command', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase('postgres');
    for (const action of ['read', 'read_identity', 'create']) {
      await handle.db.transaction().execute((trx) =>
        appendAudit(trx, { actor: SYSTEM_ACTOR, action, outcome: 'allowed', purpose: 'case_handling', resourceType: 'person', resourceId: null, personId: null, ip: null, userAgent: null }),
      );
    }
  });
  afterAll(async () => handle?.close());

  const verify = () =>
    run('npx', ['tsx', 'scripts/verify-audit.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: handle.url } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout + e.stderr };
      },
    );

  it('says the log is intact and exits 0, then exits 1 naming the row an operator changed', async () => {
    const intact = await verify();
    expect(intact).toMatchObject({ code: 0, out: expect.stringContaining('Audit log intact: 3 rows') });
    await handle.db.transaction().execute(async (trx) => {
      await sql`alter table audit_event disable trigger audit_event_no_update`.execute(trx);
      await sql`update audit_event set actor_name = 'someone else' where action = 'read_identity'`.execute(trx);
      await sql`alter table audit_event enable trigger audit_event_no_update`.execute(trx);
    });
    const changed = await handle.db.selectFrom('audit_event').select('id').where('action', '=', 'read_identity').executeTakeFirstOrThrow();
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(new RegExp(`AUDIT LOG BROKEN at row ${changed.id} .*the row was changed`));
  });
});
