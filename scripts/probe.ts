/**
 * `npm run probe -- [url]`: a malformed-input sweep against a running server, and a tally.
 *
 * For every operation in the server's OpenAPI document (/api/openapi.json, which holds the HSDS
 * routes too) it sends malformed inputs: NUL, lone surrogates, invisible-only text, huge strings
 * and wrong types in every text field and query parameter; dates out of range; numbers that are
 * not plain decimal integers; JSON arrays where objects belong; bad URL encodings; long paths and
 * headers; malformed request lines. It signs in as an administrator (PROBE_EMAIL/PROBE_PASSWORD,
 * or PROBE_SETUP_TOKEN to create one) and creates a user with every role so that authorised
 * routes are reached too. It prints how many requests were sent, answers by status class, every
 * 5xx, every error answer that is not problem+json, every answer that echoes NUL, and malformed
 * input that was accepted.
 *
 * It writes: services, error reports, users, audit rows. Run it against a throwaway server, e.g.
 *   VEIVISER_DATA_DIR=$(mktemp -d) PORT=18080 VEIVISER_BOOTSTRAP_ADMIN_EMAIL=probe@example.no \
 *   VEIVISER_BOOTSTRAP_ADMIN_PASSWORD=probe-password-123 LOG_LEVEL=warn npx tsx src/server.ts
 *   PROBE_EMAIL=probe@example.no PROBE_PASSWORD=probe-password-123 npm run probe -- http://localhost:18080
 *
 * Bounded: only a loopback URL, at most PROBE_MAX_REQUESTS requests (default 4000) and
 * PROBE_MAX_SECONDS seconds (default 300), two at a time, each cut off after 15 s. Each request
 * says it comes through a proxy from its own address in 198.18.0.0/15 (the benchmarking range),
 * so the per-address rate limits count each request apart; a server that does not trust the
 * loopback proxy answers 429 instead, and the tally shows it. PROBE_LOG=<file> writes every
 * answer (status, route, input kind, the answer's first 300 characters) as JSON lines.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { controlDigits } from '../src/access/national-id.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};
type Parameter = { name: string; in: string; schema?: JsonSchema };
type Operation = { method: string; path: string; parameters: Parameter[]; body: JsonSchema | null };
type OpenApiOperation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
type OpenApi = { paths: Record<string, Record<string, OpenApiOperation>> };

/** One request of the sweep. `field` names the input the malformed value went into. */
type Case = {
  route: string;
  method: string;
  path: string;
  kind: string;
  field?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  signedIn: boolean;
  /** A raw request written to the socket, for what no HTTP client would send. */
  raw?: string;
  /** The status the answer must have (long paths: 414); otherwise any 4xx. */
  expect?: number;
  /** The field is a path parameter: an answer naming the path as a whole names it too (the router cannot tell which). */
  inPath?: boolean;
  /** Runs just before the request: fresh values such as the current version of a service. */
  prepare?: () => Promise<Partial<Pick<Case, 'body'>>>;
};
type Answer = { status: number; contentType: string; body: string };

const target = new URL(process.argv[2] ?? process.env.PROBE_URL ?? 'http://localhost:8080');
const MAX_REQUESTS = Number(process.env.PROBE_MAX_REQUESTS ?? 4000);
const MAX_SECONDS = Number(process.env.PROBE_MAX_SECONDS ?? 300);
const CONCURRENCY = 2;
const REQUEST_TIMEOUT_MS = 15_000;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
if (!LOOPBACK.test(target.hostname) || target.protocol !== 'http:') {
  console.error(`The probe only runs against a local http server (localhost, 127.0.0.0/8, [::1]); got ${target.origin}`);
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 1 });
const host = target.hostname.replace(/^\[|\]$/g, '');
const port = Number(target.port || 80);
let forwardedCounter = 0;
/** A fresh client address for each request, so per-address rate limits do not hide the answers. */
function nextForwardedFor(): string {
  forwardedCounter += 1;
  return `198.${18 + ((forwardedCounter >> 16) & 1)}.${(forwardedCounter >> 8) & 255}.${forwardedCounter & 255}`;
}

/** One HTTP request with node:http (the path is sent exactly as given). */
function send(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-forwarded-for': nextForwardedFor(), ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = http.request({ host, port, method, path, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      // An event stream never ends (its heartbeat keeps the socket busy): its status is the answer.
      if (String(response.headers['content-type']).startsWith('text/event-stream')) {
        resolve({ status: response.statusCode ?? 0, contentType: 'text/event-stream', body: '' });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1_000_000) chunks.push(chunk);
      });
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', body });
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** Writes a raw request on a fresh connection and reads the status line and content type. */
function sendRaw(raw: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.write(raw));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is enough; the server may keep the connection open.
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      if (head >= 0 && length && text.length >= head + 4 + Number(length[1])) socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer arrived still counts as that answer.
      if (chunks.length && error.code === 'ECONNRESET') finish();
      else reject(error);
    });
    socket.on('close', finish);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const contentType = /\r\ncontent-type:\s*([^\r\n]*)/i.exec(text);
      const head = text.indexOf('\r\n\r\n');
      resolve({ status: status ? Number(status[1]) : 0, contentType: contentType?.[1] ?? '', body: head >= 0 ? text.slice(head + 4) : '' });
    }
  });
}

// --- sessions -----------------------------------------------------------------------------------

type Session = { cookie: string; csrf: string; userId: string };

/** Signs in with a password; the session is the Set-Cookie header and the CSRF token. */
async function signIn(email: string, password: string): Promise<Session | null> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ email, password });
    const request = http.request(
      {
        host,
        port,
        method: 'POST',
        path: '/api/auth/login',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-forwarded-for': nextForwardedFor(),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            console.error(`Sign-in as ${email} failed: ${response.statusCode} ${text.slice(0, 200)}`);
            resolve(null);
            return;
          }
          const cookie = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
          const me = JSON.parse(text) as { csrfToken: string; userId: string };
          resolve({ cookie, csrf: me.csrfToken, userId: me.userId });
        });
      },
    );
    request.on('error', () => resolve(null));
    request.end(body);
  });
}
const authHeaders = (s: Session | null): Record<string, string> => (s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {});

/** An answer whose JSON the caller knows the shape of. */
type Answered<T> = { status: number; json: T | null; text: string };

/** A JSON request for setting up; `json` is the parsed answer, null when it is not JSON. */
async function api(session: Session | null, method: string, path: string, body?: unknown): Promise<Answered<unknown>> {
  const answer = await send(method, path, {
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: { ...authHeaders(session), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  let json: unknown = null;
  try {
    json = JSON.parse(answer.body);
  } catch {
    // not JSON: json stays null
  }
  return { status: answer.status, json, text: answer.body };
}

// --- valid values from the schema ---------------------------------------------------------------

/** A valid-looking national ID (fødselsnummer) born on the given date. */
function nationalIdBornOn(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const year = date.getUTCFullYear();
  const yy = String(year % 100).padStart(2, '0');
  // Individual numbers 500–749 are 2000–2039 (and 1854–1899), 000–499 1900–1999.
  for (let individual = year >= 2000 ? 500 : 100; individual < 1000; individual++) {
    const nine = `${dd}${mm}${yy}${String(individual).padStart(3, '0')}`;
    const control = controlDigits(nine);
    if (control) return nine + control;
  }
  throw new Error('no national ID for that date');
}

const known: Record<string, string> = {};
const PATTERN_VALUES: [RegExp, (field: string) => string][] = [
  [/\\d\{4\}\$/, () => '0150'],
  [/\[0-9 \]/, () => '22 00 00 00'],
  [/\[01\]\\d\|2\[0-3\]/, (field) => (/close/i.test(field) ? '15:00' : '09:00')],
  [/\\d\{11\}/, () => nationalIdBornOn(new Date(Date.UTC(1990, 4, 17)))],
  [/\[a-z\]\{2,3\}/, () => 'nb'],
];

/** The first schema of an anyOf/oneOf that is not null. */
function nonNull(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  return options.find((o) => o.type !== 'null') ?? schema;
}

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

/** A value the schema accepts, as far as the probe can tell; ids come from the running catalog. */
function sample(input: JsonSchema, field: string): unknown {
  const schema = nonNull(input);
  if (schema.enum?.length) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) value[key] = sample(child, key);
      return value;
    }
    case 'array':
      return schema.items ? [sample(schema.items, field)] : [];
    case 'integer':
    case 'number':
      return field === 'version' ? 1 : Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? 100);
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, field);
    case undefined:
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema, field: string): string {
  if (schema.format === 'email') return 'nobody@probe.example';
  if (schema.format === 'uuid') return (field === 'organizationId' ? known.organization : undefined) ?? randomUUID();
  if (schema.format === 'uri') return 'https://example.no/probe';
  if (schema.format === 'date') return '2026-06-01';
  if (schema.format === 'date-time') return '2026-06-01T12:00:00+02:00';
  if (schema.pattern) {
    const hit = PATTERN_VALUES.find(([re]) => re.test(schema.pattern!));
    if (hit) return hit[1](field);
  }
  if (/password/i.test(field)) return `Probe-${randomBytes(9).toString('base64url')}`;
  let text = 'Probe value text';
  while (text.length < (schema.minLength ?? 0)) text += ' more';
  return text.slice(0, schema.maxLength ?? text.length);
}

// --- malformed values ---------------------------------------------------------------------------

type Leaf = { path: (string | number)[]; schema: JsonSchema };

/** Every field of a sampled body, with its schema: objects, arrays (first item) and leaves. */
function fields(schema: JsonSchema, value: unknown, path: (string | number)[] = []): Leaf[] {
  const s = nonNull(schema);
  const out: Leaf[] = path.length ? [{ path, schema: s }] : [];
  if (typeOf(s) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(s.properties ?? {})) out.push(...fields(child, object[key], [...path, key]));
  } else if (typeOf(s) === 'array' && s.items && Array.isArray(value) && value.length) {
    out.push(...fields(s.items, value[0], [...path, 0]));
  }
  return out;
}

function withValue(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

const HUGE = 'x'.repeat(20_000);
const TEXT_VALUES: [string, unknown][] = [
  ['nul', 'probe\u0000value text'],
  ['nul-only', '\u0000'],
  ['lone-surrogate', 'probe \ud800 value text'],
  ['lone-low-surrogate', '\udc00\udc00 probe value'],
  ['invisible-only', '\u200b\u200b'],
  ['invisible-only-mixed', '\u200b\u2060\ufeff\u00ad'],
  ['control-character', 'probe\u0007value\u001b[31m text'],
  ['huge-string', HUGE],
  ['wrong-type-number', 12345],
  ['wrong-type-object', { probe: 1 }],
  ['wrong-type-array', ['probe']],
];
const DATE_VALUES: [string, unknown][] = [
  ['date-year-0', '0000-01-01'],
  ['date-year-9999-offset', '9999-12-31T23:59:59+14:59'],
  ['date-year-9999-negative-offset', '9999-12-31T23:59:59-14:59'],
  ['date-year-10000', '10000-01-01'],
  ['date-impossible', '2026-02-30'],
  ['date-expanded-year', '+275760-09-13'],
];
const INTEGER_BODY_VALUES: [string, unknown][] = [
  ['integer-negative', -1],
  ['integer-fraction', 1.5],
  ['integer-huge', 1e308],
  ['integer-as-string', '1'],
  ['integer-unsafe', 2 ** 53 + 2],
];
/** Wrong shapes for fields that are not text or numbers, by their JSON type. */
const SHAPE_VALUES: Record<string, [string, unknown][]> = {
  object: [
    ['array-for-object', []],
    ['array-of-object', [{}]],
    ['wrong-type-string', 'probe'],
  ],
  array: [
    ['object-for-array', { probe: 1 }],
    ['wrong-type-string', 'probe'],
  ],
  boolean: [
    ['boolean-as-string', 'true'],
    ['boolean-as-number', 1],
  ],
};
const isDateField = (schema: JsonSchema, name: string) =>
  schema.format === 'date' ||
  schema.format === 'date-time' ||
  /^(from|to|at|modified_after|validFrom|validTo|date|statusDate|closedOn)$/.test(name);

/** Query values, already percent-encoded where needed. */
const TEXT_QUERY_VALUES: [string, string][] = [
  ['nul', 'probe%00value'],
  ['nul-only', '%00'],
  ['lone-surrogate', 'probe%ED%A0%80value'],
  ['invisible-only', '%E2%80%8B%E2%80%8B'],
  ['control-character', 'probe%07value'],
  ['bad-encoding', '%E0%A4%A'],
  ['bare-percent', '%'],
  ['huge-string', 'x'.repeat(4000)],
  ['repeated-parameter', '__REPEAT__'],
];
const INTEGER_QUERY_VALUES: [string, string][] = [
  ['integer-hex', '0x10'],
  ['integer-exponent', '1e2'],
  ['integer-negative', '-1'],
  ['integer-fraction', '1.5'],
  ['integer-empty', ''],
  ['integer-plus-sign', '%2B1'],
  ['integer-padded', '%201%20'],
  ['integer-huge', '99999999999999999999'],
  ['integer-infinity', 'Infinity'],
];
const PATH_VALUES: [string, string][] = [
  ['nul', '%00'],
  ['lone-surrogate', '%ED%A0%80'],
  ['bad-encoding', '%E0%A4%A'],
  ['bare-percent', '%'],
  ['too-long-parameter', 'a'.repeat(200)],
  ['invisible-only', '%E2%80%8B'],
];
const DATE_QUERY_VALUES: [string, string][] = DATE_VALUES.map(([kind, value]) => [kind, encodeURIComponent(String(value))]);

// --- the sweep ----------------------------------------------------------------------------------

function operations(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      out.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body });
    }
  }
  return out;
}

/** Path parameters: an id the probe created or found, so handlers past validation are reached. */
function pathValue(route: string, name: string): string {
  if (name === 'provider') return 'probe';
  if (route.startsWith('/api/services/') || route.startsWith('/hsds/services/')) return known.service ?? randomUUID();
  if (route.startsWith('/hsds/organizations/')) return known.organization ?? randomUUID();
  if (route.startsWith('/hsds/service_at_locations/')) return known.serviceAtLocation ?? randomUUID();
  if (route.startsWith('/hsds/taxonomies/')) return known.taxonomy ?? randomUUID();
  if (route.startsWith('/hsds/taxonomy_terms/')) return known.taxonomyTerm ?? randomUUID();
  if (route.startsWith('/api/admin/users/')) return known.targetUser ?? randomUUID();
  if (route.startsWith('/api/editor/error-reports/')) return known.errorReport ?? randomUUID();
  return randomUUID();
}

const fillPath = (route: string, values: Record<string, string> = {}) =>
  route.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? pathValue(route, name));

/** Sign-in and setup routes are swept without a session: a refused sign-in may end the one it came with. */
const sweptSignedOut = (route: string) => route.startsWith('/api/auth/') || route === '/api/setup';
/** Never sent in the sweep: they would end the probe's own session. */
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-everywhere']);

function casesFor(op: Operation, session: Session | null): Case[] {
  const route = op.path;
  const signedIn = Boolean(session) && !sweptSignedOut(route);
  const cases: Case[] = [];
  const base = { route, method: op.method, signedIn };
  const basePath = fillPath(route);
  const prepare = versionPreparer(op);

  // Query parameters, one at a time.
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    const schema = nonNull(param.schema ?? {});
    const values = [...TEXT_QUERY_VALUES];
    if (typeOf(schema) === 'integer' || typeOf(schema) === 'number') values.push(...INTEGER_QUERY_VALUES);
    if (isDateField(schema, param.name)) values.push(...DATE_QUERY_VALUES);
    for (const [kind, value] of values) {
      const query = value === '__REPEAT__' ? `${param.name}=1&${param.name}=2` : `${param.name}=${value}`;
      cases.push({ ...base, path: `${basePath}?${query}`, kind, field: param.name });
    }
  }
  if (op.parameters.some((p) => p.in === 'query')) {
    cases.push({ ...base, path: `${basePath}?probe_unknown=1`, kind: 'unknown-parameter', field: 'probe_unknown' });
  }

  // Path parameters: bad encodings and NUL in the segment.
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    for (const [kind, value] of PATH_VALUES) {
      cases.push({ ...base, path: fillPath(route, { [param.name]: value }), kind, field: param.name, inPath: true });
    }
  }

  // Bodies: the whole body malformed, then each field.
  if (op.body) {
    const valid = sample(op.body, '');
    const json = { contentType: 'application/json' };
    const bodies: [string, string][] = [
      ['array-for-object', '[]'],
      ['array-of-valid-object', JSON.stringify([valid])],
      ['null-body', 'null'],
      ['string-body', '"probe"'],
      ['number-body', '1'],
      ['invalid-json', '{"probe":'],
      ['empty-json', ''],
      ['nul-in-json-key', JSON.stringify({ ['probe\u0000']: 1 })],
      ['proto-key', '{"__proto__":{"polluted":true}}'],
      ['deep-nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ];
    for (const [kind, body] of bodies) {
      cases.push({ ...base, path: basePath, kind, body, ...json, field: 'body' });
    }
    const validBody = JSON.stringify(valid);
    cases.push({ ...base, path: basePath, kind: 'wrong-content-type', body: validBody, contentType: 'text/plain', field: 'body' });
    const freshValid = prepare ? { prepare: () => prepare(valid) } : {};
    cases.push({ ...base, path: basePath, kind: 'valid-sample', body: validBody, ...json, ...freshValid });
    for (const leaf of fields(op.body, valid)) {
      const name = String(leaf.path[leaf.path.length - 1]);
      const type = typeOf(leaf.schema);
      const values: [string, unknown][] = [];
      if (type === 'string') {
        values.push(...TEXT_VALUES);
        if (isDateField(leaf.schema, name)) values.push(...DATE_VALUES);
      } else if (type === 'integer' || type === 'number') values.push(...INTEGER_BODY_VALUES, ['wrong-type-string', 'probe']);
      else values.push(...(SHAPE_VALUES[type ?? ''] ?? []));
      for (const [kind, value] of values) {
        const body = withValue(valid, leaf.path, value);
        const field = leaf.path.join('.');
        // A malformed version is sent as it is; every other case gets the current version.
        const fresh = prepare && field !== 'version' ? { prepare: () => prepare(body) } : {};
        cases.push({ ...base, path: basePath, kind, field, body: JSON.stringify(body), ...json, ...fresh });
      }
    }
  }
  if (!op.body && !op.parameters.length) cases.push({ ...base, path: basePath, kind: 'plain' });
  return cases;
}

/** Writes to a service carry the version the editor saw: fetch it just before the request. */
function versionPreparer(op: Operation): ((body: unknown) => Promise<{ body: string }>) | null {
  if (!op.path.startsWith('/api/services/{id}') || !op.body?.properties?.version) return null;
  return async (body) => {
    const current = (await api(null, 'GET', `/api/services/${known.service ?? ''}`)) as Answered<{ version: number }>;
    const version = current.json?.version ?? 1;
    const fresh = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>), version } : body;
    return { body: JSON.stringify(fresh) };
  };
}

/** What each route's rules across fields should refuse, and what no generic mutation reaches. */
function semanticCases(session: Session | null, doc: OpenApi): Case[] {
  const cases: Case[] = [];
  const signedIn = Boolean(session);
  const createSchema = doc.paths['/api/services']?.post?.requestBody?.content?.['application/json']?.schema;
  if (createSchema) {
    const valid = sample(createSchema, '') as Record<string, unknown>;
    const rule = { byday: 'MO', opensAt: '09:00', closesAt: '15:00', validFrom: null, validTo: null, closedOnPublicHolidays: true };
    const withHours = (hours: unknown) => JSON.stringify({ ...valid, openingHours: hours });
    const route = '/api/services';
    const add = (kind: string, field: string, body: string) =>
      cases.push({ route, method: 'POST', path: route, kind, field, body, contentType: 'application/json', signedIn });
    const reversed = { ...rule, validFrom: '2026-12-31', validTo: '2026-01-01' };
    add('rule-start-after-end', 'openingHours.rules.0.validTo', withHours({ rules: [reversed] }));
    const instant = { ...rule, opensAt: '10:00', closesAt: '10:00' };
    add('rule-open-equals-close', 'openingHours.rules.0.closesAt', withHours({ rules: [instant] }));
    const exception = { date: '2026-12-24', closed: false, opensAt: '10:00', closesAt: '10:00' };
    add('exception-open-equals-close', 'openingHours.exceptions.0.closesAt', withHours({ exceptions: [exception] }));
    add('age-range-reversed', 'maxAge', JSON.stringify({ ...valid, minAge: 60, maxAge: 18 }));
  }
  const future = nationalIdBornOn(new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 15)));
  const nationalIdCase = (route: string, body: Record<string, unknown>) =>
    cases.push({
      route,
      method: 'POST',
      path: route,
      kind: 'national-id-born-in-future',
      field: 'nationalId',
      body: JSON.stringify(body),
      contentType: 'application/json',
      signedIn,
    });
  nationalIdCase('/api/persons', { nationalId: future, district: 'gamle-oslo' });
  nationalIdCase('/api/admin/access-report', { nationalId: future });
  const issuers: [string, string][] = [
    ['issuer-not-https', 'http://idp.example.no'],
    ['issuer-javascript', 'javascript://idp.example.no/%0aalert(1)'],
    ['issuer-with-credentials', 'https://user:secret@idp.example.no'],
  ];
  for (const [kind, issuer] of issuers) {
    const route = '/api/admin/users/{id}/identity';
    const body = JSON.stringify({ identity: { issuer, subject: 'probe-subject' } });
    const field = 'identity.issuer';
    cases.push({ route, method: 'PUT', path: fillPath(route), kind, field, body, contentType: 'application/json', signedIn });
  }
  return cases;
}

/** Requests no client library sends: long paths and headers, bad URL encodings, broken request lines. */
function rawCases(): Case[] {
  const hostHeader = `Host: ${target.host}\r\n`;
  const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\n${hostHeader}${extra}Connection: close\r\n\r\n`;
  const post = (extra: string, body: string) =>
    `POST /api/auth/login HTTP/1.1\r\n${hostHeader}Content-Type: application/json\r\n${extra}\r\n${body}`;
  const cases: Case[] = [];
  const add = (kind: string, path: string, raw: string, expect?: number) => {
    const shown = path.length > 60 ? `${path.slice(0, 40)}…(${path.length} chars)` : path;
    cases.push({ route: '(raw)', method: 'GET', path: shown, kind, raw, signedIn: false, ...(expect ? { expect } : {}) });
  };
  const long = 'a'.repeat(9000);
  for (const path of [`/api/services/${long}`, `/hsds/services?search=${long}`, `/${long}`]) add('long-path-9k', path, get(path), 414);
  const veryLong = `/api/services?q=${'a'.repeat(20_000)}`;
  add('long-path-20k', veryLong, get(veryLong), 414);
  add('huge-header', '/api/services', get('/api/services', `X-Probe: ${'a'.repeat(20_000)}\r\n`), 431);
  const badPaths = ['/%E0%A4%A', '/api/services/%', '/api/services/%E0%A4%A', '/hsds/services/%', '/hsds/%', '/api/%00'];
  for (const path of [...badPaths, '/api/services/%00/history', '/hsds/organizations/%C0%AF']) {
    add('bad-url', path, get(path));
  }
  add('bad-method', '/', `FOO / HTTP/1.1\r\n${hostHeader}\r\n`);
  add('nul-in-request-line', '/api/\\0', `GET /api/\u0000 HTTP/1.1\r\n${hostHeader}\r\n`);
  add('space-in-path', '/api/ services', `GET /api/ services HTTP/1.1\r\n${hostHeader}\r\n`);
  add('bad-http-version', '/api/services', `GET /api/services HTTP/9.9\r\n${hostHeader}\r\n`);
  add('invalid-header', '/api/services', `GET /api/services HTTP/1.1\r\n${hostHeader}Bad Header\r\n\r\n`);
  add('duplicate-content-length', '/api/auth/login', post('Content-Length: 2\r\nContent-Length: 3\r\n', '{}'));
  add('chunked-and-length', '/api/auth/login', post('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'));
  add('body-too-large', '/api/auth/login', post('Content-Length: 400000\r\nConnection: close\r\n', '{'.repeat(1000)));
  return cases;
}

// --- running and tallying -----------------------------------------------------------------------

type Result = Case & Answer & { error?: string };

async function run(c: Case, session: Session | null): Promise<Result> {
  try {
    if (c.raw) return { ...c, ...(await sendRaw(c.raw)) };
    const prepared = c.prepare ? await c.prepare() : {};
    const body = prepared.body ?? c.body;
    const headers: Record<string, string> = { ...(c.signedIn ? authHeaders(session) : {}), ...c.headers };
    if (c.contentType) headers['content-type'] = c.contentType;
    const answer = await send(c.method, c.path, { ...(body === undefined ? {} : { body }), headers });
    return { ...c, ...answer };
  } catch (error) {
    return { ...c, status: 0, contentType: '', body: '', error: (error as Error).message };
  }
}

function namesField(result: Result): boolean {
  if (!result.field || result.field === 'body') return true;
  try {
    const problem = JSON.parse(result.body) as { errors?: { field?: string }[] };
    const field = result.field;
    const named = (e: { field?: string }) =>
      e.field === field || Boolean(e.field?.startsWith(`${field}.`)) || (result.inPath && e.field === 'path');
    return (problem.errors ?? []).some(named);
  } catch {
    return false;
  }
}

function tally(results: Result[], seconds: number) {
  const byClass = new Map<string, number>();
  for (const r of results) {
    const key = r.status === 0 ? `no answer` : `${String(r.status)[0]}xx`;
    byClass.set(key, (byClass.get(key) ?? 0) + 1);
  }
  const statuses = new Map<number, number>();
  for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const malformed = (r: Result) => !['valid-sample', 'plain', 'signed-out'].includes(r.kind);
  const server = results.filter((r) => r.status >= 500);
  const notProblem = results.filter((r) => r.status >= 400 && !r.contentType.startsWith('application/problem+json'));
  const echoesNul = results.filter((r) => r.body.includes('\u0000') || r.body.includes('\\u0000'));
  const accepted = results.filter((r) => malformed(r) && r.status >= 200 && r.status < 400);
  const wrongStatus = results.filter((r) => r.expect !== undefined && r.status !== r.expect);
  const unnamed = results.filter((r) => r.status === 400 && r.contentType.startsWith('application/problem+json') && !namesField(r));
  const line = (r: Result) => {
    const where = r.route === '(raw)' ? r.path : r.route;
    return `  ${r.status || 'ERR'} ${r.method} ${where}  [${r.kind}${r.field ? ` in ${r.field}` : ''}]${r.error ? ` ${r.error}` : ''}`;
  };
  const list = (title: string, items: Result[], max = 400) => {
    console.log(`\n${title}: ${items.length}`);
    const seen = new Set<string>();
    for (const r of items) {
      const text = line(r);
      if (seen.has(text)) continue;
      seen.add(text);
      if (seen.size > max) {
        console.log(`  … and more`);
        break;
      }
      console.log(text);
    }
  };
  console.log(`\n=== probe of ${target.origin}: ${results.length} requests in ${seconds.toFixed(0)} s ===`);
  console.log(
    `by status class: ${[...byClass]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `by status: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}`,
  );
  const counts = [
    `5xx: ${server.length}`,
    `error answers not problem+json: ${notProblem.length}`,
    `answers echoing NUL: ${echoesNul.length}`,
    `malformed input accepted (2xx/3xx): ${accepted.length}`,
    `wrong status for long paths/headers: ${wrongStatus.length}`,
    `400 not naming the field: ${unnamed.length}`,
  ];
  console.log(counts.join(' · '));
  list('5xx answers', server);
  list('error answers that are not problem+json', notProblem);
  list('answers echoing NUL', echoesNul);
  list('malformed input accepted (2xx/3xx)', accepted);
  list('long paths and headers with another status than expected', wrongStatus);
  list('400 answers not naming the field', unnamed, 60);
}

async function setUp(doc: OpenApi): Promise<Session | null> {
  // Ids to aim at, from the public API.
  const orgs = (await api(null, 'GET', '/hsds/organizations?per_page=1')) as Answered<{ contents: { id: string }[] }>;
  if (orgs.json?.contents[0]) known.organization = orgs.json.contents[0].id;
  const sals = (await api(null, 'GET', '/hsds/service_at_locations?per_page=1')) as Answered<{ contents: { id: string }[] }>;
  if (sals.json?.contents[0]) known.serviceAtLocation = sals.json.contents[0].id;
  const taxonomies = (await api(null, 'GET', '/hsds/taxonomies?per_page=1')) as Answered<{ contents: { id: string }[] }>;
  if (taxonomies.json?.contents[0]) known.taxonomy = taxonomies.json.contents[0].id;
  const terms = (await api(null, 'GET', '/hsds/taxonomy_terms?per_page=1')) as Answered<{ contents: { id: string }[] }>;
  if (terms.json?.contents[0]) known.taxonomyTerm = terms.json.contents[0].id;
  const services = (await api(null, 'GET', '/api/services?perPage=1')) as Answered<{ items: { id: string }[] }>;
  known.service = services.json?.items[0]?.id ?? randomUUID();

  let admin: Session | null = null;
  const suffix = randomBytes(4).toString('hex');
  if (process.env.PROBE_EMAIL && process.env.PROBE_PASSWORD) {
    admin = await signIn(process.env.PROBE_EMAIL, process.env.PROBE_PASSWORD);
  } else if (process.env.PROBE_SETUP_TOKEN) {
    const email = `probe-admin-${suffix}@probe.example`;
    const password = `Probe-${randomBytes(12).toString('base64url')}`;
    const token = process.env.PROBE_SETUP_TOKEN;
    const created = await api(null, 'POST', '/api/setup', { token, email, displayName: 'Probe administrator', password });
    if (created.status === 201) admin = await signIn(email, password);
    else console.error(`Setup with PROBE_SETUP_TOKEN failed: ${created.status} ${created.text.slice(0, 200)}`);
  }
  if (!admin) {
    console.warn('Not signed in (set PROBE_EMAIL and PROBE_PASSWORD, or PROBE_SETUP_TOKEN): routes behind sign-in are not reached.');
    return null;
  }

  // A user with every role, so every permission's routes are reached; and a user to change.
  const usersSchema = doc.paths['/api/admin/users']?.post?.requestBody?.content?.['application/json']?.schema;
  const roles = usersSchema?.properties?.roles?.items?.enum ?? [];
  const districts = usersSchema?.properties?.districts?.items?.enum ?? [];
  const email = `probe-all-roles-${suffix}@probe.example`;
  const password = `Probe-${randomBytes(12).toString('base64url')}`;
  const createUser = async (body: Record<string, unknown>) =>
    (await api(admin, 'POST', '/api/admin/users', { password, districts: [], units: [], ...body })) as Answered<{ id: string }>;
  const everyRole = await createUser({ email, displayName: 'Probe, every role', roles, districts, units: ['probe-unit'] });
  const targetUser = await createUser({ email: `probe-target-${suffix}@probe.example`, displayName: 'Probe target', roles: [] });
  if (targetUser.json?.id) known.targetUser = targetUser.json.id;
  let session = admin;
  if (everyRole.status === 201) session = (await signIn(email, password)) ?? admin;
  else console.warn(`Could not create a user with every role (${everyRole.status}); sweeping as the given administrator.`);

  // A service of the probe's own to write to, and an error report on it to handle.
  const createSchema = doc.paths['/api/services']?.post?.requestBody?.content?.['application/json']?.schema;
  if (createSchema) {
    const created = (await api(session, 'POST', '/api/services', sample(createSchema, ''))) as Answered<{ id: string }>;
    if (created.json?.id) known.service = created.json.id;
    else console.warn(`Could not create the probe's own service (${created.status} ${created.text.slice(0, 300)}); using a seeded one.`);
  }
  await api(null, 'POST', `/api/services/${known.service}/error-reports`, { message: 'Probe: this is a test report.' });
  const reports = (await api(session, 'GET', '/api/editor/error-reports')) as Answered<{ id: string }[]>;
  if (Array.isArray(reports.json) && reports.json[0]) known.errorReport = reports.json[0].id;
  return session;
}

async function main() {
  const started = Date.now();
  const docAnswer = (await api(null, 'GET', '/api/openapi.json')) as Answered<OpenApi>;
  if (docAnswer.status !== 200 || !docAnswer.json) {
    console.error(`No OpenAPI document at ${target.origin}/api/openapi.json (${docAnswer.status})`);
    process.exit(2);
  }
  const doc = docAnswer.json;
  const ops = operations(doc);
  const session = await setUp(doc);

  // Every operation once without a session (its refusal must be problem+json too), then the sweep.
  const perRoute = ops
    .filter((op) => !SKIPPED.has(`${op.method} ${op.path}`) || !session)
    .map((op) => {
      const body = op.body ? { body: '{}', contentType: 'application/json' } : {};
      const signedOut: Case = { route: op.path, method: op.method, path: fillPath(op.path), kind: 'signed-out', signedIn: false, ...body };
      return [signedOut, ...casesFor(op, session)];
    });
  perRoute.push(semanticCases(session, doc), rawCases());
  // Round-robin over routes, so a cut-off sweep still covers every route.
  const all: Case[] = [];
  for (let i = 0; all.length < MAX_REQUESTS && perRoute.some((list) => i < list.length); i++) {
    for (const list of perRoute) if (i < list.length && all.length < MAX_REQUESTS) all.push(list[i]!);
  }
  const planned = perRoute.reduce((n, list) => n + list.length, 0);
  const cut = planned > all.length ? `, cut to ${all.length} (PROBE_MAX_REQUESTS)` : '';
  console.log(`${ops.length} operations, ${planned} cases planned${cut}${session ? ', signed in' : ', signed out'}.`);

  const results: Result[] = [];
  let next = 0;
  const deadline = started + MAX_SECONDS * 1000;
  async function worker() {
    while (next < all.length && Date.now() < deadline) {
      const c = all[next++]!;
      results.push(await run(c, session));
      if (results.length % 250 === 0) console.log(`… ${results.length}/${all.length}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (process.env.PROBE_LOG) {
    const lines = results.map((r) =>
      JSON.stringify({
        status: r.status,
        method: r.method,
        route: r.route,
        path: r.path.slice(0, 200),
        kind: r.kind,
        field: r.field,
        answer: r.body.slice(0, 300),
      }),
    );
    writeFileSync(process.env.PROBE_LOG, `${lines.join('\n')}\n`);
  }
  const unsent = all.length - results.length;
  if (unsent > 0) console.log(`Stopped after ${MAX_SECONDS} s (PROBE_MAX_SECONDS): ${unsent} cases not sent.`);
  agent.destroy();
  tally(results, (Date.now() - started) / 1000);
}

await main();
