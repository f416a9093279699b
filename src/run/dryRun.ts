import type { CacheStore } from '../cache/CacheEntry.ts';
import { estimateTokens } from '../judge/estimateTokens.ts';
import { costOf, priceFor, type PriceTable } from '../cost/prices.ts';
import { indexReview } from '../judge/reviewIndex.ts';
import { planVotes } from '../judge/planVotes.ts';
import { EXPECTED_OUTPUT_TOKENS, taskFor } from '../judge/unitTasks.ts';
import { majorityThreshold } from '../judge/vote.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import { planUnits } from '../round/planUnits.ts';
import type { PreparedInputs } from '../types/Inputs.ts';
import type { Provider } from '../types/Provider.ts';
import type { ScoreSettings } from '../types/Settings.ts';
import type { LocalEngine } from '../judge/providers/local/LocalEngine.ts';

/** What a run would cost one judge, before any call. */
export interface DryRunLine {
  judge: string;
  units: number;
  votes: number;
  cacheHits: number;
  /** Requests if every missing vote is asked (no early stop). */
  requestsMax: number;
  /** Requests if early stopping ends every detection unit as soon as possible. */
  requestsMin: number;
  inputTokens: number;
  outputTokens: number;
  /** USD at the price table for requestsMax; null when the judge is not priced. */
  usd: number | null;
  /** The same at the judge's batch price (`--batch`); null when not priced. */
  batchUsd: number | null;
  /**
   * Local judges: prompt tokens of the missing requests, and of them those the engine evaluates (each
   * review's prefix once per template, each unit's task once, one token for its other votes; the rest
   * is read from the KV cache), and `--threads` (null: the default).
   */
  local?: { promptTokens: number; evaluatedTokens: number; threads: number | null };
}

/** A local judge's `--threads` (its engine's setting), null for the default or another kind. */
function threadsOf(j: Provider): number | null {
  return (j as Provider & { engine?: LocalEngine }).engine?.threadsSetting ?? null;
}

/**
 * Plans a run without network: the same vote plans (requests and cache keys) a run would make,
 * each vote looked up in the cache, and requests, tokens and cost estimated per judge. Input
 * tokens are estimated from the rendered request bodies.
 */
export async function dryRun(p: PreparedInputs, s: ScoreSettings, judges: Provider[], templates: { detection: PromptTemplate; audit: PromptTemplate }, cache: CacheStore, prices: PriceTable): Promise<DryRunLine[]> {
  const ctx = { key: p.key, perspectiveRaw: p.perspective?.raw ?? null, templates, policy: s.evidencePolicy };
  const units = planUnits(p.key, p.inputs.reviews, s.only, s.audit);
  const indexes = new Map(p.inputs.reviews.map((r) => [r, indexReview(r.text)]));
  const lines: DryRunLine[] = judges.map((j) => ({ judge: j.id, units: units.length, votes: 0, cacheHits: 0, requestsMax: 0, requestsMin: 0, inputTokens: 0, outputTokens: 0, usd: 0, batchUsd: 0, ...(j.kind === 'local' ? { local: { promptTokens: 0, evaluatedTokens: 0, threads: threadsOf(j) } } : {}) }));
  const prefixes = judges.map(() => new Set<string>());
  for (const unit of units) {
    const task = taskFor(unit, ctx, indexes.get(unit.review)!);
    const plan = planVotes(task, judges, s.votes, s.salt);
    for (const [i, jp] of plan.judges.entries()) {
      const line = lines[i]!;
      let missing = 0;
      for (const slot of jp.slots) {
        line.votes++;
        // A vote an earlier run got only at the larger budget (after a cut answer) is read from there, as a run would.
        const atLarger = async () => {
          const larger = jp.larger()?.slots.find((l) => l.voteIndex === slot.voteIndex);
          return larger ? cache.get(larger.key) : null;
        };
        if ((await cache.get(slot.key)) || (await atLarger())) line.cacheHits++;
        else missing++;
      }
      if (!missing) continue;
      const perRequest = jp.judge.maxSamplesPerRequest;
      const max = Math.ceil(missing / perRequest);
      const minVotes = unit.kind === 'audit' ? missing : Math.min(missing, majorityThreshold(s.votes * judges.length));
      line.requestsMax += max;
      line.requestsMin += Math.ceil(minVotes / perRequest);
      line.inputTokens += max * estimateTokens(jp.bodyJson);
      line.outputTokens += missing * EXPECTED_OUTPUT_TOKENS[unit.kind];
      if (line.local) {
        const { instructions, review, task: ask } = task.prompt;
        const prefix = instructions + '\u0000' + review;
        const fresh = !prefixes[i]!.has(prefix);
        prefixes[i]!.add(prefix);
        const prefixTokens = estimateTokens(instructions) + estimateTokens(review);
        line.local.promptTokens += missing * (prefixTokens + estimateTokens(ask));
        line.local.evaluatedTokens += (fresh ? prefixTokens : 0) + estimateTokens(ask) + (missing - 1);
      }
    }
  }
  for (const [i, judge] of judges.entries()) {
    const price = priceFor(prices, judge.id);
    const line = lines[i]!;
    const usage = { inputTokens: line.inputTokens, outputTokens: line.outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 };
    line.usd = price ? costOf(usage, price) : null;
    line.batchUsd = price ? costOf(usage, price, 'batch') : null;
  }
  return lines;
}
