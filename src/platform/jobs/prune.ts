import type { Db } from '../db.ts';
import type { JobQueue } from './jobs.ts';

/**
 * Something that deletes what has outlived its use (expired sessions, old exports, …). A module
 * exports its pruners; the app hands all of them to definePruneJob, and one recurring job runs them.
 */
export type Pruner = {
  /** Shown with the count in the job's result, e.g. "expired sessions". */
  name: string;
  /** Deletes what is stale at `now`; returns how many rows went. Runs in its own transaction. */
  prune: (trx: Db, now: Date) => Promise<number>;
};

export const PRUNE_JOB = 'prune';
/** Every 15 minutes. */
export const PRUNE_CRON = '*/15 * * * *';

/**
 * Defines the recurring `prune` job: each pruner in its own transaction, all of them even when one
 * fails (the job then fails naming it, and is retried). The result counts what each deleted.
 */
export function definePruneJob(queue: JobQueue, db: Db, pruners: readonly Pruner[], options: { cron?: string } = {}): void {
  const names = pruners.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new Error(`Pruner names must be unique: ${names.join(', ')}`);
  queue.define(
    PRUNE_JOB,
    async () => {
      const now = new Date();
      const deleted: Record<string, number> = {};
      const failures: string[] = [];
      for (const pruner of pruners) {
        try {
          deleted[pruner.name] = await db.transaction().execute((trx) => pruner.prune(trx, now));
        } catch (error) {
          failures.push(`${pruner.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length) throw new Error(`pruning failed for ${failures.join('; ')}`);
      return { deleted };
    },
    // One waiting run is enough: a prune that is late need not run twice.
    { policy: 'short', retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 10 * 60 },
  );
  queue.schedule(PRUNE_JOB, options.cron ?? PRUNE_CRON);
}
