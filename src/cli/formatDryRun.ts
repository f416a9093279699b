import { formatUsd } from '../report/formatSpend.ts';
import type { PriceTable } from '../cost/prices.ts';
import type { DryRunLine } from '../run/dryRun.ts';

/** The `--dry-run` table: per judge, votes, cache hits, requests, estimated tokens and cost. */
export function formatDryRun(lines: DryRunLine[], prices: PriceTable, keyPath: string): string {
  const out = [`dry run for ${keyPath} (no request sent; prices of ${prices.date}, ${prices.source})`];
  out.push('judge  units  votes  cached  requests  input tokens  output tokens  cost');
  for (const l of lines) {
    const requests = l.requestsMin === l.requestsMax ? String(l.requestsMax) : `${l.requestsMin}-${l.requestsMax}`;
    out.push(`${l.judge}  ${l.units}  ${l.votes}  ${l.cacheHits}  ${requests}  ~${l.inputTokens}  ~${l.outputTokens}  ${l.usd === null ? 'unpriced' : `≤ ${formatUsd(l.usd)}`}`);
  }
  out.push('requests: fewer when early stopping ends a unit before all its votes; tokens are estimates (±20%), before provider prompt caching.');
  return out.join('\n') + '\n';
}
