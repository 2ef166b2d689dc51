import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createLocalUser } from './users.service.ts';

const PASSWORD = 'correct horse battery staple';

describe.each(testDatabaseKinds())('sign-ins in parallel on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  async function newUser() {
    const email = `parallel-${randomBytes(6).toString('hex')}@test.oslo.kommune.no`;
    const { id } = await createLocalUser(t.db, { email, password: PASSWORD, displayName: 'Parallel test', roles: ['catalog_editor'] });
    return { id, email };
  }
  const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const lastAuditId = async () =>
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0;

  /** How long a request takes, and when it ended. */
  async function timed<T>(request: Promise<T>): Promise<{ result: T; ms: number; endedAt: number }> {
    const start = performance.now();
    const result = await request;
    const endedAt = performance.now();
    return { result, ms: endedAt - start, endedAt };
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  it('keeps the five-try lockout when nine wrong passwords arrive at once: the right one is refused after them', async () => {
    const user = await newUser();
    const before = await lastAuditId();
    const wrong = await Promise.all(Array.from({ length: 9 }, () => login(user.email, 'not the password')));
    expect(wrong.map((r) => r.statusCode)).toEqual(Array(9).fill(401));
    const right = await login(user.email, PASSWORD);
    expect(right.statusCode).toBe(401);
    const rows = await t.db.selectFrom('audit_event').select('detail').where('id', '>', before).orderBy('id').execute();
    const reasons = rows.map((r) => r.detail.reason);
    // At most five passwords were checked; every later try was refused as locked without a check.
    expect(reasons.filter((r) => r === 'wrong_password').length).toBeLessThanOrEqual(5);
    expect(reasons.filter((r) => r === 'wrong_password' || r === 'locked')).toHaveLength(10);
    expect(reasons.at(-1)).toBe('locked');
    const row = await t.db
      .selectFrom('app_user')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_logins).toBeGreaterThanOrEqual(5);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
  });

  it('answers a public catalog request while eight sign-ins check their passwords, without waiting for them', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    const catalog = () => timed(t.app.inject({ method: 'GET', url: '/api/organizations' }));
    for (let i = 0; i < 3; i += 1) expect((await catalog()).result.statusCode).toBe(200);
    const baseline = median(await Promise.all([catalog(), catalog(), catalog(), catalog(), catalog()].map(async (p) => (await p).ms)));
    const oneSignIn = (await timed(login(users[0]!.email, 'not the password'))).ms;

    const signIns = users.map((u) => timed(login(u.email, 'not the password')));
    // A quarter of one password check in, the sign-ins are all past parsing and checking passwords.
    await new Promise((resolve) => setTimeout(resolve, oneSignIn / 4));
    const during = await catalog();
    const finished = await Promise.all(signIns);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(`${kind}: catalog alone ${ms(baseline)}, one sign-in ${ms(oneSignIn)}, catalog during 8 sign-ins ${ms(during.ms)}`);
    expect(during.result.statusCode).toBe(200);
    expect(finished.map((s) => s.result.statusCode)).toEqual(Array(8).fill(401));
    // The catalog answered while passwords were still being checked, and it was not held up by
    // them: well under one password check of extra time (the checks share the CPU with it).
    expect(during.endedAt).toBeLessThan(Math.max(...finished.map((s) => s.endedAt)));
    expect(during.ms).toBeLessThan(baseline * 5 + oneSignIn / 2);
  });
});
