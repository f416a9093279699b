import { formatDuration, formatUsd } from '../report/formatSpend.ts';
import { ASSUMED_OUTPUT_TOKENS_PER_S, ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD, estimateLocalSeconds } from '../judge/providers/local/localTimeEstimate.ts';
import type { PriceTable } from '../cost/prices.ts';
import type { DryRunLine } from '../run/dryRun.ts';

/** The `--dry-run` table: per judge, votes, cache hits, requests, estimated tokens and cost (local judges: time). `defaultThreads`: a local judge's threads without --threads. */
export function formatDryRun(lines: DryRunLine[], prices: PriceTable, keyPath: string, batch = false, defaultThreads = 1): string {
  const out = [`dry run for ${keyPath} (no request sent; prices of ${prices.date}, ${prices.source})`];
  out.push(`judge  units  votes  cached  requests  input tokens  output tokens  cost${batch ? ' (interactive | batch)' : ''}`);
  out.push(...lines.map((l) => row(l, batch)));
  out.push(...lines.flatMap((l) => localTime(l, defaultThreads)));
  if (batch) out.push('--batch: requests not cached go to the provider batch APIs at the batch price (answered within 24 h; split votes of judges without n need a second batch).');
  out.push('requests: fewer when early stopping ends a unit before all its votes; tokens are estimates (±20%), before provider prompt caching.');
  return out.join('\n') + '\n';
}

/** The grand total of a multi-round dry run, per judge: what the whole job would send and cost at most. */
export function formatDryRunTotal(lines: DryRunLine[], rounds: number, batch = false, defaultThreads = 1): string {
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
    if (l.local) t.local = { promptTokens: (t.local?.promptTokens ?? 0) + l.local.promptTokens, evaluatedTokens: (t.local?.evaluatedTokens ?? 0) + l.local.evaluatedTokens, threads: l.local.threads };
    byJudge.set(l.judge, t);
  }
  return [`total of ${rounds} rounds (no request sent)`, ...[...byJudge.values()].map((l) => row(l, batch)), ...[...byJudge.values()].flatMap((l) => localTime(l, defaultThreads))].join('\n') + '\n';
}

/** One judge's line of a dry-run table. */
function row(l: DryRunLine, batch: boolean): string {
  const requests = l.requestsMin === l.requestsMax ? String(l.requestsMax) : `${l.requestsMin}-${l.requestsMax}`;
  const cost = l.local ? 'local (no per-call price)' : l.usd === null ? 'unpriced' : `≤ ${formatUsd(l.usd)}${batch && l.batchUsd !== null ? ` | ≤ ${formatUsd(l.batchUsd)} batch` : ''}`;
  return `${l.judge}  ${l.units}  ${l.votes}  ${l.cacheHits}  ${requests}  ~${l.inputTokens}  ~${l.outputTokens}  ${cost}`;
}

/** A local judge's time estimate, its formula and assumptions shown (no model is loaded to measure it). */
function localTime(l: DryRunLine, defaultThreads: number): string[] {
  if (!l.local) return [];
  const threads = l.local.threads ?? defaultThreads;
  const seconds = estimateLocalSeconds(l.local.evaluatedTokens, l.outputTokens, threads);
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    `${l.judge}: time ≈ ${formatDuration(seconds * 1000)} if all ${n(l.requestsMax)} requests are sent (estimate, not measured: ~${n(l.local.evaluatedTokens)} prompt tokens to evaluate of ~${n(l.local.promptTokens)} sent (each review's prefix once, then read from the KV cache) ÷ (${ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD} tokens/s × ${threads} thread${threads === 1 ? '' : 's'}${l.local.threads === null ? ', the default' : ''}) + ~${n(l.outputTokens)} output tokens ÷ ${ASSUMED_OUTPUT_TOKENS_PER_S} tokens/s;`,
    `  rates assumed for an ~8B Q4 model on a desktop CPU; a GPU or a smaller model is faster: a run's "review prefix evaluated … tokens/s" lines show this machine's)`,
  ];
}
