import type { DatabaseTarget, Db } from '../db.ts';
import { EmbeddedJobQueue } from './embedded-queue.ts';
import type { JobQueue, JobQueueOptions } from './jobs.ts';
import { PgBossJobQueue } from './pg-boss-queue.ts';

/** The job runner for this database: pg-boss on a PostgreSQL server, the single-process runner embedded. */
export function createJobQueue(db: Db, target: DatabaseTarget, options: JobQueueOptions = {}): JobQueue {
  return target.kind === 'postgres' ? new PgBossJobQueue(db, target.url, options) : new EmbeddedJobQueue(db, options);
}
