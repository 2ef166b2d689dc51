import type { FastifyReply, FastifyRequest } from 'fastify';

/** One Server-Sent Events message; a frame with only an id sets the client's last event id silently. */
export type SseFrame = { id?: number | string; event?: string; data?: string; retry?: number };

const NEWLINE = /\r\n|\r|\n/;

function field(name: string, value: string): string {
  if (NEWLINE.test(value)) throw new Error(`SSE ${name} must be one line`);
  return `${name}: ${value}\n`;
}

/** The frame as text: `id:`, `event:`, `retry:`, one `data:` line per line of data, a blank line. */
export function sseFrame(frame: SseFrame): string {
  let text = '';
  if (frame.id !== undefined) text += field('id', String(frame.id));
  if (frame.event !== undefined) text += field('event', frame.event);
  if (frame.retry !== undefined) text += field('retry', String(Math.round(frame.retry)));
  if (frame.data !== undefined) for (const line of frame.data.split(NEWLINE)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line (clients ignore it): heartbeats that keep proxies from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${text.replace(/\r\n|\r|\n/g, ' ')}\n\n`;
}

/** An open event stream to one client. */
export type SseStream = {
  /** Writes a frame; false when the stream is closed. */
  send: (frame: SseFrame) => boolean;
  /** Writes a frame already made by sseFrame (one event fanned out to many streams is made once); false when closed. */
  sendText: (text: string) => boolean;
  /** Resolves when what was written has left our buffer (or the stream closed): catch-up waits on it. */
  drained: () => Promise<void>;
  /** Ends the stream (the client's EventSource reconnects with its last event id). */
  close: () => void;
  /** Runs when the stream ends, whoever ended it. */
  onClose: (fn: () => void) => void;
  readonly closed: boolean;
};

export type SseOptions = {
  /** A comment line this often, so proxies and browsers see a live connection. */
  heartbeatMs: number;
  /** A client that reads slower than we write is cut off beyond this many buffered bytes; it reconnects and catches up. */
  maxBufferedBytes?: number;
};

type Entry = { stream: SseStream; settled: Promise<void>; destroy: () => void };

/**
 * The open event streams of one app. An event stream is a response that never ends by itself, so
 * shutdown must end them: closeAll() (the app's preClose hook) ends every stream and waits for the
 * work each was doing, before the server stops and the database closes.
 */
export class SseStreams {
  private readonly open = new Set<Entry>();
  private closing = false;

  constructor(private readonly options: SseOptions) {}

  /** How many streams are open. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Turns the reply into an event stream and runs body on it (catch-up, subscribing). The stream
   * stays open after body returns, until the client goes, close() or closeAll().
   */
  async serve(request: FastifyRequest, reply: FastifyReply, body: (stream: SseStream) => Promise<void>): Promise<void> {
    const res = reply.raw;
    if (res.destroyed) {
      // The client left before its stream began: an ordinary (unsent) reply ends the request.
      reply.send();
      return;
    }
    reply.hijack();
    // Headers hooks set on the reply (security headers) still apply; hijacking skips Fastify's sending.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-accel-buffering', 'no');
    res.writeHead(200);
    res.flushHeaders();

    const maxBuffered = this.options.maxBufferedBytes ?? 1024 * 1024;
    const closers: (() => void)[] = [];
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const fn of closers.splice(0)) {
        try {
          fn();
        } catch (error) {
          request.log.error({ err: error }, 'closing an event stream');
        }
      }
    };
    const responseClosed = new Promise<void>((resolve) => res.once('close', resolve)).then(finish);
    const write = (text: string) => {
      if (closed || res.destroyed) return false;
      res.write(text);
      if (res.writableLength > maxBuffered) {
        request.log.warn({ buffered: res.writableLength }, 'event stream client too slow; closing the stream');
        stream.close();
      }
      return true;
    };
    const stream: SseStream = {
      send: (frame) => write(sseFrame(frame)),
      sendText: write,
      drained: () =>
        closed || !res.writableNeedDrain
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              res.once('drain', resolve);
              closers.push(resolve);
            }),
      close: () => {
        finish();
        if (!res.writableEnded) res.end();
      },
      onClose: (fn) => {
        if (closed) fn();
        else closers.push(fn);
      },
      get closed() {
        return closed;
      },
    };
    const heartbeat = setInterval(() => write(sseComment('heartbeat')), this.options.heartbeatMs);

    const work = this.closing
      ? Promise.resolve()
      : body(stream).catch((error: unknown) => {
          request.log.error({ err: error }, 'event stream failed');
          stream.close();
        });
    const entry: Entry = { stream, settled: Promise.all([work, responseClosed]).then(() => undefined), destroy: () => res.destroy() };
    this.open.add(entry);
    void entry.settled.then(() => this.open.delete(entry));
    if (this.closing) stream.close();
    await work;
  }

  /** Ends every stream and waits (at most waitMs) until their work is done and their responses closed. */
  async closeAll(waitMs = 5000): Promise<void> {
    this.closing = true;
    const entries = [...this.open];
    for (const entry of entries) entry.stream.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)));
    const outcome = await Promise.race([Promise.all(entries.map((e) => e.settled)), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') for (const entry of this.open) entry.destroy();
  }
}
