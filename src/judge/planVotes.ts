import type { z } from 'zod';
import { voteKeys } from '../cache/cacheKey.ts';
import type { JudgePrompt, OutputSchema, Provider, ProviderRequest } from '../types/Provider.ts';
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
}

/** One judge's share of a unit's votes: its request body, and each vote slot with its cache key. */
export interface JudgePlan {
  judge: Provider;
  request: ProviderRequest;
  /** Canonical JSON of the body: stored once per request, hashed into every key. */
  bodyJson: string;
  readonly bodySha256: string;
  slots: Array<{ voteIndex: number; key: string }>;
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
  let chars = 0;
  const plans = judges.map((judge): JudgePlan => {
    const request = judge.buildRequest(task.prompt, task.schema, 1);
    const vk = voteKeys({ provider: judge.kind, model: judge.model, baseURL: judge.baseURL, body: request.body, salt }, indices);
    chars = Math.max(chars, vk.bodyJson.length);
    return {
      judge,
      request,
      bodyJson: vk.bodyJson,
      get bodySha256() {
        return vk.bodySha256;
      },
      slots: indices.map((voteIndex, i) => ({ voteIndex, key: vk.keys[i]! })),
    };
  });
  const inputTokens = plans.length ? estimateTokens(plans[0]!.bodyJson) : 0;
  return { task, salt, judges: plans, dispatch: { priority: expectedCost(chars, task.expectedOutputTokens ?? 0), group, estimate: { inputTokens, outputTokens: task.expectedOutputTokens ?? 0 } } };
}
