import type { Db } from '../db.ts';
import {
  advanceSchedule,
  claimNextJob,
  completeJob,
  deleteFinishedJobs,
  failJob,
  insertJob,
  replaceSchedules,
  selectExpiredJobs,
  selectJobs,
  selectSchedules,
  type JobRow,
} from './jobs.repository.ts';
import {
  checkEnqueue,
  errorMessage,
  JOB_RETENTION_DAYS,
  JobDeclarations,
  previousCronTick,
  resultOf,
  retryDelaySeconds,
  type EnqueueOptions,
  type JobDefinition,
  type JobHandler,
  type JobListFilter,
  type JobLogger,
  type JobOptions,
  type JobPayload,
  type JobQueue,
  type JobQueueOptions,
  type ScheduleInfo,
} from './jobs.ts';

const SILENT: JobLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The embedded database's runner: one worker loop per job name, polling the `job` table on a
 * timer, in this one process. It keeps pg-boss's semantics (states, attempts, exponential
 * backoff, time limits, 'short' singletons, cron at minute resolution, 30 days of history) so
 * code written against JobQueue behaves alike on both databases. Claims use SKIP LOCKED and each
 * state change is conditional, so even two runners on one database run a job once; but PGlite is
 * one connection in one process, and a job runs only while this process does (docs/jobs.md).
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly kind = 'embedded';
  private readonly declared = new JobDeclarations();
  private readonly running = new Map<string, JobRow>();
  private readonly sleepers = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private maintenance: ReturnType<typeof setInterval> | null = null;
  private maintaining: Promise<void> = Promise.resolve();
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  private readonly log: JobLogger;
  private readonly pollMs: number;
  private readonly maintenanceMs: number;

  constructor(
    private readonly db: Db,
    options: JobQueueOptions = {},
  ) {
    this.log = options.logger ?? SILENT;
    this.pollMs = Math.max(0.5, options.pollIntervalSeconds ?? 2) * 1000;
    this.maintenanceMs = Math.max(0.1, options.maintenanceIntervalSeconds ?? 30) * 1000;
  }

  define<P extends JobPayload>(name: string, handler: JobHandler<P>, options?: JobOptions<P>): void {
    this.declared.define(this.state !== 'new', name, handler, options);
  }

  schedule(name: string, cron: string, options: { timezone?: string; payload?: JobPayload } = {}): void {
    this.declared.schedule(this.state !== 'new', name, cron, options);
  }

  async start(): Promise<void> {
    this.declared.checkStart(this.state !== 'new');
    await replaceSchedules(this.db, [...this.declared.schedules.values()]);
    this.state = 'started';
    this.loops = [...this.declared.definitions.values()].map((definition) => this.work(definition));
    this.maintaining = this.maintain();
    this.maintenance = setInterval(() => {
      this.maintaining = this.maintaining.then(() => this.maintain());
    }, this.maintenanceMs);
  }

  async enqueue(name: string, payload: JobPayload = {}, options: EnqueueOptions = {}): Promise<string | null> {
    if (this.state === 'new') throw new Error(`Job ${name}: start() the queue before enqueueing`);
    const definition = this.declared.definitions.get(name);
    const checked = checkEnqueue(definition, name, payload, options);
    const id = await insertJob(options.trx ?? this.db, definition!, checked, options);
    this.wake();
    return id;
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopping';
    if (this.maintenance) clearInterval(this.maintenance);
    this.wake();
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const finished = await Promise.race([Promise.all([...this.loops, this.maintaining]).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (finished === 'timeout') {
      // Still running: fail the attempts, so they are retried after the next start instead of waiting out their time limit.
      for (const job of this.running.values()) await this.recordFailure(job, new Error('the job queue stopped while the job was running'));
    }
    this.state = 'stopped';
  }

  list(filter: JobListFilter = {}) {
    return selectJobs(this.db, filter);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    return (await selectSchedules(this.db)).map(({ name, cron, timezone }) => ({ name, cron, timezone }));
  }

  /** One job name's worker: take the next due job, run it, repeat; sleep when there is none. */
  private async work(definition: JobDefinition): Promise<void> {
    while (this.state === 'started') {
      let job: JobRow | undefined;
      try {
        job = await claimNextJob(this.db, definition.name);
      } catch (error) {
        this.log.error({ err: error, job: definition.name }, 'could not fetch the next job');
      }
      if (job) await this.run(definition, job);
      else await this.sleep(this.pollMs);
    }
  }

  private async run(definition: JobDefinition, job: JobRow): Promise<void> {
    this.running.set(job.id, job);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const payload = definition.payload ? definition.payload.parse(job.payload) : (job.payload as JobPayload);
      const limit = new Promise<never>((_resolve, reject) => {
        const message = `the job ran longer than its limit of ${definition.expireInSeconds} s`;
        timer = setTimeout(() => reject(new Error(message)), definition.expireInSeconds * 1000);
      });
      const result = await Promise.race([definition.handler(payload, { id: job.id, name: job.name, attempt: job.attempts }), limit]);
      await completeJob(this.db, job, resultOf(result));
    } catch (error) {
      await this.recordFailure(job, error);
    } finally {
      clearTimeout(timer);
      this.running.delete(job.id);
    }
  }

  /** Back to 'retry' with backoff while retries remain, else 'failed'; the error is kept either way. */
  private async recordFailure(job: JobRow, error: unknown): Promise<void> {
    const retriesDone = job.attempts - 1;
    const retry = retriesDone < job.retry_limit;
    const backoff = { retryDelaySeconds: job.retry_delay_seconds, retryBackoff: job.retry_backoff };
    const delay = retry ? retryDelaySeconds(backoff, retriesDone, Math.random()) : null;
    const message = errorMessage(error);
    try {
      const recorded = await failJob(this.db, job, message, delay);
      if (recorded) {
        const entry = { job: job.name, jobId: job.id, attempt: job.attempts, error: message };
        if (retry) this.log.warn({ ...entry, retryInSeconds: delay }, 'job failed; it will be retried');
        else this.log.error(entry, 'job failed and has no retries left');
      }
    } catch (failure) {
      // The row stays 'active' and is failed by the time-limit check instead: late, but not lost.
      this.log.error({ err: failure, job: job.name, jobId: job.id }, 'could not record a failed job');
    }
  }

  /** Enqueues due schedules, fails attempts past their time limit (a runner that died), deletes old history. */
  private async maintain(): Promise<void> {
    if (this.state !== 'started') return;
    try {
      const now = new Date();
      for (const schedule of await selectSchedules(this.db)) {
        const definition = this.declared.definitions.get(schedule.name);
        const tick = previousCronTick(schedule.cron, schedule.timezone, now);
        if (!definition || tick <= schedule.last_tick) continue;
        await this.db.transaction().execute(async (trx) => {
          if (await advanceSchedule(trx, schedule.name, tick)) await insertJob(trx, definition, schedule.payload as JobPayload, {});
        });
        this.wake();
      }
      for (const job of await selectExpiredJobs(this.db)) {
        if (this.running.has(job.id)) continue;
        const limit = `${job.expire_in_seconds} s`;
        await this.recordFailure(job, new Error(`the job was still active after its limit of ${limit} (did the process stop?)`));
      }
      await deleteFinishedJobs(this.db, JOB_RETENTION_DAYS);
    } catch (error) {
      this.log.error({ err: error }, 'job queue maintenance failed');
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Ends every idle worker's sleep (new work, or stopping). */
  private wake(): void {
    for (const done of [...this.sleepers]) done();
  }
}
