import type { CliIO } from './CliIO.ts';

/** A one-line progress display on a TTY's stderr (done/total, cache hits, failures, concurrency, ETA); silent otherwise. */
export function createProgress(io: CliIO, concurrency: () => number) {
  const started = io.now().getTime();
  let last = 0;
  let shown = false;
  return {
    update(p: { done: number; total: number; cacheHits: number; requests: number; failures: number }): void {
      if (!io.isTTY) return;
      const now = io.now().getTime();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const eta = p.done > 0 && p.done < p.total ? Math.round((elapsed / p.done) * (p.total - p.done)) : 0;
      io.stderr(`\r\x1b[K${p.done}/${p.total} units  ${p.requests} requests  ${p.cacheHits} cached  ${p.failures} failed  concurrency ${concurrency()}  ETA ${eta}s`);
      shown = true;
    },
    /** Clears the line so other output starts at the left margin; the next update redraws it. */
    clear(): void {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
      last = 0;
    },
    end(): void {
      if (shown) io.stderr('\n');
    },
  };
}
