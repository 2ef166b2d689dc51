import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file inside an embedded database's data directory. */
export const LOCK_FILE = 'veiviser.lock';

/** Who holds a data directory. */
export type LockHolder = {
  pid: number;
  host: string;
  startedAt: string;
  /** Unique per acquisition: a lock is only ever removed by the one who made it, or as stale with this token. */
  token: string;
  /** The holder's start time as Linux counts it (/proc/<pid>/stat), so a reused pid is not taken for the holder. */
  processStart?: string;
};

/** Another process holds the data directory. */
export class DataDirLockedError extends Error {
  readonly dir: string;
  readonly holder: LockHolder;

  constructor(dir: string, holder: LockHolder) {
    super(
      `The data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}). ` +
        `The embedded database allows one process at a time: stop that one first. If it is gone for good, remove ${join(dir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirLockedError';
    this.dir = dir;
    this.holder = holder;
  }
}

export type DataDirLock = { path: string; holder: LockHolder; release: () => void };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A process's start time from /proc (Linux), or undefined where there is none. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when the holder is certainly gone: it ran on this host and its pid is dead or now another process's. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = holder.processStart === undefined ? undefined : processStart(holder.pid);
  return now !== undefined && now !== holder.processStart;
}

/** The lock file's holder; 'gone' when there is no file. Unreadable content counts as a holder we cannot judge. */
function readHolder(path: string): LockHolder | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { pid, host, startedAt, token, processStart: start } = value;
    if (typeof pid === 'number' && typeof host === 'string' && typeof token === 'string') {
      const known = typeof startedAt === 'string' ? startedAt : 'unknown';
      return { pid, host, token, startedAt: known, ...(typeof start === 'string' ? { processStart: start } : {}) };
    }
  } catch {
    // fall through
  }
  return { pid: -1, host: 'unknown (unreadable lock file)', startedAt: 'unknown', token: '' };
}

/** Creates `path` holding `holder`, atomically and only if it does not exist: written aside, then hard-linked in. */
function createExclusive(path: string, holder: LockHolder): boolean {
  const aside = `${path}.${holder.token}`;
  writeFileSync(aside, JSON.stringify(holder), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

function removeIfHeldBy(path: string, token: string): void {
  const current = readHolder(path);
  if (current !== 'gone' && current.token === token) unlinkSync(path);
}

/**
 * Removes a stale lock, under a guard file so two processes recovering at once cannot remove
 * each other's fresh lock: inside the guard the lock is read again and removed only if it is still
 * the stale one. False when another process is recovering (the caller tries again). Exported for
 * its tests; lockDataDir is the way in.
 */
export function removeStaleLock(path: string, stale: LockHolder): boolean {
  const guardPath = `${path}.recovering`;
  const guard: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID() };
  if (!createExclusive(guardPath, guard)) {
    // A recoverer that died inside its few lines of recovery leaves its guard: clear that one.
    const other = readHolder(guardPath);
    if (other !== 'gone' && isStale(other)) removeIfHeldBy(guardPath, other.token);
    return false;
  }
  try {
    removeIfHeldBy(path, stale.token);
  } finally {
    removeIfHeldBy(guardPath, guard.token);
  }
  return true;
}

/**
 * Takes the data directory for this process, or throws DataDirLockedError naming the directory and
 * the process (pid, host) holding it. A lock whose process is gone (same host, pid dead or reused)
 * is recovered; one from another host never is, since that process cannot be seen from here. The
 * lock is released by release(), and at the latest when the process exits.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const absolute = resolve(dir);
  const path = join(absolute, LOCK_FILE);
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = processStart(process.pid);
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      token: randomUUID(),
      ...(start ? { processStart: start } : {}),
    };
    if (createExclusive(path, holder)) {
      const releaseAtExit = () => removeIfHeldBy(path, holder.token);
      process.once('exit', releaseAtExit);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', releaseAtExit);
        removeIfHeldBy(path, holder.token);
      };
      return { path, holder, release };
    }
    const current = readHolder(path);
    if (current === 'gone') continue;
    if (!isStale(current)) throw new DataDirLockedError(absolute, current);
    if (!removeStaleLock(path, current)) await sleep(20 + Math.random() * 30);
  }
  throw new Error(`Could not take the lock ${path}: it kept changing hands`);
}
