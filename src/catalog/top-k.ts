/**
 * The k best of many candidates without sorting them all: a bounded binary heap whose root is the
 * worst of the best so far, so a candidate that does not beat it costs one comparison. Candidates
 * are numbers (indices into the caller's arrays); `better(a, b)` is the caller's strict order.
 */
export class TopK {
  private readonly heap: Int32Array;
  private size = 0;

  constructor(
    private readonly k: number,
    private readonly better: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(Math.max(1, k));
  }

  /** Offers a candidate; it stays if it is among the k best seen. */
  push(x: number): void {
    if (this.k <= 0) return;
    const h = this.heap;
    if (this.size < this.k) {
      // Sift up: the worst rises to the root.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.better(h[parent]!, x)) break;
        h[i] = h[parent]!;
        i = parent;
      }
      h[i] = x;
      return;
    }
    if (!this.better(x, h[0]!)) return;
    this.replaceRoot(x);
  }

  private replaceRoot(x: number): void {
    const h = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      // The worse child moves up so the root stays the worst.
      const worse = r < this.size && this.better(h[l]!, h[r]!) ? r : l;
      if (!this.better(x, h[worse]!)) break;
      h[i] = h[worse]!;
      i = worse;
    }
    h[i] = x;
  }

  /** The kept candidates, best first. */
  sorted(): number[] {
    const out = Array.from(this.heap.subarray(0, this.size));
    return out.sort((a, b) => (this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0));
  }
}
