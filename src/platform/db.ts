import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { listenOnPglite, listenOnServer, type Listen, type Unlisten } from './listen.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  kind: DatabaseTarget['kind'];
  /** Stops every listener, then closes the database. */
  close: () => Promise<void>;
  /** LISTEN on a dedicated connection (events: src/platform/events); close() stops what is still listening. */
  listen: Listen;
  /** The embedded database's files as one archive (tests start from a seeded snapshot). */
  dumpPglite?: () => Promise<Blob | File>;
};

// Both drivers return the same JavaScript types: dates as 'YYYY-MM-DD' strings (no time-zone
// shifts), times as strings, bigint counts as numbers, timestamptz as Date.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const defaultTypeParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;

/** Opens the database named by the target; the embedded one is created on first use. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number; pgliteSnapshot?: Blob } = {},
): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return (v: string) => v;
          if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
          return defaultTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const listening = tracked(listenOnServer(target.url));
    return { db, kind: 'postgres', listen: listening.listen, close: () => listening.stopAll().then(() => db.destroy()) };
  }
  const inMemory = target.dataDir.startsWith('memory://');
  const dataDir = inMemory ? target.dataDir : ensureDir(target.dataDir);
  // Two processes on one directory would each write their own copy of the files and lose the
  // other's writes: the second one is refused (DataDirLockedError names who holds it).
  const lock = inMemory ? null : await lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = new PGlite(dataDir, {
      extensions: { pg_trgm },
      ...(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {}),
      parsers: {
        [DATE_OID]: (v: string) => v,
        [INT8_OID]: (v: string) => Number(v),
        [NUMERIC_OID]: (v: string) => Number(v),
        [pgliteTypes.TIMESTAMPTZ]: (v: string) => new Date(v),
      },
    });
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [new SingleConnection()] });
  const listening = tracked(listenOnPglite(pglite, (fn) => db.connection().execute(fn)));
  const close = async () => {
    try {
      await listening.stopAll();
      await db.destroy();
    } finally {
      lock?.release();
    }
  };
  return { db, kind: 'pglite', listen: listening.listen, close, dumpPglite: () => pglite.dumpDataDir('none') };
}

/**
 * Marks a database that is one connection (embedded PGlite): its transactions never run at the
 * same time, so work that elsewhere is moved out of them to avoid holding a city-wide lock until
 * commit (event positions) costs nothing there, and is cheaper done in them (one commit, not two).
 * A plugin because transactions carry their database's plugins.
 */
class SingleConnection implements KyselyPlugin {
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** True when the database (or a transaction of it) is one connection whose transactions run one at a time (PGlite). */
export function isSingleConnection(db: Db): boolean {
  return db.getExecutor().plugins.some((plugin) => plugin instanceof SingleConnection);
}

/** Remembers the listeners still running so closing the database can stop them first. */
function tracked(listen: Listen): { listen: Listen; stopAll: () => Promise<void> } {
  const running = new Set<Unlisten>();
  return {
    listen: async (channel, onNotify, hooks) => {
      const unlisten = await listen(channel, onNotify, hooks);
      const stop = async () => {
        running.delete(stop);
        await unlisten();
      };
      running.add(stop);
      return stop;
    },
    stopAll: async () => {
      await Promise.all([...running].map((stop) => stop()));
    },
  };
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** True when the database answers a trivial query. */
export async function isDatabaseReady(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
