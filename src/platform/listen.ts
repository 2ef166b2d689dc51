import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Stops listening; safe to call twice. */
export type Unlisten = () => Promise<void>;

export type ListenHooks = {
  /** The connection was lost and is back (LISTEN again in place): notifications in between are lost, so catch up. */
  onReconnect?: () => void;
  /** A lost connection or a failed reconnect attempt (it keeps retrying). */
  onError?: (error: Error) => void;
};

/** LISTEN on a channel on a connection of its own; each notification's payload goes to onNotify. */
export type Listen = (channel: string, onNotify: (payload: string) => void, hooks?: ListenHooks) => Promise<Unlisten>;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`listen: bad channel name "${channel}"`);
}

export type ServerListenOptions = {
  /** First and longest wait between reconnect attempts. */
  retryMs?: { min: number; max: number };
  /** How often the idle connection is asked `select 1`, so a half-open connection is noticed. */
  pingMs?: number;
};

/**
 * LISTEN on a PostgreSQL server through a dedicated pg.Client (never a pooled one: a pool hands
 * the connection to others and may close it). When the connection drops it reconnects with
 * backoff, listens again and calls onReconnect so the caller can catch up on what it missed.
 */
export function listenOnServer(connectionString: string, options: ServerListenOptions = {}): Listen {
  return async (channel, onNotify, hooks = {}) => {
    checkChannel(channel);
    const listener = new ServerListener(connectionString, channel, onNotify, hooks, options);
    await listener.start();
    return () => listener.stop();
  };
}

class ServerListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly retryMs: { min: number; max: number };
  private readonly pingMs: number;
  private delay: number;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
    private readonly hooks: ListenHooks,
    options: ServerListenOptions,
  ) {
    this.retryMs = options.retryMs ?? { min: 100, max: 5000 };
    this.pingMs = options.pingMs ?? 30_000;
    this.delay = this.retryMs.min;
  }

  /** Connects and listens; a failure here is thrown (the caller is starting up). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onNotify(message.payload ?? '');
    });
    client.on('error', (error) => {
      this.hooks.onError?.(error);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.pingTimer = setInterval(() => this.ping(client), this.pingMs);
    this.pingTimer.unref();
  }

  private ping(client: pg.Client): void {
    const timeout = setTimeout(() => {
      this.hooks.onError?.(new Error(`listen: no answer to a ping within ${this.pingMs} ms`));
      this.lost(client);
    }, this.pingMs);
    client.query('select 1').then(
      () => clearTimeout(timeout),
      () => clearTimeout(timeout), // the 'error'/'end' events report and reconnect
    );
  }

  /** The connection is gone (or must be given up): forget it and reconnect unless stopping. */
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    client.end().catch(() => undefined);
    if (!this.stopped) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().then(
        () => {
          this.delay = this.retryMs.min;
          if (!this.stopped) this.hooks.onReconnect?.();
        },
        (error: unknown) => {
          this.hooks.onError?.(error instanceof Error ? error : new Error(String(error)));
          this.delay = Math.min(this.delay * 2, this.retryMs.max);
          if (!this.stopped) this.scheduleReconnect();
        },
      );
    }, this.delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    await client?.end();
  }
}

/**
 * LISTEN on embedded PGlite with its own listen(). PGlite is one connection that our driver lends
 * to one user at a time, so LISTEN and UNLISTEN wait for their turn (inTurn): run in the middle of someone's
 * transaction they would become part of it (and vanish with a rollback). PGlite, like a server,
 * delivers a notification only when the transaction that sent it commits.
 */
export function listenOnPglite(pglite: PGlite, inTurn: <T>(fn: () => Promise<T>) => Promise<T>): Listen {
  return async (channel, onNotify) => {
    checkChannel(channel);
    const unlisten = await inTurn(() => pglite.listen(channel, onNotify));
    let done = false;
    return async () => {
      if (done || pglite.closed) return;
      done = true;
      await inTurn(() => unlisten());
    };
  };
}
