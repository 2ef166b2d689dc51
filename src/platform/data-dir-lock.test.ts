import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir, removeStaleLock, type LockHolder } from './data-dir-lock.ts';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'veiviser-lock-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockPath = () => join(dir, LOCK_FILE);
  const writeLock = (holder: Record<string, unknown>) =>
    writeFileSync(lockPath(), JSON.stringify({ startedAt: '2026-12-01T08:00:00.000Z', token: 'old', ...holder }));
  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    return child.pid!;
  }

  it('takes a free directory, names this process in the lock file, and removes it on release', async () => {
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
    // Nothing is left beside it either (the file written aside and hard-linked in).
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory a live process holds, naming the directory, the pid and the host', async () => {
    const lock = await lockDataDir(dir);
    try {
      const refusal = await lockDataDir(dir).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DataDirLockedError);
      expect((refusal as Error).message).toContain(dir);
      expect((refusal as Error).message).toContain(`process ${process.pid} on ${hostname()}`);
    } finally {
      lock.release();
    }
  });

  it('recovers a lock whose process has died on this host', async () => {
    writeLock({ pid: await deadPid(), host: hostname() });
    const lock = await lockDataDir(dir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('recovers a lock whose pid now belongs to a process started later (a reused pid)', async () => {
    writeLock({ pid: process.pid, host: hostname(), processStart: '1' });
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ token: lock.holder.token });
    lock.release();
  });

  it('never takes over a lock from another host, or one it cannot read', async () => {
    writeLock({ pid: 1, host: 'another-host' });
    await expect(lockDataDir(dir)).rejects.toThrow(/process 1 on another-host/);
    writeFileSync(lockPath(), '{"pid": ');
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirLockedError);
    expect(readFileSync(lockPath(), 'utf8')).toBe('{"pid": ');
  });

  it('does not remove a lock on release that another process has taken since', async () => {
    const lock = await lockDataDir(dir);
    writeLock({ pid: 1, host: 'another-host', token: 'someone else' });
    lock.release();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ token: 'someone else' });
  });

  it('leaves a fresh lock alone when a slower process, which read the stale one before, comes to remove it', async () => {
    const stale: LockHolder = { pid: await deadPid(), host: hostname(), startedAt: '2026-12-01T08:00:00.000Z', token: 'stale' };
    writeLock({ ...stale });
    // Another process recovered first: the stale lock is gone and its own is in place.
    const fresh = await lockDataDir(dir);
    expect(removeStaleLock(lockPath(), stale)).toBe(true);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ token: fresh.holder.token });
    fresh.release();
  });

  it('does not recover while a live process holds the recovery guard, and clears the guard of a recoverer that died', async () => {
    const stale: LockHolder = { pid: await deadPid(), host: hostname(), startedAt: '2026-12-01T08:00:00.000Z', token: 'stale' };
    writeLock({ ...stale });
    const guard = `${lockPath()}.recovering`;
    writeFileSync(guard, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'now', token: 'live recoverer' }));
    expect(removeStaleLock(lockPath(), stale)).toBe(false);
    expect(existsSync(lockPath())).toBe(true);
    writeFileSync(guard, JSON.stringify({ pid: await deadPid(), host: hostname(), startedAt: 'then', token: 'dead recoverer' }));
    const lock = await lockDataDir(dir);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
  });
});
