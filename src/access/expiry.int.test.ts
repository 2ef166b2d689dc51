import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { PRUNE_JOB } from '../platform/jobs/prune.ts';
import { createLocalUser } from './users.service.ts';
import { deleteExpiredOidcLogins } from './oidc-logins.repository.ts';
import { deleteExpiredSessions, deleteStaleSetupTokens } from './expiry.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(testDatabaseKinds())('expiry of sessions, setup tokens and OIDC sign-ins on %s', (kind) => {
  let t: TestApp;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const email = `expiry-${randomBytes(4).toString('hex')}@test.oslo.kommune.no`;
    const user = { email, password: 'correct horse battery staple', displayName: 'Expiry', roles: ['catalog_editor' as const] };
    ({ id: userId } = await createLocalUser(t.db, user));
  });
  afterAll(async () => t?.close());

  /**
   * Rows either side of each limit (idle 30 min, absolute 12 h, setup token 24 h, OIDC expiry),
   * labelled by whether they must go. Returns the labels of what must stay and what must go.
   */
  async function insertRowsAroundTheLimits(now: Date) {
    const run = randomBytes(4).toString('hex');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const sessions = {
      fresh: { created: ago(MINUTE), seen: ago(MINUTE), expired: false },
      idle: { created: ago(40 * MINUTE), seen: ago(31 * MINUTE), expired: true },
      almostIdle: { created: ago(40 * MINUTE), seen: ago(29 * MINUTE), expired: false },
      pastAbsolute: { created: ago(12 * HOUR + MINUTE), seen: ago(MINUTE), expired: true },
      almostAbsolute: { created: ago(12 * HOUR - MINUTE), seen: ago(MINUTE), expired: false },
    };
    for (const [label, s] of Object.entries(sessions)) {
      await t.db
        .insertInto('app_session')
        .values({ token_hash: `${run}-${label}`, user_id: userId, csrf_token: 'x', created_at: s.created, last_seen_at: s.seen })
        .execute();
    }
    const tokens = {
      unusedNew: { created: ago(HOUR), used: null, stale: false },
      unusedAlmostADay: { created: ago(24 * HOUR - MINUTE), used: null, stale: false },
      unusedOverADay: { created: ago(24 * HOUR + MINUTE), used: null, stale: true },
      used: { created: ago(2 * HOUR), used: ago(HOUR), stale: true },
    };
    for (const [label, s] of Object.entries(tokens)) {
      await t.db
        .insertInto('setup_token')
        .values({ token_hash: `${run}-${label}`, created_at: s.created, used_at: s.used })
        .execute();
    }
    const logins = {
      abandoned: { expires: ago(MINUTE), expired: true },
      inProgress: { expires: new Date(now.getTime() + 5 * MINUTE), expired: false },
    };
    for (const [label, s] of Object.entries(logins)) {
      await t.db
        .insertInto('oidc_login')
        .values({
          flow_hash: `${run}-${label}`,
          provider: 'p',
          state: 's',
          nonce: 'n',
          code_verifier: 'v',
          return_to: '/',
          created_at: ago(15 * MINUTE),
          expires_at: s.expires,
        })
        .execute();
    }
    const keep = (rows: Record<string, { expired?: boolean; stale?: boolean }>) =>
      Object.entries(rows)
        .filter(([, r]) => !(r.expired ?? r.stale))
        .map(([label]) => `${run}-${label}`)
        .sort();
    return { run, keepSessions: keep(sessions), keepTokens: keep(tokens), keepLogins: keep(logins) };
  }

  async function remaining(run: string) {
    const mine = (hashes: string[]) => hashes.filter((h) => h.startsWith(`${run}-`)).sort();
    return {
      sessions: mine((await t.db.selectFrom('app_session').select('token_hash').execute()).map((r) => r.token_hash)),
      tokens: mine((await t.db.selectFrom('setup_token').select('token_hash').execute()).map((r) => r.token_hash)),
      logins: mine((await t.db.selectFrom('oidc_login').select('flow_hash').execute()).map((r) => r.flow_hash)),
    };
  }

  it('deletes exactly the sessions past the idle or absolute limit, used or day-old setup tokens and expired OIDC sign-ins', async () => {
    const now = new Date();
    const rows = await insertRowsAroundTheLimits(now);
    expect(await deleteExpiredSessions(t.db, now)).toBe(2);
    expect(await deleteStaleSetupTokens(t.db, now)).toBe(2);
    expect(await deleteExpiredOidcLogins(t.db, now)).toBe(1);
    expect(await remaining(rows.run)).toEqual({ sessions: rows.keepSessions, tokens: rows.keepTokens, logins: rows.keepLogins });
  });

  it('runs the same deletions as the recurring prune job on the app’s queue, and reports the counts', async () => {
    const rows = await insertRowsAroundTheLimits(new Date());
    await t.jobs.start();
    // The schedule may already have put a prune job in line ('short': then this returns null); either one does the work.
    await t.jobs.enqueue(PRUNE_JOB);
    const completed = async () =>
      (await t.jobs.list({ name: PRUNE_JOB, state: 'completed' })).map((j) => j.result as { deleted: Record<string, number> });
    await expect.poll(async () => (await completed()).length, { timeout: 20_000, interval: 200 }).toBeGreaterThan(0);
    expect(await remaining(rows.run)).toEqual({ sessions: rows.keepSessions, tokens: rows.keepTokens, logins: rows.keepLogins });
    const results = await completed();
    const total = (name: string) => results.reduce((sum, r) => sum + (r.deleted[name] ?? 0), 0);
    expect(total('expired sessions')).toBe(2);
    expect(total('used or expired setup tokens')).toBe(2);
    expect(total('abandoned OpenID Connect sign-ins')).toBe(1);
  });
});
