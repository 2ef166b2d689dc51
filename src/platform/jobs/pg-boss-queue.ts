import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db.ts';
import {
  checkEnqueue,
  JOB_RETENTION_DAYS,
  JobDeclarations,
  resultOf,
  type EnqueueOptions,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  type JobListFilter,
  type JobLogger,
  type JobOptions,
  type JobPayload,
  type JobQueue,
  type JobQueueOptions,
  type JobResult,
  type JobState,
  type ScheduleInfo,
} from './jobs.ts';

const SILENT: JobLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const SCHEMA = 'pgboss';

/** pg-boss runs the statements of a caller's transaction through this. */
const transactionDb = (trx: Db): PgBoss.Db => ({
  executeSql: async (text, values) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, values))).rows }),
});

type PgBossJobRow = {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
};

/**
 * The PostgreSQL server's runner: pg-boss 10 in its own schema (`pgboss`, created and migrated by
 * pg-boss at start) with its own small connection pool. Each instance of the application works
 * every queue; pg-boss claims each job with SKIP LOCKED, so it runs on one of them.
 */
export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss';
  private readonly boss: PgBoss;
  private readonly declared = new JobDeclarations();
  private readonly log: JobLogger;
  private readonly pollIntervalSeconds: number;
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(
    private readonly db: Db,
    url: string,
    options: JobQueueOptions & { poolSize?: number } = {},
  ) {
    this.log = options.logger ?? SILENT;
    this.pollIntervalSeconds = Math.max(0.5, options.pollIntervalSeconds ?? 2);
    this.boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: options.poolSize ?? 4,
      application_name: 'veiviser-jobs',
      // Finished jobs move to pgboss.archive after 12 hours (the default) and are deleted after 30 days.
      deleteAfterDays: JOB_RETENTION_DAYS,
      // Schedules: checked by one instance at a time this often; a due one is sent by the next poll.
      cronMonitorIntervalSeconds: Math.min(45, Math.max(1, options.maintenanceIntervalSeconds ?? 30)),
      cronWorkerIntervalSeconds: Math.min(45, Math.max(1, Math.ceil(this.pollIntervalSeconds))),
    });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  define<P extends JobPayload>(name: string, handler: JobHandler<P>, options?: JobOptions<P>): void {
    this.declared.define(this.state !== 'new', name, handler, options);
  }

  schedule(name: string, cron: string, options: { timezone?: string; payload?: JobPayload } = {}): void {
    this.declared.schedule(this.state !== 'new', name, cron, options);
  }

  async start(): Promise<void> {
    this.declared.checkStart(this.state !== 'new');
    await this.boss.start();
    this.state = 'started';
    for (const d of this.declared.definitions.values()) {
      const queue = {
        name: d.name,
        policy: d.policy,
        retryLimit: d.retryLimit,
        retryDelay: d.retryDelaySeconds,
        retryBackoff: d.retryBackoff,
        expireInSeconds: d.expireInSeconds,
      };
      // createQueue leaves an existing queue as it is; updateQueue brings its options up to date (not its policy).
      await this.boss.createQueue(d.name, queue);
      await this.boss.updateQueue(d.name, queue);
    }
    for (const existing of await this.boss.getSchedules()) {
      if (!this.declared.schedules.has(existing.name)) await this.boss.unschedule(existing.name);
    }
    for (const s of this.declared.schedules.values()) await this.boss.schedule(s.name, s.cron, s.payload, { tz: s.timezone });
    const work = { pollingIntervalSeconds: this.pollIntervalSeconds, batchSize: 1, includeMetadata: true } as const;
    for (const d of this.declared.definitions.values()) {
      await this.boss.work<JobPayload>(d.name, work, async ([job]) => (job ? this.run(d, job) : undefined));
    }
  }

  private async run(definition: JobDefinition, job: PgBoss.JobWithMetadata<JobPayload>): Promise<JobResult | undefined> {
    const attempt = job.retryCount + 1;
    try {
      const payload = definition.payload ? definition.payload.parse(job.data) : job.data;
      return resultOf(await definition.handler(payload, { id: job.id, name: job.name, attempt })) ?? undefined;
    } catch (error) {
      // pg-boss records the error with the job and retries it; this only puts it in the log.
      const entry = { job: job.name, jobId: job.id, attempt, error: error instanceof Error ? error.message : String(error) };
      if (attempt <= job.retryLimit) this.log.warn(entry, 'job failed; it will be retried');
      else this.log.error(entry, 'job failed and has no retries left');
      throw error;
    }
  }

  async enqueue(name: string, payload: JobPayload = {}, options: EnqueueOptions = {}): Promise<string | null> {
    if (this.state === 'new') throw new Error(`Job ${name}: start() the queue before enqueueing`);
    const checked = checkEnqueue(this.declared.definitions.get(name), name, payload, options);
    return this.boss.send(name, checked, {
      ...(options.runAt ? { startAfter: options.runAt } : {}),
      ...(options.singletonKey !== undefined ? { singletonKey: options.singletonKey } : {}),
      ...(options.trx ? { db: transactionDb(options.trx) } : {}),
    });
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopped';
    // Waits for running jobs (checking every half second), fails those still running at the timeout, closes its pool.
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: options.timeoutMs ?? 30_000 });
  }

  /** Read through the application's own connection, so the admin view works whether or not this instance has started. */
  async list(filter: JobListFilter = {}): Promise<JobInfo[]> {
    if (!(await this.installed())) return [];
    const columns = sql.raw(
      'id, name, state::text as state, retry_count, retry_limit, output, created_on, start_after, started_on, completed_on',
    );
    const where = [sql`left(name, 10) <> '__pgboss__'`];
    if (filter.state) where.push(sql`state::text = ${filter.state}`);
    if (filter.name) where.push(sql`name = ${filter.name}`);
    const rows = await sql<PgBossJobRow>`
      with jobs as (select ${columns} from ${sql.table(`${SCHEMA}.job`)} union all select ${columns} from ${sql.table(`${SCHEMA}.archive`)})
      select * from jobs where ${sql.join(where, sql` and `)} order by created_on desc, id limit ${filter.limit ?? 100}`.execute(this.db);
    return rows.rows.map(pgBossRowToJobInfo);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    if (!(await this.installed())) return [];
    const table = sql.table(`${SCHEMA}.schedule`);
    return (await sql<ScheduleInfo>`select name, cron, timezone from ${table} order by name`.execute(this.db)).rows;
  }

  private async installed(): Promise<boolean> {
    const row = await sql<{ installed: boolean }>`select to_regclass(${`${SCHEMA}.archive`}) is not null as installed`.execute(this.db);
    return row.rows[0]?.installed ?? false;
  }
}

/** pg-boss keeps a failure as its serialised error ({message, …}), or a message of its own as {value}. */
function messageOf(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: unknown };
  if (typeof o.message === 'string') return o.message;
  if (typeof o.value === 'string') return o.value;
  const inner = o.value && typeof o.value === 'object' ? (o.value as { message?: unknown }).message : undefined;
  if (typeof inner === 'string') return inner;
  return JSON.stringify(output).slice(0, 2000);
}

function pgBossRowToJobInfo(row: PgBossJobRow): JobInfo {
  const failing = row.state === 'retry' || row.state === 'failed';
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    // retry_count grows when a job is fetched again after an attempt.
    attempts: row.started_on ? row.retry_count + 1 : 0,
    retryLimit: row.retry_limit,
    lastError: failing ? messageOf(row.output) : null,
    result: row.state === 'completed' && row.output && typeof row.output === 'object' ? (row.output as JobResult) : null,
    createdAt: row.created_on,
    runAt: row.start_after,
    startedAt: row.started_on,
    completedAt: row.completed_on,
  };
}
