import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestDatabase, testDatabaseKinds, type TestDatabaseKind } from '../../../test/databases.ts';
import type { DatabaseHandle } from '../db.ts';
import { EmbeddedJobQueue } from './embedded-queue.ts';
import type { JobInfo, JobQueue } from './jobs.ts';
import { PgBossJobQueue } from './pg-boss-queue.ts';

/*
 * The JobQueue contract, on every runner and database it can meet: pg-boss on a PostgreSQL
 * server (what production uses there), the embedded runner on PGlite (the default install), and
 * the embedded runner on a server too, where its SKIP LOCKED claims meet real concurrency.
 */
type Combination = { kind: TestDatabaseKind; runner: 'pg-boss' | 'embedded' };
const combinations: Combination[] = testDatabaseKinds().flatMap((kind): Combination[] =>
  kind === 'postgres'
    ? [
        { kind, runner: 'pg-boss' },
        { kind, runner: 'embedded' },
      ]
    : [{ kind, runner: 'embedded' }],
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each(combinations)('the $runner job queue on $kind', ({ kind, runner }) => {
  let handle: DatabaseHandle & { url?: string };
  let queues: JobQueue[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    queues = [];
  });
  afterAll(async () => handle?.close());

  /** A queue of this combination's runner; the test's end stops it. */
  function newQueue(): JobQueue {
    const queue =
      runner === 'pg-boss'
        ? new PgBossJobQueue(handle.db, handle.url!, { pollIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, poolSize: 3 })
        : new EmbeddedJobQueue(handle.db, { pollIntervalSeconds: 0.5, maintenanceIntervalSeconds: 0.5 });
    queues.push(queue);
    return queue;
  }

  const jobsNamed = async (queue: JobQueue, name: string) => queue.list({ name, limit: 500 });

  it('runs each job exactly once while four queues compete for them on the same database', async () => {
    const runs: { jobId: string; n: number; by: number }[] = [];
    const competitors = [newQueue(), newQueue(), newQueue(), newQueue()];
    competitors.forEach((queue, by) =>
      queue.define('count-once', async (payload: { n: number }, job) => {
        runs.push({ jobId: job.id, n: payload.n, by });
        await sleep(20);
      }),
    );
    for (const queue of competitors) await queue.start();
    const [first] = competitors as [JobQueue];
    const count = 40;
    for (let n = 0; n < count; n++) await first.enqueue('count-once', { n });
    const completed = async () => (await jobsNamed(first, 'count-once')).filter((j) => j.state === 'completed').length;
    await waitFor(`${count} completed jobs`, async () => (await completed()) === count);
    await sleep(500);
    expect(runs).toHaveLength(count);
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(count);
    expect(runs.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array(count).keys()]);
    // More than one instance took part: the claims really competed.
    expect(new Set(runs.map((r) => r.by)).size).toBeGreaterThan(1);
  });

  it('retries a throwing job after growing delays, then marks it failed with the error message', async () => {
    const started: number[] = [];
    const queue = newQueue();
    queue.define(
      'always-fails',
      async (_payload, job) => {
        started.push(Date.now());
        throw new Error(`boom on attempt ${job.attempt}`);
      },
      { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true },
    );
    await queue.start();
    const id = await queue.enqueue('always-fails');
    const inState = (state: string) => async () => (await jobsNamed(queue, 'always-fails')).find((j) => j.state === state);
    const retrying = await waitFor('the first retry to be waiting', inState('retry'));
    expect(retrying).toMatchObject({ id, attempts: 1, lastError: 'boom on attempt 1' });
    const failed = await waitFor('the job to fail', inState('failed'));
    expect(failed).toMatchObject<Partial<JobInfo>>({
      id: id!,
      state: 'failed',
      attempts: 3,
      retryLimit: 2,
      lastError: 'boom on attempt 3',
      result: null,
    });
    expect(failed.completedAt).toBeInstanceOf(Date);
    expect(started).toHaveLength(3);
    // Backoff: the first retry waits 1–2 s, the second 2–4 s.
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(1000);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(2000);
    // Failed is final: nothing runs it again.
    await sleep(1500);
    expect(started).toHaveLength(3);
  });

  it('completes a job that fails once and then succeeds, keeping what it returned', async () => {
    const queue = newQueue();
    queue.define(
      'flaky',
      async (_payload, job) => {
        if (job.attempt === 1) throw new Error('not yet');
        return { attempt: job.attempt };
      },
      { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false },
    );
    await queue.start();
    await queue.enqueue('flaky');
    const done = await waitFor('the job to complete', async () => (await jobsNamed(queue, 'flaky')).find((j) => j.state === 'completed'));
    expect(done).toMatchObject({ attempts: 2, lastError: null, result: { attempt: 2 } });
  });

  it('waits in stop() for a running job to finish', async () => {
    let finished = false;
    const queue = newQueue();
    queue.define('slow', async () => {
      await sleep(800);
      finished = true;
    });
    await queue.start();
    await queue.enqueue('slow');
    await waitFor('the job to start', async () => (await jobsNamed(queue, 'slow')).find((j) => j.state === 'active'));
    await queue.stop();
    expect(finished).toBe(true);
    expect((await jobsNamed(queue, 'slow'))[0]?.state).toBe('completed');
  });

  it('creates a job enqueued in a transaction only if the transaction commits', async () => {
    const queue = newQueue();
    queue.define('transactional', async () => undefined);
    await queue.start();
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await queue.enqueue('transactional', { outcome: 'rolled back' }, { trx, runAt: new Date(Date.now() + 3600_000) });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await handle.db
      .transaction()
      .execute((trx) => queue.enqueue('transactional', { outcome: 'committed' }, { trx, runAt: new Date(Date.now() + 3600_000) }));
    const jobs = await jobsNamed(queue, 'transactional');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'created', attempts: 0 });
  });

  it("keeps one waiting job per singleton key on a 'short' queue", async () => {
    const queue = newQueue();
    queue.define('recompute', async () => undefined, { policy: 'short' });
    queue.define('plain', async () => undefined);
    await queue.start();
    const later = new Date(Date.now() + 3600_000);
    const first = await queue.enqueue('recompute', {}, { singletonKey: 'indicator-1', runAt: later });
    const second = await queue.enqueue('recompute', {}, { singletonKey: 'indicator-1', runAt: later });
    const other = await queue.enqueue('recompute', {}, { singletonKey: 'indicator-2', runAt: later });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(other).toEqual(expect.any(String));
    await expect(queue.enqueue('plain', {}, { singletonKey: 'x' })).rejects.toThrow(/needs policy 'short'/);
    await expect(queue.enqueue('not-defined')).rejects.toThrow(/No job named "not-defined"/);
  });

  it('refuses a payload its schema rejects, at enqueue', async () => {
    const queue = newQueue();
    const payload = z.strictObject({ userId: z.uuid() });
    queue.define('typed', async (p: { userId: string }) => ({ userId: p.userId }), { payload });
    await queue.start();
    await expect(queue.enqueue('typed', { userId: 'not a uuid' })).rejects.toThrow();
    expect(await jobsNamed(queue, 'typed')).toEqual([]);
  });

  it('fires a due schedule once although two instances declare it, and lists it', { timeout: 40_000 }, async () => {
    const runs: string[] = [];
    const [a, b] = [newQueue(), newQueue()];
    for (const [by, queue] of [
      ['a', a],
      ['b', b],
    ] as const) {
      queue.define('every-minute', async () => {
        runs.push(by);
      });
      queue.schedule('every-minute', '* * * * *', { timezone: 'UTC' });
    }
    const from = Date.now();
    await a.start();
    await b.start();
    expect(await a.schedules()).toEqual([{ name: 'every-minute', cron: '* * * * *', timezone: 'UTC' }]);
    // A new schedule fires for a tick in the last minute (pg-boss's rule), so a minutely one fires at start.
    await waitFor('the scheduled job to run', async () => runs.length > 0, 20_000);
    await sleep(6000);
    const minutesSpanned = Math.floor(Date.now() / 60_000) - Math.floor(from / 60_000) + 1;
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(minutesSpanned);
  });

  it('drops schedules that are no longer declared when it starts', async () => {
    const first = newQueue();
    first.define('old-report', async () => undefined);
    first.schedule('old-report', '0 3 * * *');
    await first.start();
    expect((await first.schedules()).map((s) => s.name)).toContain('old-report');
    await first.stop();
    const second = newQueue();
    second.define('old-report', async () => undefined);
    await second.start();
    expect((await second.schedules()).map((s) => s.name)).not.toContain('old-report');
  });
});

describe.each(testDatabaseKinds())('the embedded runner on %s', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => handle?.close());

  it('fails and retries an attempt left active by a process that stopped, once its time limit has passed', async () => {
    const queue = new EmbeddedJobQueue(handle.db, { pollIntervalSeconds: 0.5, maintenanceIntervalSeconds: 0.2 });
    const runs: number[] = [];
    queue.define(
      'orphaned',
      async (_payload, job) => {
        runs.push(job.attempt);
      },
      { expireInSeconds: 60, retryDelaySeconds: 1 },
    );
    // What a crash leaves: a row that was claimed (attempt 1) two minutes ago and never finished.
    await sql`insert into job (id, name, state, attempts, retry_limit, retry_delay_seconds, retry_backoff, expire_in_seconds, started_at)
      values (gen_random_uuid(), 'orphaned', 'active', 1, 2, 1, false, 60, now() - interval '2 minutes')`.execute(handle.db);
    await queue.start();
    try {
      const completed = async () => (await queue.list({ name: 'orphaned' })).find((j) => j.state === 'completed');
      const done = await waitFor('the orphaned job to be retried and completed', completed);
      expect(runs).toEqual([2]);
      expect(done.attempts).toBe(2);
    } finally {
      await queue.stop();
    }
  });

  it('fails an attempt that runs past its time limit, with a message saying so', async () => {
    const queue = new EmbeddedJobQueue(handle.db, { pollIntervalSeconds: 0.5 });
    queue.define('hangs', () => new Promise<void>(() => undefined), { expireInSeconds: 1, retryLimit: 0 });
    await queue.start();
    try {
      await queue.enqueue('hangs');
      const failed = await waitFor('the job to fail', async () => (await queue.list({ name: 'hangs' })).find((j) => j.state === 'failed'));
      expect(failed.lastError).toBe('the job ran longer than its limit of 1 s');
    } finally {
      await queue.stop({ timeoutMs: 100 });
    }
  });
});
