/** `$0.0123` style; more digits below a dollar, where judge runs usually are. */
export function formatUsd(x: number): string {
  return `$${x.toFixed(x < 1 ? 4 : 2)}`;
}

/** A run's spend as shown: a request without a price makes its cost unknown, never $0.0000. */
export function formatSpend(usd: number, requests: number, unpriced: number): string {
  if (unpriced > 0 && unpriced >= requests) return 'unpriced';
  return unpriced > 0 ? `${formatUsd(usd)} + ${unpriced} unpriced requests` : formatUsd(usd);
}
