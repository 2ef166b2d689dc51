/**
 * A small Server-Sent Events client over real HTTP (fetch), for tests: it keeps every frame,
 * including comments (heartbeats) and id-only frames, which EventSource would hide.
 */
export type SseMessage = { id?: string; event?: string; data?: string; comment?: string };
export type SseEvent = SseMessage & { id: string; event: string; data: string };

export type SseClient = {
  status: number;
  headers: Headers;
  /** Every frame received so far, in order. */
  frames: SseMessage[];
  /** The next frame not yet taken that matches (frames before it are skipped); rejects after timeoutMs. */
  next: (match?: (frame: SseMessage) => boolean, timeoutMs?: number) => Promise<SseMessage>;
  /** The next frame that is an event (has data). */
  nextEvent: (timeoutMs?: number) => Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close: () => void;
};

function parseFrame(block: string): SseMessage {
  const frame: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    const match = /^(id|event|data): ?(.*)$/.exec(line);
    if (!match) continue;
    const [, name, value] = match as unknown as [string, 'id' | 'event' | 'data', string];
    frame[name] = name === 'data' && frame.data !== undefined ? `${frame.data}\n${value}` : value;
  }
  return frame;
}

/** Opens the stream; resolves once the response headers arrived. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const frames: SseMessage[] = [];
  let taken = 0;
  let wake = null as (() => void) | null;
  let done = false;
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          frames.push(parseFrame(buffer.slice(0, at)));
          buffer = buffer.slice(at + 2);
          wake?.();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      wake?.();
    }
  })();

  const next = async (match: (frame: SseMessage) => boolean = () => true, timeoutMs = 5000): Promise<SseMessage> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (taken < frames.length) {
        const frame = frames[taken++]!;
        if (match(frame)) return frame;
      }
      if (done) throw new Error(`stream ended; frames so far: ${JSON.stringify(frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; frames so far: ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      });
    }
  };
  return {
    status: response.status,
    headers: response.headers,
    frames,
    next,
    nextEvent: async (timeoutMs) => (await next((f) => f.data !== undefined, timeoutMs)) as SseEvent,
    ended,
    close: () => controller.abort(),
  };
}
