import type { JudgeFailureKind } from '../errors.ts';
import type { Usage } from './Provider.ts';

/**
 * Why a vote was asked a second time: a malformed answer (the same request again), or an answer cut at
 * the output budget (the request again with a larger budget: another body, so another cache key).
 */
export type VoteRetry = { kind: 'invalid-output' } | { kind: 'truncated'; fromTokens: number; toTokens: number };

/** One vote slot's outcome: a parsed answer, or why there is none (a failure is never a ×). */
export type CollectedVote<T> = {
  judge: string;
  voteIndex: number;
  cacheKey: string;
  fromCache: boolean;
  usage: Usage | null;
  latencyMs: number | null;
  /** The model snapshot that answered (the response's `model`), and OpenAI's system fingerprint when given. */
  servedModel?: string;
  fingerprint?: string;
  /** Set when the vote was asked again in this run, or (truncated) read from the cache under the larger budget's key. */
  retry?: VoteRetry;
  /** Answered through the provider's batch API (billed at its batch price), not an interactive call. */
  billing?: 'batch';
} & ({ status: 'ok'; output: T } | { status: 'failed'; kind: JudgeFailureKind; reason: string });
