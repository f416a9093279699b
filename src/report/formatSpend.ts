import type { LocalUsage } from '../types/LocalUsage.ts';

/** `$0.0123` style; more digits below a dollar, where judge runs usually are. */
export function formatUsd(x: number): string {
  return `$${x.toFixed(x < 1 ? 4 : 2)}`;
}

/** A run's spend as shown: a request without a price makes its cost unknown, never $0.0000. */
export function formatSpend(usd: number, requests: number, unpriced: number): string {
  if (unpriced > 0 && unpriced >= requests) return 'unpriced';
  return unpriced > 0 ? `${formatUsd(usd)} + ${unpriced} unpriced requests` : formatUsd(usd);
}

/** A local judge's usage in place of a price: `local (no per-call price): 92 requests in 5 min 45 s, …`. */
export function formatLocal(l: LocalUsage): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `local (no per-call price): ${n(l.requests)} request${l.requests === 1 ? '' : 's'} in ${formatDuration(l.wallMs)}, ${n(l.promptTokens)} prompt tokens (${n(l.evaluatedTokens)} evaluated, the rest read from the KV cache), ${n(l.outputTokens)} output tokens`;
}

/** A run's spend with its local judges' usage: the API part priced as formatSpend, the local part as formatLocal. */
export function formatSpendWithLocal(usd: number, requests: number, unpriced: number, local: LocalUsage | undefined): string {
  if (!local?.requests) return formatSpend(usd, requests, unpriced);
  if (local.requests >= requests) return formatLocal(local);
  return `${formatSpend(usd, requests - local.requests, unpriced)} + ${formatLocal(local)}`;
}

/** `850 ms`, `12.3 s`, `5 min 45 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  if (m < 60) return `${m} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
