import cronParser from 'cron-parser';
import type { z } from 'zod';
import type { Db } from '../db.ts';
import type { JobState } from './jobs.schemas.ts';

/**
 * Background jobs: one small interface over two runners. On a PostgreSQL server, pg-boss (jobs
 * claimed with SKIP LOCKED, so each runs once however many instances work the queue); on the
 * embedded database, a single-process runner over our own `job` table with the same states,
 * retries and backoff. docs/jobs.md says why pg-boss and what the embedded runner cannot do.
 */

export { JOB_STATES, type JobState } from './jobs.schemas.ts';

/** A job's input: JSON, kept with the job. */
export type JobPayload = Record<string, unknown>;
/** What a completed job reports (kept with it, shown to administrators). */
export type JobResult = Record<string, unknown>;

/** Which job is running: `attempt` counts from 1. */
export type JobContext = { id: string; name: string; attempt: number };

/** Runs one attempt; a thrown error fails it. A returned plain object is kept as the job's result; anything else is dropped. */
export type JobHandler<P extends JobPayload = JobPayload> = (payload: P, job: JobContext) => Promise<unknown>;

/** The part of a handler's return value that is kept. */
export const resultOf = (value: unknown): JobResult | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JobResult) : null;

/** How a job behaves; the defaults suit short maintenance work. */
export type JobOptions<P extends JobPayload = JobPayload> = {
  /** Retries after the first attempt (0: none). Default 2. */
  retryLimit?: number;
  /** Seconds before the first retry (at least 1). Default 30. */
  retryDelaySeconds?: number;
  /** Each retry waits about twice as long as the one before, with jitter. Default true. */
  retryBackoff?: boolean;
  /** An attempt that runs longer fails (and is retried if attempts remain). Default 15 minutes. */
  expireInSeconds?: number;
  /**
   * 'short': at most one job per singleton key waiting to start (jobs without a key share one
   * slot); enqueueing another returns null. Fixed when the queue is first created on a server.
   */
  policy?: 'standard' | 'short';
  /** Checked when a job is enqueued and again before it runs. */
  payload?: z.ZodType<P>;
};

export type EnqueueOptions = {
  /** Not before this time. */
  runAt?: Date;
  /** Only on 'short' queues: one waiting job per key. */
  singletonKey?: string;
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  trx?: Db;
};

/** One job as an administrator sees it. */
export type JobInfo = {
  id: string;
  name: string;
  state: JobState;
  /** Attempts started so far. */
  attempts: number;
  retryLimit: number;
  /** Why the last attempt failed, while the job waits to retry or once it has failed. */
  lastError: string | null;
  /** What the job reported when it completed. */
  result: JobResult | null;
  createdAt: Date;
  runAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
};

export type ScheduleInfo = { name: string; cron: string; timezone: string };

export type JobListFilter = { state?: JobState; name?: string; limit?: number };

/** The queue the application uses; both runners implement it. */
export interface JobQueue {
  readonly kind: 'pg-boss' | 'embedded';
  /** Declares a job and its handler. Before start(). */
  define<P extends JobPayload>(name: string, handler: JobHandler<P>, options?: JobOptions<P>): void;
  /** Runs a defined job on a cron schedule (minute resolution). Before start(); start() drops schedules no longer declared. */
  schedule(name: string, cron: string, options?: { timezone?: string; payload?: JobPayload }): void;
  /** Creates queues and schedules, and starts working. */
  start(): Promise<void>;
  /** Adds a job; returns its id, or null when a 'short' queue already has one waiting for the key. After start(). */
  enqueue(name: string, payload?: JobPayload, options?: EnqueueOptions): Promise<string | null>;
  /** Stops taking jobs and waits for running ones (at most timeoutMs, then they fail and retry later). Before the database closes. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Recent jobs, newest first (completed and failed ones are kept 30 days). */
  list(filter?: JobListFilter): Promise<JobInfo[]>;
  /** The recurring jobs. */
  schedules(): Promise<ScheduleInfo[]>;
}

/** Where log lines about jobs go (a pino or Fastify logger fits). */
export type JobLogger = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type JobQueueOptions = {
  logger?: JobLogger;
  /** How often an idle worker looks for work. Default 2 s; at least 0.5 s (pg-boss's minimum). */
  pollIntervalSeconds?: number;
  /** How often due schedules are looked for (embedded: also time limits and old history). Default 30 s; 1–45 s. */
  maintenanceIntervalSeconds?: number;
};

/** Finished jobs are kept this long for the administrators' view, then deleted. */
export const JOB_RETENTION_DAYS = 30;
/** Where cron expressions are read unless a schedule says otherwise. */
export const DEFAULT_TIMEZONE = 'Europe/Oslo';

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** A defined job with every option filled in. */
export type JobDefinition = {
  name: string;
  handler: JobHandler;
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  policy: 'standard' | 'short';
  payload: z.ZodType<JobPayload> | null;
};

/** Checks a definition and fills in the defaults (both runners use this). */
export function jobDefinition<P extends JobPayload>(name: string, handler: JobHandler<P>, options: JobOptions<P> = {}): JobDefinition {
  if (!NAME.test(name)) throw new Error(`Job name "${name}" must be lowercase letters, digits, - or _ (at most 63)`);
  const retryLimit = options.retryLimit ?? 2;
  const retryDelaySeconds = options.retryDelaySeconds ?? 30;
  const expireInSeconds = options.expireInSeconds ?? 15 * 60;
  const whole = (value: number, min: number, option: string) => {
    if (!Number.isInteger(value) || value < min) throw new Error(`Job ${name}: ${option} must be a whole number ≥ ${min}`);
  };
  whole(retryLimit, 0, 'retryLimit');
  whole(retryDelaySeconds, 1, 'retryDelaySeconds');
  whole(expireInSeconds, 1, 'expireInSeconds');
  return {
    name,
    handler: handler as JobHandler,
    retryLimit,
    retryDelaySeconds,
    retryBackoff: options.retryBackoff ?? true,
    expireInSeconds,
    policy: options.policy ?? 'standard',
    payload: (options.payload as z.ZodType<JobPayload> | undefined) ?? null,
  };
}

/** Checks an enqueue against its definition; returns the payload as the schema reads it. */
export function checkEnqueue(
  definition: JobDefinition | undefined,
  name: string,
  payload: JobPayload,
  options: EnqueueOptions,
): JobPayload {
  if (!definition) throw new Error(`No job named "${name}" is defined`);
  if (options.singletonKey !== undefined && definition.policy !== 'short') {
    throw new Error(`Job ${name}: singletonKey needs policy 'short'`);
  }
  return definition.payload ? definition.payload.parse(payload) : payload;
}

/** The most recent cron tick at or before `now` (throws on a bad expression or time zone). */
export function previousCronTick(cron: string, timezone: string, now: Date): Date {
  // cron-parser's prev() is strictly before currentDate: step a millisecond past now.
  return cronParser
    .parseExpression(cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) })
    .prev()
    .toDate();
}

/**
 * Seconds to wait before retrying, after `retriesDone` retries: pg-boss's formula, so both runners
 * back off alike. With backoff the wait is delay × 2^retriesDone × (1 + random): 1–2, 2–4, 4–8 × delay.
 */
export function retryDelaySeconds(
  definition: Pick<JobDefinition, 'retryDelaySeconds' | 'retryBackoff'>,
  retriesDone: number,
  random: number,
): number {
  if (!definition.retryBackoff) return definition.retryDelaySeconds;
  const base = (definition.retryDelaySeconds * 2 ** Math.min(16, retriesDone + 1)) / 2;
  return base + base * random;
}

/** A thrown value as one line for the job's record. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
}

/**
 * The jobs and schedules a queue is given before it starts, checked the same way by both
 * runners: each job defined once, schedules valid cron for defined jobs, nothing after start().
 */
export class JobDeclarations {
  readonly definitions = new Map<string, JobDefinition>();
  readonly schedules = new Map<string, ScheduleInfo & { payload: JobPayload }>();

  define<P extends JobPayload>(started: boolean, name: string, handler: JobHandler<P>, options?: JobOptions<P>): void {
    if (started) throw new Error(`Job ${name}: define jobs before start()`);
    if (this.definitions.has(name)) throw new Error(`Job ${name} is already defined`);
    this.definitions.set(name, jobDefinition(name, handler, options));
  }

  schedule(started: boolean, name: string, cron: string, options: { timezone?: string; payload?: JobPayload } = {}): void {
    if (started) throw new Error(`Job ${name}: schedule jobs before start()`);
    const timezone = options.timezone ?? DEFAULT_TIMEZONE;
    previousCronTick(cron, timezone, new Date()); // throws for a cron expression that does not parse
    this.schedules.set(name, { name, cron, timezone, payload: options.payload ?? {} });
  }

  /** Throws when the queue already started or a schedule names a job nobody defined. */
  checkStart(started: boolean): void {
    if (started) throw new Error('The job queue was already started');
    for (const name of this.schedules.keys()) {
      if (!this.definitions.has(name)) throw new Error(`Job ${name} is scheduled but not defined`);
    }
  }
}
