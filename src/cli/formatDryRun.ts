import { formatUsd } from '../report/formatSpend.ts';
import type { PriceTable } from '../cost/prices.ts';
import type { DryRunLine } from '../run/dryRun.ts';

/** The `--dry-run` table: per judge, votes, cache hits, requests, estimated tokens and cost. */
export function formatDryRun(lines: DryRunLine[], prices: PriceTable, keyPath: string, batch = false): string {
  const out = [`dry run for ${keyPath} (no request sent; prices of ${prices.date}, ${prices.source})`];
  out.push(`judge  units  votes  cached  requests  input tokens  output tokens  cost${batch ? ' (interactive | batch)' : ''}`);
  out.push(...lines.map((l) => row(l, batch)));
  if (batch) out.push('--batch: requests not cached go to the provider batch APIs at the batch price (answered within 24 h; split votes of judges without n need a second batch).');
  out.push('requests: fewer when early stopping ends a unit before all its votes; tokens are estimates (±20%), before provider prompt caching.');
  return out.join('\n') + '\n';
}

/** The grand total of a multi-round dry run, per judge: what the whole job would send and cost at most. */
export function formatDryRunTotal(lines: DryRunLine[], rounds: number, batch = false): string {
  const byJudge = new Map<string, DryRunLine>();
  for (const l of lines) {
    const t = byJudge.get(l.judge) ?? { judge: l.judge, units: 0, votes: 0, cacheHits: 0, requestsMax: 0, requestsMin: 0, inputTokens: 0, outputTokens: 0, usd: 0, batchUsd: 0 };
    t.units += l.units;
    t.votes += l.votes;
    t.cacheHits += l.cacheHits;
    t.requestsMax += l.requestsMax;
    t.requestsMin += l.requestsMin;
    t.inputTokens += l.inputTokens;
    t.outputTokens += l.outputTokens;
    t.usd = t.usd === null || l.usd === null ? null : t.usd + l.usd;
    t.batchUsd = t.batchUsd === null || l.batchUsd === null ? null : t.batchUsd + l.batchUsd;
    byJudge.set(l.judge, t);
  }
  return [`total of ${rounds} rounds (no request sent)`, ...[...byJudge.values()].map((l) => row(l, batch))].join('\n') + '\n';
}

/** One judge's line of a dry-run table. */
function row(l: DryRunLine, batch: boolean): string {
  const requests = l.requestsMin === l.requestsMax ? String(l.requestsMax) : `${l.requestsMin}-${l.requestsMax}`;
  const cost = l.usd === null ? 'unpriced' : `≤ ${formatUsd(l.usd)}${batch && l.batchUsd !== null ? ` | ≤ ${formatUsd(l.batchUsd)} batch` : ''}`;
  return `${l.judge}  ${l.units}  ${l.votes}  ${l.cacheHits}  ${requests}  ~${l.inputTokens}  ~${l.outputTokens}  ${cost}`;
}
