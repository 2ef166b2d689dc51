import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';

describe.each(testDatabaseKinds())('the last administrator on %s', (kind) => {
  /** A fresh database per test: each one decides how many administrators there are. */
  async function withApp(run: (t: TestApp) => Promise<void>) {
    const t = await createTestApp(kind);
    try {
      await run(t);
    } finally {
      await t.close();
    }
  }

  const userId = async (t: TestApp, email: string) =>
    (await t.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const put = (t: TestApp, headers: Record<string, string>, id: string, body: { roles: string[]; disabled: boolean }) =>
    t.app.inject({ method: 'PUT', url: `/api/admin/users/${id}`, headers, payload: { districts: [], units: [], ...body } });
  const enabledAdministrators = async (t: TestApp) => {
    const users = await t.db.selectFrom('app_user').select(['id', 'roles', 'disabled']).execute();
    return users.filter((u) => u.roles.includes('administrator') && !u.disabled).map((u) => u.id);
  };
  const expectConflict = (response: LightMyRequestResponse) => {
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toMatch(/last administrator/);
  };

  it('refuses to let the only administrator remove their own administrator role or disable their account', () =>
    withApp(async (t) => {
      const admin = await signIn(t, ['administrator']);
      const id = await userId(t, admin.email);
      expectConflict(await put(t, admin.headers, id, { roles: ['catalog_editor'], disabled: false }));
      expectConflict(await put(t, admin.headers, id, { roles: ['administrator'], disabled: true }));
      expectConflict(await put(t, admin.headers, id, { roles: [], disabled: true }));
      // Nothing changed: still an administrator, still signed in.
      expect(await enabledAdministrators(t)).toEqual([id]);
      expect((await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers })).statusCode).toBe(200);
      // Changes that keep the administrator role are still allowed.
      expect((await put(t, admin.headers, id, { roles: ['administrator', 'catalog_editor'], disabled: false })).statusCode).toBe(200);
    }));

  it('lets an administrator step down once another administrator exists, and then protects the one left', () =>
    withApp(async (t) => {
      const first = await signIn(t, ['administrator']);
      const second = await signIn(t, ['administrator']);
      const firstId = await userId(t, first.email);
      const secondId = await userId(t, second.email);
      expect((await put(t, first.headers, firstId, { roles: ['catalog_editor'], disabled: false })).statusCode).toBe(200);
      expectConflict(await put(t, second.headers, secondId, { roles: ['administrator'], disabled: true }));
      expect(await enabledAdministrators(t)).toEqual([secondId]);
    }));

  it('keeps one administrator when two administrators demote each other at the same moment', () =>
    withApp(async (t) => {
      const a = await signIn(t, ['administrator']);
      const b = await signIn(t, ['administrator']);
      const [aId, bId] = [await userId(t, a.email), await userId(t, b.email)];
      const responses = await Promise.all([
        put(t, a.headers, bId, { roles: ['catalog_editor'], disabled: false }),
        put(t, b.headers, aId, { roles: ['catalog_editor'], disabled: false }),
      ]);
      // One wins. The other is refused as the last administrator, or (when the winner's change,
      // which ends the loser's sessions, landed first) as signed out.
      expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
      const loser = responses.find((r) => r.statusCode !== 200)!;
      expect([409, 401]).toContain(loser.statusCode);
      expect(await enabledAdministrators(t)).toHaveLength(1);
    }));
});
