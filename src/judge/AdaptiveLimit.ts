import { PriorityLimit } from './PriorityLimit.ts';

/**
 * A concurrency limit that backs off on throttling: multiplicative decrease on a 429,
 * additive recovery after a streak of successes, never above the configured ceiling.
 */
export class AdaptiveLimit {
  private readonly limit: PriorityLimit;
  private successes = 0;
  /** Responses seen since the last decrease: a burst of 429s from one window of requests halves once. */
  private sinceDecrease = Number.POSITIVE_INFINITY;
  /** Requests that may have been in flight at the last decrease: their answers belong to the old window. */
  private window = 0;
  /** Number of 429 answers seen (for logs and the progress line). */
  throttledCount = 0;

  constructor(
    readonly max: number,
    /** Told every change of the limit (the job points it at the logs of the rounds running). */
    public onChange: (concurrency: number, why: string) => void = () => {},
  ) {
    this.limit = new PriorityLimit(max);
  }

  /** Current number of requests allowed in flight. */
  get concurrency(): number {
    return this.limit.concurrency;
  }

  /** Runs `fn` when a slot is free and no waiting request has a higher priority (at once, outside the limit, once `signal` aborts). */
  run<T>(fn: () => Promise<T>, priority = 0, signal?: AbortSignal): Promise<T> {
    return this.limit.run(fn, priority, signal);
  }

  /** Requests waiting for a slot. */
  get pendingCount(): number {
    return this.limit.pendingCount;
  }

  /** A 429 was seen: halve the limit, at most once per window of in-flight requests (the SDK waits for Retry-After and retries). */
  throttled(): void {
    this.throttledCount++;
    this.successes = 0;
    if (this.sinceDecrease < this.window) return;
    this.sinceDecrease = 0;
    this.window = this.limit.concurrency;
    const next = Math.max(1, Math.floor(this.limit.concurrency / 2));
    if (next !== this.limit.concurrency) {
      this.limit.concurrency = next;
      this.onChange(next, 'throttled (429)');
    }
  }

  /** A request succeeded: after as many successes as the current limit, allow one more. */
  succeeded(): void {
    this.sinceDecrease++;
    if (this.limit.concurrency >= this.max) return;
    if (++this.successes >= this.limit.concurrency) {
      this.successes = 0;
      this.limit.concurrency += 1;
      this.onChange(this.limit.concurrency, 'recovering');
    }
  }

  /** Accounts one HTTP response status (what `observe` does for every attempt). */
  observeStatus(status: number): void {
    if (status === 429) this.throttled();
    else if (status >= 200 && status < 300) this.succeeded();
    else this.sinceDecrease++;
  }

  /** A fetch that reports each HTTP attempt's status here; handed to the SDK clients. */
  observe(inner: typeof fetch = fetch): typeof fetch {
    return async (input, init) => {
      const res = await inner(input, init);
      this.observeStatus(res.status);
      return res;
    };
  }
}
