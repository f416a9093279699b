import { voteKeys } from '../cache/cacheKey.ts';
import type { CacheStore } from '../cache/CacheEntry.ts';
import { ESTIMATED_OUTPUT_TOKENS, estimateTokens } from '../cost/estimateTokens.ts';
import { costOf, priceFor, type PriceTable } from '../cost/prices.ts';
import type { PreparedInputs } from '../cli/planCommand.ts';
import type { JudgeTask } from '../judge/collectVotes.ts';
import { createQuoteIndex } from '../judge/evidence.ts';
import type { Provider } from '../judge/Provider.ts';
import { majorityThreshold } from '../judge/vote.ts';
import type { PromptTemplate } from '../prompts/PromptTemplate.ts';
import { auditTask } from './judgeAudits.ts';
import { detectionTask } from './judgeUnits.ts';
import type { ScoreSettings } from './scoreRun.ts';

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
}

/**
 * Plans a run without network: renders every prompt, looks each vote up in the cache, and estimates
 * requests, tokens and cost per judge. Input tokens are estimated from the rendered messages.
 */
export async function dryRun(p: PreparedInputs, s: ScoreSettings, judges: Provider[], templates: { detection: PromptTemplate; audit: PromptTemplate }, cache: CacheStore, prices: PriceTable): Promise<DryRunLine[]> {
  const only = new Set(s.only);
  const wanted = (unit: string) => !only.size || only.has(unit);
  const tasks: Array<{ task: JudgeTask<unknown>; kind: 'detection' | 'audit' }> = [];
  for (const review of p.inputs.reviews) {
    const index = createQuoteIndex(review.text);
    for (const problem of p.key.problems) {
      if (wanted(problem.id)) tasks.push({ task: detectionTask({ review, problem, mode: 'judge' }, { votes: s.votes, policy: s.evidencePolicy, template: templates.detection, salt: s.salt, offline: s.offline }, index) as JudgeTask<unknown>, kind: 'detection' });
    }
    if (s.audit && wanted('audit')) tasks.push({ task: auditTask(p.key, p.perspective?.raw ?? null, review, templates.audit) as JudgeTask<unknown>, kind: 'audit' });
  }
  const lines: DryRunLine[] = [];
  for (const judge of judges) {
    const line: DryRunLine = { judge: judge.id, units: tasks.length, votes: 0, cacheHits: 0, requestsMax: 0, requestsMin: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
    for (const { task, kind } of tasks) {
      const request = judge.buildRequest(task.prompt, task.schema, 1);
      let missing = 0;
      const { keys } = voteKeys({ provider: judge.kind, model: judge.model, baseURL: judge.baseURL, body: request.body, salt: s.salt }, Array.from({ length: s.votes }, (_, v) => v));
      for (const key of keys) {
        line.votes++;
        if (await cache.get(key)) line.cacheHits++;
        else missing++;
      }
      if (!missing) continue;
      const perRequest = judge.maxSamplesPerRequest;
      const max = Math.ceil(missing / perRequest);
      const minVotes = kind === 'audit' ? missing : Math.min(missing, majorityThreshold(s.votes * judges.length));
      line.requestsMax += max;
      line.requestsMin += Math.ceil(minVotes / perRequest);
      line.inputTokens += max * estimateTokens(JSON.stringify(request.body));
      line.outputTokens += missing * ESTIMATED_OUTPUT_TOKENS[kind];
    }
    const price = priceFor(prices, judge.id);
    line.usd = price ? costOf({ inputTokens: line.inputTokens, outputTokens: line.outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 }, price) : null;
    lines.push(line);
  }
  return lines;
}
