import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.ts';
import { createTestApp, signIn, type TestApp } from '../../test/test-app.ts';
import type { CrisisLine, CrisisLineInput, PublicCrisisLines } from './crisis.schemas.ts';

type Headers = Record<string, string>;

const inputOf = (l: CrisisLine): CrisisLineInput => ({
  name: l.name,
  phone: l.phone,
  organization: l.organization,
  hours: l.hours,
  is24_7: l.is24_7,
  audience: l.audience,
  sortOrder: l.sortOrder,
  active: l.active,
  sourceNote: l.sourceNote,
});

describe.each(testDatabaseKinds())('crisis lines on %s', (kind) => {
  let t: TestApp;
  let editor: Headers;
  let caseworker: Headers;
  beforeAll(async () => {
    t = await createTestApp(kind);
    editor = (await signIn(t, ['catalog_editor'])).headers;
    caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
  });
  afterAll(async () => t?.close());

  const publicLines = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/crisis-lines' });
    expect(response.statusCode).toBe(200);
    return response.json<PublicCrisisLines>().lines;
  };
  const allLines = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/crisis-lines/all', headers: editor })).json<{ lines: CrisisLine[] }>().lines;
  const lineOf = async (key: string) => (await allLines()).find((l) => l.key === key)!;
  const put = (key: string, payload: object, headers = editor) =>
    t.app.inject({ method: 'PUT', url: `/api/crisis-lines/${key}`, headers, payload });
  const auditRows = async (key: string) =>
    t.db
      .selectFrom('audit_event')
      .select(['action', 'actor_name', 'detail'])
      .where('resource_type', '=', 'crisis_line')
      .where('resource_id', '=', key)
      .execute();

  it('lists the national numbers in order, each with its organisation, hours and a dialable tel target', async () => {
    const lines = await publicLines();
    expect(lines.map((l) => l.phone.display)).toEqual(['113', '116 117', '116 123', '22 40 00 40', '116 111', '08588']);
    expect(lines.map((l) => l.phone.tel)).toEqual(['113', '116117', '116123', '+4722400040', '116111', '08588']);
    for (const line of lines) {
      expect(line.organization.length).toBeGreaterThan(3);
      expect(line.hours.nb && line.hours.en && line.name.en && line.audience.nb).toBeTruthy();
    }
    expect(lines.find((l) => l.key === 'rustelefonen-08588')).toMatchObject({
      is24_7: false,
      organization: expect.stringMatching(/Velferdsetaten/),
    });
  });

  it('tells the public nothing about sources, versions or editors, and lets browsers keep it a minute', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/crisis-lines' });
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.body).not.toMatch(/sourceNote|updatedBy|version|Veiviser \(nasjonale/);
  });

  it('changes a line for an editor: a new version, a version row and an audit row, and the public list shows it', async () => {
    const before = await lineOf('kirkens-sos');
    const input = { ...inputOf(before), hours: { nb: 'Åpen hele døgnet, hele året', en: 'Open day and night, all year' } };
    const response = await put('kirkens-sos', { version: before.version, line: input });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<CrisisLine>();
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedBy).toMatch(/^Test catalog_editor/);
    expect((await publicLines()).find((l) => l.key === 'kirkens-sos')!.hours.nb).toBe('Åpen hele døgnet, hele året');

    const history = (await t.app.inject({ method: 'GET', url: '/api/crisis-lines/kirkens-sos/history', headers: editor })).json<{
      versions: { version: number; action: string; changes: Record<string, unknown> }[];
    }>().versions;
    expect(history[0]).toMatchObject({
      version: after.version,
      action: 'update',
      changes: { hours_nb: { from: 'Døgnåpen', to: 'Åpen hele døgnet, hele året' } },
    });
    expect(history.at(-1)).toMatchObject({ version: 1, action: 'seed' });
    const audit = await auditRows('kirkens-sos');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update_crisis_line', detail: { version: after.version } });
  });

  it('refuses a change made from a stale version with 409, and keeps the line as it was', async () => {
    const before = await lineOf('legevakt-116117');
    const first = await put('legevakt-116117', { version: before.version, line: { ...inputOf(before), sortOrder: 21 } });
    expect(first.statusCode).toBe(200);
    const stale = await put('legevakt-116117', { version: before.version, line: { ...inputOf(before), organization: 'Noen andre' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('version');
    expect((await lineOf('legevakt-116117')).organization).toBe(before.organization);
  });

  it('writes no version and no audit row for a save that changes nothing', async () => {
    const before = await lineOf('mental-helse-116123');
    const response = await put('mental-helse-116123', { version: before.version, line: inputOf(before) });
    expect(response.statusCode).toBe(200);
    expect(response.json<CrisisLine>().version).toBe(before.version);
    expect(await auditRows('mental-helse-116123')).toHaveLength(0);
  });

  it('hides an inactive line from the public and shows it again when it is active', async () => {
    const before = await lineOf('alarmtelefonen-116111');
    const off = await put('alarmtelefonen-116111', { version: before.version, line: { ...inputOf(before), active: false } });
    expect(off.statusCode).toBe(200);
    expect((await publicLines()).map((l) => l.key)).not.toContain('alarmtelefonen-116111');
    const on = await put('alarmtelefonen-116111', { version: before.version + 1, line: inputOf(before) });
    expect(on.statusCode).toBe(200);
    expect((await publicLines()).map((l) => l.key)).toContain('alarmtelefonen-116111');
  });

  it('refuses a number a phone cannot dial, an empty name and unknown fields with 400 naming the field', async () => {
    const before = await lineOf('amk-113');
    const bad = async (line: object, field: string) => {
      const response = await put('amk-113', { version: before.version, line });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    };
    await bad({ ...inputOf(before), phone: { display: '113', tel: 'tel:113' } }, 'line.phone.tel');
    await bad({ ...inputOf(before), phone: { display: '1 1 3 <b>', tel: '113' } }, 'line.phone.display');
    await bad({ ...inputOf(before), name: { nb: '   ', en: 'x' } }, 'line.name.nb');
    await bad({ ...inputOf(before), sortOrder: -1 }, 'line.sortOrder');
    await bad({ ...inputOf(before), colour: 'red' }, 'colour');
    expect((await lineOf('amk-113')).version).toBe(before.version);
  });

  it('adds a new line under a free key, and refuses a taken key with 409', async () => {
    const line = { ...inputOf(await lineOf('amk-113')), name: { nb: 'Ny linje', en: 'New line' }, sortOrder: 70 };
    const created = await t.app.inject({ method: 'POST', url: '/api/crisis-lines', headers: editor, payload: { key: 'ny-linje', line } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await publicLines()).at(-1)!.key).toBe('ny-linje');
    const again = await t.app.inject({ method: 'POST', url: '/api/crisis-lines', headers: editor, payload: { key: 'ny-linje', line } });
    expect(again.statusCode).toBe(409);
  });

  it('lets only those who may edit change a line: 401 signed out, 403 for a caseworker', async () => {
    const before = await lineOf('amk-113');
    expect((await put('amk-113', { version: before.version, line: inputOf(before) }, {})).statusCode).toBe(401);
    expect((await put('amk-113', { version: before.version, line: inputOf(before) }, caseworker)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/crisis-lines/all', headers: caseworker })).statusCode).toBe(403);
  });
});

describe.each(testDatabaseKinds())('the search answer on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t?.close());

  const search = (q: string) => t.app.inject({ method: 'GET', url: `/api/services?q=${encodeURIComponent(q)}` });

  it('says crisis: true for a search that looks like a crisis, in bokmål, nynorsk and English', async () => {
    for (const q of ['selvmord', 'sjølvmordstankar', 'I want to kill myself', 'jeg trenger hjelp nå', 'han slår meg', 'overdose']) {
      const response = await search(q);
      expect(response.statusCode, q).toBe(200);
      expect(response.json<{ crisis: boolean }>().crisis, q).toBe(true);
    }
  });

  it('says crisis: false for an ordinary search and for no search at all', async () => {
    expect((await search('bolig')).json<{ crisis: boolean }>().crisis).toBe(false);
    const all = await t.app.inject({ method: 'GET', url: '/api/services' });
    expect(all.json<{ crisis: boolean }>().crisis).toBe(false);
  });

  it('answers odd searches with results or none, never a 500: stop words, emoji, mixed scripts, the longest allowed text', async () => {
    const odd = [
      'jeg trenger hjelp til å',
      'og i på det er',
      '😢😢😢',
      '🆘 hjelp',
      'Москва rus 東京 القاهرة',
      'ру́сский ёж',
      'rus og bolig '.repeat(15).slice(0, 200),
      '%_\\\'"*?()[]{}:;',
    ];
    for (const q of odd) {
      const response = await search(q);
      expect(response.statusCode, `${q}: ${response.body.slice(0, 200)}`).toBe(200);
      const body = response.json<{ items: unknown[]; total: number; crisis: boolean }>();
      expect(Array.isArray(body.items)).toBe(true);
    }
  });

  it('answers control characters, too-long text and 10,000 characters with problem+json naming q, never a 500', async () => {
    for (const [q, status] of [
      ['rus\u0007', 400],
      ['\u001b[31mrus', 400],
      ['a'.repeat(201), 400],
      ['selvmord '.repeat(1112), 414], // 10,008 characters: longer than any request target the server reads
    ] as const) {
      const response = await search(q);
      expect(response.statusCode, q.slice(0, 20)).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      if (status === 400) expect(response.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('q');
    }
  });
});
