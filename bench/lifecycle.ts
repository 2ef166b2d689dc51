/** CPU accounting for the benchmark; the server process itself is started by test/server-process.ts. */
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100; // USER_HZ on Linux

/**
 * CPU seconds used so far by the server's process group, by PostgreSQL server processes (any
 * process named "postgres") and by this process (the load generator). Linux /proc only.
 */
export function cpuSnapshot(serverGroup: number | null): { server: number; postgres: number; bench: number } {
  let server = 0;
  let postgres = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    // not Linux
  }
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] = state (field 3); pgrp is field 5, utime 14, stime 15
    const pgrp = Number(fields[2]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (serverGroup !== null && pgrp === serverGroup) server += ticks / CLK_TCK;
    else if (comm === 'postgres') postgres += ticks / CLK_TCK;
  }
  const own = process.cpuUsage();
  return { server, postgres, bench: (own.user + own.system) / 1e6 };
}
