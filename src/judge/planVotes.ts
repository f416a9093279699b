import type { z } from 'zod';
import { voteKeys } from '../cache/cacheKey.ts';
import type { JudgePrompt, OutputSchema, OutputTokens, Provider, ProviderRequest } from '../types/Provider.ts';
import { estimateTokens } from './estimateTokens.ts';
import type { Dispatch } from './Executor.ts';
import type { Verdict } from './vote.ts';

/** One judge call to make k times: the prompt, its schema and how to read an answer. */
export interface JudgeTask<T> {
  prompt: JudgePrompt;
  schema: OutputSchema;
  output: z.ZodType<T>;
  /** The verdict a valid output counts as (after the evidence policy): drives early stopping. */
  countsAs: (output: T) => Verdict;
  /** False for tasks whose outcome is not one verdict (the audit): all votes are asked at once. */
  earlyStop?: boolean;
  /** Output tokens one answer is expected to take: with the prompt's length, the call's expected cost. */
  expectedOutputTokens?: number;
  /** The output budget to ask of a judge with these limits (absent: the judge's default). */
  outputTokens?: (limits: OutputTokens) => number;
  /** An answer cut at the output budget is asked once more with a larger one (see `largerOutputTokens`). */
  retryTruncated?: boolean;
}

/** One judge's share of a unit's votes: its request body, and each vote slot with its cache key. */
export interface JudgePlan {
  judge: Provider;
  request: ProviderRequest;
  /** Canonical JSON of the body: stored once per request, hashed into every key. */
  bodyJson: string;
  readonly bodySha256: string;
  slots: Array<{ voteIndex: number; key: string }>;
  /** The output budget the request carries, when the task chose one. */
  outputTokens?: number;
  /**
   * The same votes asked with a larger output budget, for answers cut at this one: planned on first
   * use (its body and keys differ from this plan's, as the budget is part of the body). Null when the
   * task does not retry truncations or the budget cannot grow.
   */
  larger(): JudgePlan | null;
}

/** A unit's votes, planned: what would be sent and under which keys, before anything is looked up or sent. */
export interface VotePlan<T> {
  task: JudgeTask<T>;
  salt: string;
  /** One entry per judge, in panel order. */
  judges: JudgePlan[];
  dispatch: Dispatch;
}

/** Expected cost of a call in output-token equivalents: prefill is roughly fifty times cheaper per token than decoding. */
export function expectedCost(promptChars: number, outputTokens: number): number {
  return Math.round(promptChars / 4 / 50) + outputTokens;
}

/**
 * Pure: the requests and cache keys of k votes per judge for one task. `group` names the prompt
 * prefix the task shares with others (its review), for cache-aware dispatch.
 */
export function planVotes<T>(task: JudgeTask<T>, judges: Provider[], k: number, salt: string, group = ''): VotePlan<T> {
  // The cache key has no panel position: the same judge twice would share (and overwrite) its votes.
  const ids = judges.map((j) => `${j.id}@${j.baseURL}`);
  if (new Set(ids).size !== ids.length) throw new Error(`the panel names the same judge twice (${ids.join(', ')})`);
  const indices = Array.from({ length: k }, (_, v) => v);
  const plans = judges.map((judge) => {
    const limits = judge.outputTokens;
    const budget = limits && task.outputTokens ? Math.min(limits.max, task.outputTokens(limits)) : undefined;
    return planJudge(task, judge, indices, salt, budget);
  });
  const chars = Math.max(0, ...plans.map((p) => p.bodyJson.length));
  const inputTokens = plans.length ? estimateTokens(plans[0]!.bodyJson) : 0;
  return { task, salt, judges: plans, dispatch: { priority: expectedCost(chars, task.expectedOutputTokens ?? 0), group, estimate: { inputTokens, outputTokens: task.expectedOutputTokens ?? 0 } } };
}

/** The budget a truncated answer is asked again with: double, within the judge's maximum; null when it cannot grow. */
export function largerOutputTokens(sent: number, limits: OutputTokens): number | null {
  const next = Math.min(limits.max, sent * 2);
  return next > sent ? next : null;
}

/** One judge's request and vote keys at one output budget (undefined: the judge's default). */
function planJudge<T>(task: JudgeTask<T>, judge: Provider, indices: number[], salt: string, outputTokens: number | undefined): JudgePlan {
  const request = judge.buildRequest(task.prompt, task.schema, 1, outputTokens);
  const vk = voteKeys({ provider: judge.kind, model: judge.model, baseURL: judge.baseURL, body: request.body, salt }, indices);
  let larger: JudgePlan | null | undefined;
  return {
    judge,
    request,
    bodyJson: vk.bodyJson,
    get bodySha256() {
      return vk.bodySha256;
    },
    slots: indices.map((voteIndex, i) => ({ voteIndex, key: vk.keys[i]! })),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    larger() {
      if (larger !== undefined) return larger;
      const sent = outputTokens ?? judge.outputTokens?.budget;
      const next = task.retryTruncated && judge.outputTokens && sent !== undefined ? largerOutputTokens(sent, judge.outputTokens) : null;
      return (larger = next === null ? null : planJudge({ ...task, retryTruncated: false }, judge, indices, salt, next));
    },
  };
}
