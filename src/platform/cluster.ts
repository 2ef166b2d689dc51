import cluster from 'node:cluster';

/**
 * VEIVISER_WORKERS > 1: this (primary) process forks that many server processes sharing one port
 * (node:cluster hands each new connection to one of them), so the search's CPU work uses every
 * core. Each worker is a whole instance — its own pool, jobs runner and in-memory search index,
 * kept in step with the others through the catalog change log and LISTEN/NOTIFY, as separate
 * instances behind a load balancer are. The primary serves nothing: it starts the workers,
 * replaces one that dies, and on SIGTERM/SIGINT lets each drain before it exits itself.
 */
export function superviseWorkers(count: number, options: { onStopped: () => Promise<void> }): void {
  let stopping = false;
  let started = 0;
  const listening = new Set<number>();
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (++started === count) console.log(`${count} server processes listening`);
  });
  cluster.on('exit', (worker, code, signal) => {
    const live = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (live === 0) void finish(0);
      return;
    }
    // A worker that died before it listened would die again (bad configuration, database down): stop.
    if (!listening.has(worker.id)) {
      console.error(`A server process exited (${signal || code}) before it listened: stopping the others.`);
      stop(1);
      return;
    }
    console.error(`Server process ${worker.process.pid} exited (${signal || code}): starting another.`);
    cluster.fork();
  });
  let exitCode = 0;
  const finish = async (code: number) => {
    await options.onStopped().catch((error: unknown) => console.error((error as Error).message));
    process.exit(exitCode || code);
  };
  const stop = (code: number) => {
    exitCode ||= code;
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) void finish(code);
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
}
