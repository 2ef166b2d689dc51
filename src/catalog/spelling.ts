import { Worker } from 'node:worker_threads';

/**
 * Real words of bokmål, nynorsk and English, from the hunspell dictionaries (src/catalog/dictionaries,
 * dictionary-en) read through nspell. Search asks it whether a query word is a real word before it
 * tolerates a typo: a correctly spelled word is never "corrected" into another one.
 *
 * A word is real when it is in a dictionary as written or capitalised (names), or is a compound
 * whose first part the dictionary allows in compounds (hunspell's COMPOUNDFLAG) and whose last part
 * is a dictionary word, with or without a linking s or e ("selvmordstanker"); parts have at least
 * four letters (COMPOUNDMIN). Norwegian writes compounds as one word, and the dictionaries list
 * only some of them.
 *
 * The dictionaries live in one worker thread per process (spelling.worker.js), started on the
 * first search that needs them (a word that neither the catalog nor the concept list knows):
 * loading takes about 2.5 s of CPU and 180–210 MB of heap for the three together on a quiet
 * machine, and in the worker it does not stall the process's other requests. The searches that
 * need it wait for it. `spellingLoadStats()` reports what this process's load cost.
 */

export type Spelling = {
  /** Which of the lower-case words are real words. */
  realWords: (words: string[]) => Promise<Set<string>>;
};

export type SpellingLoadStats = { ms: number; heapMb: number };

type Reply = { ready: true; ms: number; heapMb: number } | { id: number; real: boolean[] };

let loading: Promise<Spelling> | null = null;
let stats: SpellingLoadStats | null = null;

function start(): Promise<Spelling> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./spelling.worker.js', import.meta.url));
    // The worker never keeps the process alive: a server or a test run ends when its work does.
    worker.unref();
    const pending = new Map<number, { words: string[]; done: (real: Set<string>) => void; fail: (e: Error) => void }>();
    let next = 0;
    const spelling: Spelling = {
      realWords: (words) =>
        words.length === 0
          ? Promise.resolve(new Set())
          : new Promise((done, fail) => {
              const id = next++;
              pending.set(id, { words, done, fail });
              worker.postMessage({ id, words });
            }),
    };
    const stop = (error: Error) => {
      loading = null;
      for (const p of pending.values()) p.fail(error);
      pending.clear();
      reject(error);
    };
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        stats = { ms: reply.ms, heapMb: reply.heapMb };
        resolve(spelling);
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      p.done(new Set(p.words.filter((_, i) => reply.real[i])));
    });
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`the spelling worker stopped (exit code ${code})`)));
  });
}

/** The process's dictionaries, started on first use; a failed start is tried again next time. */
export function loadSpelling(): Promise<Spelling> {
  loading ??= start();
  return loading;
}

/** How long loading took and how much heap the worker holds; null until loaded. */
export function spellingLoadStats(): SpellingLoadStats | null {
  return stats;
}
