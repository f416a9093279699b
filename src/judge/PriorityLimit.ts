/**
 * A concurrency limit whose waiting work starts highest priority first (first come, first served
 * among equals). The limit may change while work runs: lowering it lets in-flight work finish,
 * raising it starts waiting work at once. p-limit has no priorities, and a shared queue that feeds
 * the longest calls first is what keeps every slot busy to the end of a multi-round job.
 *
 * Work may also carry a weight (the units of a job: the characters of the review each one renders)
 * under a total: beyond `floor` pieces of work running (at least one), the next starts only while
 * the running weight plus its own stays within `max`, so a dozen 2 MB reviews do not render a
 * hundred prompts at once, while small ones run as before. The top of the queue waits for room:
 * nothing overtakes it.
 */
export class PriorityLimit {
  private active = 0;
  private activeWeight = 0;
  private seq = 0;
  /** Waiting work; an entry released by its signal stays in the heap, marked started, until popped. */
  private readonly heap: Item[] = [];
  /** Entries of the heap not started yet. */
  private waiting = 0;

  constructor(
    private limit: number,
    private readonly weights: { max: number; floor: number } = { max: Number.POSITIVE_INFINITY, floor: 1 },
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
    // At least one piece runs whatever its weight, or one heavier than the total would wait forever.
    if (!Number.isInteger(weights.floor) || weights.floor < 1) throw new RangeError(`the weight floor must be a positive integer, got ${weights.floor}`);
  }

  /** Work allowed to run at once. */
  get concurrency(): number {
    return this.limit;
  }

  set concurrency(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a positive integer, got ${n}`);
    this.limit = n;
    this.drain();
  }

  /** Work running now. */
  get activeCount(): number {
    return this.active;
  }

  /** Work waiting for a slot. */
  get pendingCount(): number {
    return this.waiting;
  }

  /**
   * Runs `fn` once a slot is free and no waiting work has a higher priority. When `signal` aborts
   * while `fn` waits, `fn` starts at once outside the limit (it is expected to see the abort and
   * return): after Ctrl-C nothing waits for a slot that the work ahead of it may hold for minutes.
   */
  run<T>(fn: () => Promise<T>, priority = 0, signal?: AbortSignal, weight = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const item: Item = { priority, seq: this.seq++, weight, started: false, start: () => {} };
      const onAbort = () => {
        if (item.started) return;
        item.started = true;
        this.waiting--;
        (async () => fn())().then(resolve, reject);
      };
      item.start = () => {
        signal?.removeEventListener('abort', onAbort);
        item.started = true;
        this.waiting--;
        this.active++;
        this.activeWeight += weight;
        (async () => fn())()
          .then(resolve, reject)
          .finally(() => {
            this.active--;
            this.activeWeight -= weight;
            this.drain();
          });
      };
      if (signal?.aborted) return void (async () => fn())().then(resolve, reject);
      this.push(item);
      this.waiting++;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.drain();
    });
  }

  private drain(): void {
    while (this.heap.length) {
      const top = this.heap[0]!;
      if (top.started) {
        this.pop();
        continue;
      }
      if (this.active >= this.limit) return;
      if (this.active >= this.weights.floor && this.activeWeight + top.weight > this.weights.max) return;
      this.pop().start();
    }
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.priority > y.priority || (x.priority === y.priority && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b]!, this.heap[a]!];
  }

  private push(item: Item): void {
    this.heap.push(item);
    for (let i = this.heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): Item {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.heap.length && this.before(l, best)) best = l;
        if (r < this.heap.length && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/** One piece of waiting work. */
interface Item {
  priority: number;
  seq: number;
  weight: number;
  /** Set once `start` ran or the signal released it. */
  started: boolean;
  start: () => void;
}
