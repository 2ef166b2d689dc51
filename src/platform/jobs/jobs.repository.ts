import { sql, type Selectable } from 'kysely';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import type { JobDefinition, JobInfo, JobListFilter, JobPayload, JobResult, ScheduleInfo } from './jobs.ts';
import type { JobTable } from './jobs.table.ts';

// SQL of the embedded runner's `job` and `job_schedule` tables. Every change of state is one
// conditional statement (on state and attempt), so two runners never both finish the same attempt.

export type JobRow = Selectable<JobTable>;

/** Inserts a job; null when a 'short' queue already has one waiting for the key. */
export async function insertJob(
  db: Db,
  definition: JobDefinition,
  payload: JobPayload,
  options: { runAt?: Date | undefined; singletonKey?: string | undefined },
): Promise<string | null> {
  const row = await db
    .insertInto('job')
    .values({
      id: newId(),
      name: definition.name,
      payload: JSON.stringify(payload),
      policy: definition.policy,
      singleton_key: options.singletonKey ?? null,
      retry_limit: definition.retryLimit,
      retry_delay_seconds: definition.retryDelaySeconds,
      retry_backoff: definition.retryBackoff,
      expire_in_seconds: definition.expireInSeconds,
      ...(options.runAt ? { run_at: options.runAt } : {}),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Claims the next due job of a name (SKIP LOCKED: a job another runner holds is passed over). */
export async function claimNextJob(db: Db, name: string): Promise<JobRow | undefined> {
  return db
    .updateTable('job')
    .set({ state: 'active', started_at: sql`now()`, attempts: sql`attempts + 1` })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('job')
        .select('id')
        .where('name', '=', name)
        .where('state', 'in', ['created', 'retry'])
        .where('run_at', '<=', sql<Date>`now()`)
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Marks an attempt completed; false when it was no longer this attempt's to finish (it timed out). */
export async function completeJob(db: Db, job: Pick<JobRow, 'id' | 'attempts'>, result: JobResult | null): Promise<boolean> {
  const updated = await db
    .updateTable('job')
    .set({ state: 'completed', completed_at: sql`now()`, output: result ? JSON.stringify(result) : null })
    .where('id', '=', job.id)
    .where('state', '=', 'active')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n;
}

/** Records a failed attempt: back to 'retry' after `retryInSeconds`, or 'failed' when that is null. */
export async function failJob(
  db: Db,
  job: Pick<JobRow, 'id' | 'attempts'>,
  error: string,
  retryInSeconds: number | null,
): Promise<boolean> {
  const updated = await db
    .updateTable('job')
    .set(
      retryInSeconds === null
        ? { state: 'failed', last_error: error, completed_at: sql`now()` }
        : { state: 'retry', last_error: error, run_at: sql`now() + (${retryInSeconds}::float8 * interval '1 second')` },
    )
    .where('id', '=', job.id)
    .where('state', '=', 'active')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n;
}

/** Active jobs past their time limit: their runner has stopped, or the attempt hangs. */
export async function selectExpiredJobs(db: Db): Promise<JobRow[]> {
  return db
    .selectFrom('job')
    .selectAll()
    .where('state', '=', 'active')
    .where(sql<boolean>`started_at + expire_in_seconds * interval '1 second' < now()`)
    .execute();
}

/** Deletes finished jobs older than the retention; returns how many. */
export async function deleteFinishedJobs(db: Db, olderThanDays: number): Promise<number> {
  const deleted = await db
    .deleteFrom('job')
    .where('state', 'in', ['completed', 'cancelled', 'failed'])
    .where('completed_at', '<', sql<Date>`now() - ${olderThanDays}::int * interval '1 day'`)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Recent jobs, newest first. */
export async function selectJobs(db: Db, filter: JobListFilter): Promise<JobInfo[]> {
  let query = db
    .selectFrom('job')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 100);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.name) query = query.where('name', '=', filter.name);
  return (await query.execute()).map(jobRowToJobInfo);
}

function jobRowToJobInfo(row: JobRow): JobInfo {
  const failing = row.state === 'retry' || row.state === 'failed';
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: row.attempts,
    retryLimit: row.retry_limit,
    lastError: failing ? row.last_error : null,
    result: row.state === 'completed' && row.output && typeof row.output === 'object' ? (row.output as JobResult) : null,
    createdAt: row.created_at,
    runAt: row.run_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

/** Makes the table's schedules exactly these. A new one fires for a tick in the last minute, as pg-boss's do. */
export async function replaceSchedules(db: Db, schedules: (ScheduleInfo & { payload: JobPayload })[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const names = schedules.map((s) => s.name);
    await trx
      .deleteFrom('job_schedule')
      .$if(names.length > 0, (q) => q.where('name', 'not in', names))
      .execute();
    for (const s of schedules) {
      const declared = { cron: s.cron, timezone: s.timezone, payload: JSON.stringify(s.payload) };
      await trx
        .insertInto('job_schedule')
        .values({ name: s.name, ...declared, last_tick: sql<Date>`now() - interval '1 minute'` })
        .onConflict((oc) => oc.column('name').doUpdateSet({ ...declared, updated_at: sql<Date>`now()` }))
        .execute();
    }
  });
}

export async function selectSchedules(db: Db) {
  return db.selectFrom('job_schedule').select(['name', 'cron', 'timezone', 'payload', 'last_tick']).orderBy('name').execute();
}

/** Moves a schedule's last tick forward; true for the one caller that did (it enqueues the job). */
export async function advanceSchedule(db: Db, name: string, tick: Date): Promise<boolean> {
  const updated = await db
    .updateTable('job_schedule')
    .set({ last_tick: tick })
    .where('name', '=', name)
    .where('last_tick', '<', tick)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n;
}
