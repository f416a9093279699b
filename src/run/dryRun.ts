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
  const lines: DryRunLine[] = judges.map((j) => ({ judge: j.id, units: units.length, votes: 0, cacheHits: 0, requestsMax: 0, requestsMin: 0, inputTokens: 0, outputTokens: 0, usd: 0, batchUsd: 0 }));
  for (const unit of units) {
    const plan = planVotes(taskFor(unit, ctx, indexes.get(unit.review)!), judges, s.votes, s.salt);
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
