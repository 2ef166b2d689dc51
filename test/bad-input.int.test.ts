import type { AddressInfo } from 'node:net';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlDigits } from '../src/access/national-id.ts';
import { testDatabaseKinds } from './databases.ts';
import { createTestApp, signIn, type TestApp } from './test-app.ts';

/**
 * Malformed input anywhere in the API is a 400 (or 414/431) problem+json naming the field, never
 * a 500: NUL, lone surrogates and invisible-only text, dates out of range, numbers that are not
 * plain decimal, arrays where objects belong, opening hours that contradict themselves, national
 * IDs born in the future, non-https issuers, long and badly encoded URLs, malformed requests.
 */

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };
type Headers = Record<string, string>;

/** A fødselsnummer with valid control digits, born on 15 January of the given year. */
function nationalIdBornIn(year: number): string {
  const yy = String(year % 100).padStart(2, '0');
  for (let individual = year >= 2000 ? 500 : 100; individual < 1000; individual++) {
    const nine = `1501${yy}${String(individual).padStart(3, '0')}`;
    const control = controlDigits(nine);
    if (control) return nine + control;
  }
  throw new Error('no national ID');
}

/** Percent-encodes every code unit as (WTF-)8 bytes, so a lone surrogate arrives as its three bytes. */
function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (/[A-Za-z0-9_.~-]/.test(char)) {
      out += char;
      continue;
    }
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** Writes a raw request to the listening app and returns the status and content type of its answer. */
function rawRequest(port: number, request: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (error: NodeJS.ErrnoException) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        contentType: /\r\ncontent-type:\s*([^\r\n]*)/i.exec(text)?.[1] ?? '',
        body: head >= 0 ? text.slice(head + 4) : '',
      });
    });
  });
}

describe.each(testDatabaseKinds())('bad input on %s', (kind) => {
  let t: TestApp;
  let editor: Headers;
  let admin: Headers;
  let caseworker: Headers;
  let serviceId: string;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    editor = (await signIn(t, ['catalog_editor'])).headers;
    admin = (await signIn(t, ['administrator'])).headers;
    caseworker = (await signIn(t, ['district_caseworker'], { districts: ['alna'] })).headers;
    const found = await t.app.inject({ method: 'GET', url: '/api/services?perPage=1' });
    serviceId = found.json<{ items: { id: string }[] }>().items[0]!.id;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, headers: Headers = editor) =>
    t.app.inject({ method, url, payload: JSON.stringify(payload), headers: { ...headers, 'content-type': 'application/json' } });

  /** The answer is a problem+json with this status, and (when given) names the field. */
  function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, field?: string) {
    expect(response.statusCode, response.body).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(response.body) as Problem;
    expect(problem.status).toBe(status);
    if (field)
      expect(
        problem.errors?.map((e) => e.field),
        response.body,
      ).toContain(field);
  }

  const service = (overrides: Record<string, unknown> = {}) => ({
    name: 'Inndatatest',
    description: 'Et tilbud som testene for dårlig inndata lager.',
    kind: 'other',
    districts: ['alna'],
    ...overrides,
  });
  /** A public error report on the seeded service; no session needed. */
  const report = (body: Record<string, unknown>) => send('POST', `/api/services/${serviceId}/error-reports`, body, {});
  const withHours = (openingHours: Record<string, unknown>) => send('POST', '/api/services', service({ openingHours }));
  const rule = { byday: 'MO', opensAt: '09:00', closesAt: '15:00' };

  describe('NUL characters', () => {
    it('refuses NUL in the public error report, naming the field', async () => {
      expectProblem(await report({ message: 'Feil\u0000 telefonnummer her', contact: null }), 400, 'message');
      expectProblem(await report({ message: 'Feil telefonnummer her', contact: 'kari\u0000@example.no' }), 400, 'contact');
    });

    it('refuses NUL in /hsds/organizations?search=, /hsds/services?search= and /api/services?q=', async () => {
      expectProblem(await get('/hsds/organizations?search=bydel%00alna'), 400, 'search');
      expectProblem(await get('/hsds/services?search=%00'), 400, 'search');
      expectProblem(await get('/api/services?q=rus%00'), 400, 'q');
    });

    it('refuses NUL in an editor text field and in the audit filters', async () => {
      expectProblem(await send('POST', '/api/services', service({ name: 'Navn\u0000' })), 400, 'name');
      const exception = { date: '2026-12-24', closed: true, description: 'Jul\u0000' };
      expectProblem(await withHours({ exceptions: [exception] }), 400, 'openingHours.exceptions.0.description');
      expectProblem(await get('/api/admin/audit?actorId=a%00b', admin), 400, 'actorId');
    });

    it('does not echo a NUL from an unknown key back in the answer', async () => {
      const response = await report({ message: 'Feil telefonnummer her', ['x\u0000y']: 1 });
      expectProblem(response, 400);
      expect(response.body).not.toContain('\u0000');
      expect(response.body).not.toContain('\\u0000');
    });
  });

  describe('lone surrogates and invisible text', () => {
    it('refuses a lone surrogate in a service description and in the error report contact', async () => {
      expectProblem(await send('POST', '/api/services', service({ description: 'Beskrivelse med \ud800 i seg' })), 400, 'description');
      expectProblem(await report({ message: 'Feil telefonnummer her', contact: '\udc00\udc00' }), 400, 'contact');
    });

    it('refuses a lone surrogate percent-encoded in a query parameter', async () => {
      expectProblem(await get('/api/services?q=rus%ED%A0%80'), 400, 'q');
    });

    it('refuses text that is only invisible characters', async () => {
      expectProblem(await report({ message: '\u200b'.repeat(12) }), 400, 'message');
      expectProblem(await send('POST', '/api/services', service({ name: '\u200b\u200b' })), 400, 'name');
      expectProblem(await get('/hsds/organizations?search=%E2%80%8B%E2%80%8B'), 400, 'search');
    });

    it('refuses control characters such as ESC in text', async () => {
      expectProblem(await send('POST', '/api/services', service({ name: 'Navn \u001b[31m' })), 400, 'name');
    });
  });

  describe('dates out of range', () => {
    it('refuses year 0 and year 9999 with odd offsets in modified_after', async () => {
      expectProblem(await get('/hsds/services?modified_after=0000-01-01'), 400, 'modified_after');
      expectProblem(await get('/hsds/services?modified_after=9999-12-31T23:59:59-14:59'), 400, 'modified_after');
      expectProblem(await get('/hsds/service_at_locations?modified_after=9999-12-31T23:59:59%2B14:59'), 400, 'modified_after');
    });

    it('refuses dates out of range in the audit filters', async () => {
      expectProblem(await get('/api/admin/audit?from=0000-01-01', admin), 400, 'from');
      expectProblem(await get('/api/admin/audit?to=9999-12-31T23:59:59%2B14:59', admin), 400, 'to');
    });

    it('refuses year 0 in a service date and an odd offset in the search instant', async () => {
      expectProblem(await send('POST', '/api/services', service({ status: 'closed', statusDate: '0000-01-01' })), 400, 'statusDate');
      expectProblem(await get('/api/services?openNow=true&at=2026-01-01T12:00:00%2B14:59'), 400, 'at');
    });
  });

  describe('shapes', () => {
    it('refuses a JSON array where the service object belongs, naming the body', async () => {
      expectProblem(await send('POST', '/api/services', []), 400, 'body');
      expectProblem(await send('POST', '/api/services', [service()]), 400, 'body');
    });

    it('refuses a JSON array where the nested service object belongs, naming it', async () => {
      expectProblem(await send('PUT', `/api/services/${serviceId}`, { version: 1, service: [] }), 400, 'service');
    });
  });

  describe('opening hours', () => {
    it('refuses a rule whose validity starts after it ends, naming validTo', async () => {
      const response = await withHours({ rules: [{ ...rule, validFrom: '2026-12-31', validTo: '2026-01-01' }] });
      expectProblem(response, 400, 'openingHours.rules.0.validTo');
    });

    it('refuses a rule and an exception that open and close at the same time', async () => {
      expectProblem(await withHours({ rules: [{ ...rule, opensAt: '10:00', closesAt: '10:00' }] }), 400, 'openingHours.rules.0.closesAt');
      const exception = { date: '2026-12-24', closed: false, opensAt: '10:00', closesAt: '10:00' };
      expectProblem(await withHours({ exceptions: [exception] }), 400, 'openingHours.exceptions.0.closesAt');
    });

    it('still accepts a rule that closes past midnight', async () => {
      const response = await withHours({ rules: [{ ...rule, opensAt: '22:00', closesAt: '02:00' }] });
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  describe('numbers are plain decimal integers', () => {
    it('refuses page=0x10, age=1e2 and page=-1, naming the parameter', async () => {
      expectProblem(await get('/hsds/services?page=0x10'), 400, 'page');
      expectProblem(await get('/api/services?page=0x10'), 400, 'page');
      expectProblem(await get('/api/services?age=1e2'), 400, 'age');
      expectProblem(await get('/hsds/organizations?per_page=%2B5'), 400, 'per_page');
      expectProblem(await get('/api/services?page=-1'), 400, 'page');
      expectProblem(await get('/api/admin/audit?limit=1e3', admin), 400, 'limit');
    });

    it('still reads plain numbers', async () => {
      const response = await get('/api/services?age=25&page=2&perPage=5');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ page: number; perPage: number }>()).toMatchObject({ page: 2, perPage: 5 });
    });
  });

  describe('national IDs and issuers', () => {
    it('refuses to register a person born in the future, naming nationalId', async () => {
      const future = nationalIdBornIn(new Date().getUTCFullYear() + 2);
      expectProblem(await send('POST', '/api/persons', { nationalId: future, district: 'alna' }, caseworker), 400, 'nationalId');
      expectProblem(await send('POST', '/api/admin/access-report', { nationalId: future }, admin), 400, 'nationalId');
    });

    it('refuses a non-https issuer and one with credentials when linking an identity', async () => {
      const users = (await get('/api/admin/users', admin)).json<{ id: string }[]>();
      const url = `/api/admin/users/${users[0]!.id}/identity`;
      for (const issuer of ['http://idp.example.no', 'javascript://idp.example.no/%0aalert(1)', 'https://user:secret@idp.example.no']) {
        expectProblem(await send('PUT', url, { identity: { issuer, subject: 'abc' } }, admin), 400, 'identity.issuer');
      }
    });

    it('refuses a service web address that is not http or https', async () => {
      expectProblem(await send('POST', '/api/services', service({ url: 'javascript:alert(1)' })), 400, 'url');
    });
  });

  describe('URLs and malformed requests', () => {
    it('answers a path over 8 KB with 414 problem+json', async () => {
      expectProblem(await get(`/api/services?q=${'a'.repeat(9000)}`), 414);
      expectProblem(await get(`/${'a'.repeat(9000)}`), 414);
    });

    it('answers bad URL encodings in the path with 400 problem+json', async () => {
      expectProblem(await get('/api/services/%E0%A4%A'), 400, 'path');
      expectProblem(await get('/api/services/%'), 400);
      expectProblem(await get('/%E0%A4%A'), 400);
    });

    it('refuses a bad encoding in a query value, naming the parameter', async () => {
      expectProblem(await get('/api/services?q=%E0%A4%A'), 400, 'q');
      expectProblem(await get('/hsds/services?search=50%'), 400, 'search');
    });

    it('answers a request line over node’s header limit with 414 problem+json', async () => {
      const answer = await rawRequest(port, `GET /api/services?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      expect(answer.status).toBe(414);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 414 });
    });

    it('answers headers over node’s limit with 431 problem+json', async () => {
      const answer = await rawRequest(port, `GET /api/services HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(answer.status).toBe(431);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    });

    it('answers a malformed request line with 400 problem+json', async () => {
      const answer = await rawRequest(port, 'GET /api/ services HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    });

    it('counts no request as running after refusing malformed URLs (shutdown waits for none)', async () => {
      await get('/api/services/%');
      await get(`/${'a'.repeat(9000)}`);
      expect(t.app.handlersRunning()).toBe(0);
    });
  });

  describe('arbitrary strings (property)', () => {
    // Any code unit, with NUL, lone surrogates, controls and invisible characters drawn often.
    const hostile = fc.constantFrom('\u0000', '\ud800', '\udc00', '\u200b', '\u0007', '\ufeff', '%', ' ');
    const anyCodeUnit = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const unit = fc.oneof({ weight: 1, arbitrary: hostile }, { weight: 3, arbitrary: anyCodeUnit });
    const text = fc.string({ unit, maxLength: 60 });

    it('never answers the public search or HSDS search with a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(text, async (s) => {
          for (const url of [`/api/services?q=${percentEncode(s)}`, `/hsds/organizations?search=${percentEncode(s)}`]) {
            const response = await get(url);
            expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(500);
            if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        }),
        { numRuns: 60 },
      );
    });

    it('never answers the public error report with a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(text, fc.option(text), async (message, contact) => {
          const response = await report({ message, contact });
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 60 },
      );
    });
  });
});
