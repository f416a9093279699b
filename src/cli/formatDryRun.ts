import { formatUsd } from '../report/formatSpend.ts';
import type { PriceTable } from '../cost/prices.ts';
import type { DryRunLine } from '../run/dryRun.ts';

/** The `--dry-run` table: per judge, votes, cache hits, requests, estimated tokens and cost. */
export function formatDryRun(lines: DryRunLine[], prices: PriceTable, keyPath: string): string {
  const out = [`dry run for ${keyPath} (no request sent; prices of ${prices.date}, ${prices.source})`];
  out.push('judge  units  votes  cached  requests  input tokens  output tokens  cost');
  out.push(...lines.map(row));
  out.push('requests: fewer when early stopping ends a unit before all its votes; tokens are estimates (±20%), before provider prompt caching.');
  return out.join('\n') + '\n';
}

/** The grand total of a multi-round dry run, per judge: what the whole job would send and cost at most. */
export function formatDryRunTotal(lines: DryRunLine[], rounds: number): string {
  const byJudge = new Map<string, DryRunLine>();
  for (const l of lines) {
    const t = byJudge.get(l.judge) ?? { judge: l.judge, units: 0, votes: 0, cacheHits: 0, requestsMax: 0, requestsMin: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
    t.units += l.units;
    t.votes += l.votes;
    t.cacheHits += l.cacheHits;
    t.requestsMax += l.requestsMax;
    t.requestsMin += l.requestsMin;
    t.inputTokens += l.inputTokens;
    t.outputTokens += l.outputTokens;
    t.usd = t.usd === null || l.usd === null ? null : t.usd + l.usd;
    byJudge.set(l.judge, t);
  }
  return [`total of ${rounds} rounds (no request sent)`, ...[...byJudge.values()].map(row)].join('\n') + '\n';
}

/** One judge's line of a dry-run table. */
function row(l: DryRunLine): string {
  const requests = l.requestsMin === l.requestsMax ? String(l.requestsMax) : `${l.requestsMin}-${l.requestsMax}`;
  return `${l.judge}  ${l.units}  ${l.votes}  ${l.cacheHits}  ${requests}  ~${l.inputTokens}  ~${l.outputTokens}  ${l.usd === null ? 'unpriced' : `≤ ${formatUsd(l.usd)}`}`;
}
