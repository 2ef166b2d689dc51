/**
 * Intake benchmark: `npm run bench:intake [-- --quick] [--db=postgres|pglite|both] [--scarce] [--pg-url=postgres://…]`.
 *
 * For each database kind: a fresh database, the real server as a child process (migrated at
 * start; the intake units come with the migrations), a common-intake user and persons registered
 * through the API, then three measurements:
 * - (a) live capacity: 500 clients (100 with --quick) hold GET /api/capacity/stream open; a
 *   series of block/unblock writes, one at a time; for each write and each client, the time from
 *   the write's request being sent (an upper bound on "committed") to that client receiving the
 *   event. Target p99 ≤ 250 ms.
 * - (b) placements under contention: many clients offer places (POST /api/intake/holds, then
 *   release) on three units, for a fixed time, so every write queues on one of three load rows;
 *   successful offers per second (target ≥ 200/s), then double-bookings counted from the
 *   database: every published capacity event and every unit's rows recounted against its places.
 *   `--scarce` leaves two free places per unit instead (then the time a place stays held bounds
 *   the rate, not the database).
 * - (c) the last free place: 50 concurrent offers for one place; exactly one 201 and 49 409
 *   problem+json answers naming unitId, and one hold in the database.
 * Results go to bench/results/intake-<timestamp>.json and a markdown table.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { syntheticNationalId } from '../test/national-ids.ts';
import { freePort, onCleanup, ROOT, runCleanups, startServer, type ServerProcess } from '../test/server-process.ts';

type Kind = 'postgres' | 'pglite';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k!, v.length ? v.join('=') : 'true'] as const;
  }),
);
const known = new Set(['quick', 'db', 'pg-url', 'scarce']);
for (const k of args.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
const quick = args.get('quick') === 'true';
const config = {
  mode: quick ? 'quick' : 'full',
  sseClients: quick ? 100 : 500,
  sseChanges: quick ? 10 : 30,
  placementClients: quick ? 20 : 50,
  placementSeconds: quick ? 5 : 15,
  contendedUnits: ['kommunale-mestringsenheter', 'kommunale-ressurssentre', 'ideelle-omsorgssentre'],
  /** Free places left per contended unit (null: all its places). */
  freePerUnit: args.get('scarce') === 'true' ? 2 : null,
  lastPlaceRequests: 50,
  kinds: (args.get('db') && args.get('db') !== 'both' ? [args.get('db')!] : ['postgres', 'pglite']).map((k): Kind => {
    if (k !== 'postgres' && k !== 'pglite') throw new Error(`--db must be postgres, pglite or both, not ${k}`);
    return k;
  }),
  pgAdminUrl: args.get('pg-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};

const log = (line: string) => console.log(line);
const ADMIN = { email: 'bench-admin@bench.oslo.kommune.no', password: 'bench-admin-password-123' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, statement: string): Promise<pg.QueryResult<{ n: number }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

type Session = { cookie: string; csrf: string };

/** A small API client for one signed-in user. */
function client(base: string, session: Session) {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      json: (await response.json()) as Record<string, unknown>,
    };
  };
  const must = async (method: 'GET' | 'POST', path: string, body: unknown, status: number) => {
    const answer = await call(method, path, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
    return answer.json;
  };
  return { call, must };
}

async function signIn(base: string, user: { email: string; password: string }): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`sign-in of ${user.email} failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/** One SSE client: the arrival time of each intake.capacity_changed event, in order. */
async function openStream(url: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', cookie }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream: ${response.status}`);
  const arrivals: number[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          if (buffer.slice(0, end).includes('event: intake.capacity_changed')) arrivals.push(at);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // closed
    }
  })();
  return { arrivals, close: () => controller.abort() };
}

type Result = {
  database: Kind;
  sse: { clients: number; changes: number; samples: number; p50: number; p99: number; max: number; missed: number };
  placements: {
    clients: number;
    seconds: number;
    granted: number;
    refused: number;
    perSecond: number;
    doubleBookings: number;
    errors: number;
  };
  lastPlace: { requests: number; created: number; conflicts: number; conflictsNamingUnit: number; holdsInDatabase: number };
};

async function benchDatabase(kind: Kind): Promise<Result> {
  log(`\n## ${kind === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded, on disk)'}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VEIVISER_SEED: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    VEIVISER_PSEUDONYM_SECRET: randomBytes(32).toString('base64'),
    VEIVISER_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    VEIVISER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    VEIVISER_ALLOW_SYNTHETIC_IDS: 'true',
  };
  delete env.DATABASE_URL;
  delete env.VEIVISER_DATA_DIR;
  /** Reads the database afterwards (PGlite: after the server stopped and let go of its directory). */
  let query: (statement: string) => Promise<{ n: number }[]>;
  if (kind === 'postgres') {
    const name = `veiviser_bench_intake_${randomBytes(6).toString('hex')}`;
    await adminQuery(config.pgAdminUrl, `create database ${name}`);
    onCleanup(`drop database ${name}`, async () => {
      await adminQuery(config.pgAdminUrl, `drop database if exists ${name} with (force)`);
    });
    env.DATABASE_URL = withDatabase(config.pgAdminUrl, name);
    query = async (statement) => (await adminQuery(env.DATABASE_URL!, statement)).rows;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'veiviser-bench-intake-'));
    onCleanup(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
    env.VEIVISER_DATA_DIR = dir;
    query = async (statement) => {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(dir);
      try {
        return (await db.query<{ n: number }>(statement)).rows;
      } finally {
        await db.close();
      }
    };
  }
  const server: ServerProcess = await startServer(env);
  const base = server.url;
  log(`server pid ${server.pid} on ${base}`);
  let result: Result;
  try {
    const admin = client(base, await signIn(base, ADMIN));
    const user = { email: `bench-intake-${Date.now()}@bench.oslo.kommune.no`, password: 'bench-intake-password-123' };
    await admin.must('POST', '/api/admin/users', { ...user, displayName: 'Benk Inntak', roles: ['common_intake'] }, 201);
    const session = await signIn(base, user);
    const intake = client(base, session);
    const persons: string[] = [];
    const wanted = config.placementClients + config.lastPlaceRequests;
    for (let i = 0; i < wanted; i++) {
      const person = { nationalId: syntheticNationalId(), givenName: 'Benk', familyName: `Person ${i}`, district: 'alna' };
      persons.push((await intake.must('POST', '/api/persons', person, 201)).id as string);
    }

    // (a) Change → event latency at many connected clients.
    log(`(a) ${config.sseClients} SSE clients, ${config.sseChanges} changes`);
    const streams = [];
    for (let i = 0; i < config.sseClients; i++) streams.push(await openStream(`${base}/api/capacity/stream`, session.cookie));
    await sleep(1000);
    const sent: number[] = [];
    let block: string | null = null;
    for (let k = 0; k < config.sseChanges; k++) {
      sent.push(performance.now());
      if (block === null) {
        const answer = await intake.must(
          'POST',
          '/api/capacity/units/gatehospitalet/blocks',
          { places: 1, reason: 'Benk', until: inDays(2) },
          201,
        );
        block = answer.id as string;
      } else {
        await intake.must('POST', `/api/capacity/blocks/${block}/end`, undefined, 200);
        block = null;
      }
      // One change at a time: wait until every client has it (or 5 s), then a short pause.
      const deadline = performance.now() + 5000;
      while (streams.some((s) => s.arrivals.length <= k) && performance.now() < deadline) await sleep(5);
      await sleep(50);
    }
    const latencies: number[] = [];
    let missed = 0;
    for (const s of streams) {
      for (let k = 0; k < config.sseChanges; k++) {
        const at = s.arrivals[k];
        if (at === undefined) missed += 1;
        else latencies.push(at - sent[k]!);
      }
      s.close();
    }
    latencies.sort((a, b) => a - b);
    const sse = {
      clients: config.sseClients,
      changes: config.sseChanges,
      samples: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      missed,
    };
    log(`    p50 ${sse.p50.toFixed(1)} ms, p99 ${sse.p99.toFixed(1)} ms, max ${sse.max.toFixed(1)} ms, ${missed} missed`);
    await sleep(500);

    // (b) Placements under contention: few units, many clients.
    const freeEach = config.freePerUnit === null ? 'all their' : String(config.freePerUnit);
    log(`(b) ${config.placementClients} clients on ${config.contendedUnits.length} units with ${freeEach} free places`);
    const capacity = (await intake.must('GET', '/api/capacity', undefined, 200)).units as { id: string; free: number }[];
    for (const id of config.contendedUnits) {
      const free = capacity.find((u) => u.id === id)!.free;
      if (config.freePerUnit === null) continue;
      await intake.must(
        'POST',
        `/api/capacity/units/${id}/blocks`,
        { places: free - config.freePerUnit, reason: 'Benk', until: inDays(2) },
        201,
      );
    }
    let granted = 0;
    let refused = 0;
    let errors = 0;
    const stopAt = performance.now() + config.placementSeconds * 1000;
    const started = performance.now();
    await Promise.all(
      persons.slice(0, config.placementClients).map(async (personId, i) => {
        let n = i;
        while (performance.now() < stopAt) {
          const unitId = config.contendedUnits[n++ % config.contendedUnits.length]!;
          const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
          const answer = await intake.call('POST', '/api/intake/holds', { unitId, personId, expiresAt });
          if (answer.status === 201) {
            granted += 1;
            const release = await intake.call('POST', `/api/intake/holds/${answer.json.id as string}/release`);
            if (release.status !== 200) errors += 1;
          } else if (answer.status === 409) refused += 1;
          else errors += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // (c) The last free place: 50 concurrent offers.
    log(`(c) ${config.lastPlaceRequests} concurrent offers for the last free place`);
    const lastUnit = 'ideelle-utredning-rusfri';
    const lastFree = capacity.find((u) => u.id === lastUnit)!.free;
    await intake.must('POST', `/api/capacity/units/${lastUnit}/blocks`, { places: lastFree - 1, reason: 'Benk', until: inDays(2) }, 201);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const answers = await Promise.all(
      persons
        .slice(config.placementClients)
        .map((personId) => intake.call('POST', '/api/intake/holds', { unitId: lastUnit, personId, expiresAt })),
    );
    const conflicts = answers.filter((a) => a.status === 409);
    const namingUnit = conflicts.filter(
      (a) => a.type.startsWith('application/problem+json') && (a.json.errors as { field: string }[] | undefined)?.[0]?.field === 'unitId',
    );
    await sleep(200);
    await server.stop();

    // Double-bookings, from the database: every published capacity change (in commit order) and every unit's rows.
    const overEvents = await query(
      `select count(*)::int as n from platform_event where topic = 'intake.capacity_changed'
         and (payload->>'occupied')::int + (payload->>'held')::int + (payload->>'blocked')::int > (payload->>'places')::int`,
    );
    const overUnits = await query(
      `select count(*)::int as n from intake_unit u join intake_unit_load l on l.unit_id = u.id
         where (select count(*) from intake_hold h where h.unit_id = u.id and h.status = 'active')
             + (select count(*) from intake_stay s where s.unit_id = u.id and s.discharged_at is null)
             + (select coalesce(sum(b.places), 0) from intake_block b where b.unit_id = u.id and b.active) > u.places
            or l.held <> (select count(*) from intake_hold h where h.unit_id = u.id and h.status = 'active')`,
    );
    const lastHolds = await query(`select count(*)::int as n from intake_hold where unit_id = '${lastUnit}' and status = 'active'`);
    const placements = {
      clients: config.placementClients,
      seconds,
      granted,
      refused,
      perSecond: granted / seconds,
      doubleBookings: overEvents[0]!.n + overUnits[0]!.n,
      errors,
    };
    log(
      `    ${granted} offers granted in ${seconds.toFixed(1)} s = ${placements.perSecond.toFixed(0)}/s ` +
        `(${refused} refused as full, ${errors} errors), ${placements.doubleBookings} double-bookings`,
    );
    const lastPlace = {
      requests: answers.length,
      created: answers.filter((a) => a.status === 201).length,
      conflicts: conflicts.length,
      conflictsNamingUnit: namingUnit.length,
      holdsInDatabase: lastHolds[0]!.n,
    };
    log(
      `    ${lastPlace.created} × 201, ${lastPlace.conflicts} × 409 (${lastPlace.conflictsNamingUnit} naming unitId), ` +
        `${lastPlace.holdsInDatabase} hold in the database`,
    );
    result = { database: kind, sse, placements, lastPlace };
  } catch (error) {
    console.error(`The server's last output:\n${server.output()}`);
    throw error;
  } finally {
    await server.stop();
  }
  return result;
}

try {
  log(`Intake benchmark (${config.mode}): ${cpus().length} CPUs, Node ${process.version}`);
  const results: Result[] = [];
  for (const kind of config.kinds) results.push(await benchDatabase(kind));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `intake-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ config, results }, null, 2)}\n`);
  const name = (k: Kind) => (k === 'postgres' ? 'PostgreSQL' : 'PGlite');
  log('\n| database | change → SSE event, p50 / p99 (ms) | clients | placements/s | double-bookings | last place: 201 / 409 |');
  log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    log(
      `| ${name(r.database)} | ${r.sse.p50.toFixed(1)} / ${r.sse.p99.toFixed(1)} | ${r.sse.clients} | ` +
        `${r.placements.perSecond.toFixed(0)} | ` +
        `${r.placements.doubleBookings} | ${r.lastPlace.created} / ${r.lastPlace.conflicts} |`,
    );
  }
  log(`\nresults: ${file}`);
} finally {
  await runCleanups();
}
