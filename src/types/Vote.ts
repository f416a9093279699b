import type { JudgeFailureKind } from '../errors.ts';
import type { Usage } from './Provider.ts';

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
} & ({ status: 'ok'; output: T } | { status: 'failed'; kind: JudgeFailureKind; reason: string });
