/**
 * What it costs to add N 'abort' listeners to one AbortSignal, as the SDKs do on the CLI's
 * process-wide signal (`openai` fetchWithTimeout: `signal.addEventListener('abort', abort, { once: true })`,
 * never removed unless the signal fires). Node's EventTarget scans the existing listeners on every
 * add to skip duplicates, so N requests cost O(N²) in total and keep N closures alive.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';

/** Milliseconds to add n listeners (each holding its own AbortController, like the SDK's) to one signal. */
export function listenerCost(n: number): number {
  const shared = new AbortController();
  setMaxListeners(0, shared.signal);
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const perRequest = new AbortController();
    shared.signal.addEventListener('abort', () => perRequest.abort(), { once: true });
  }
  return performance.now() - t;
}
