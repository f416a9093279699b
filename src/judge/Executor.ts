import type { JudgeFailureKind } from '../errors.ts';
import type { Provider, ProviderRequest, SampleResult, Usage } from '../types/Provider.ts';

/** How a request is scheduled among all the requests of a job. */
export interface Dispatch {
  /** Higher goes first: the expected cost of the call, so the longest calls do not end a job alone. */
  priority: number;
  /**
   * Requests that share a cacheable prompt prefix (one review's): the group's first request goes
   * alone and the others follow its answer, so they read the provider's prompt cache instead of
   * each paying to fill it. Empty: not gated.
   */
  group: string;
  /** Tokens one sample is expected to cost (input counted once per request), for budget reservations. */
  estimate?: { inputTokens: number; outputTokens: number };
}

/** A provider's answer to one request, or why there is none (never thrown). */
export type Answer =
  | {
      ok: true;
      samples: SampleResult[];
      raw: unknown;
      usage: Usage;
      latencyMs: number;
      /** The provider's fallback shape, if one was used. */
      fallback?: 'json_object';
      /** Answered by a provider batch (billed at the batch price). */
      billing?: 'batch';
    }
  | { ok: false; kind: JudgeFailureKind; reason: string; /** False when nothing went out (budget spent, interrupted). */ sent: boolean; /** A batch entry's failure (not an interactive request). */ billing?: 'batch' };

/** Something that sends planned requests: the interactive queue, or a provider's batch API (BatchExecutor). */
export interface Executor {
  /**
   * Sends `samples` samples of `request` to `judge` and passes the answer to `handle` while still
   * holding the request's slot (so an answer is cached before another request may start).
   */
  run<R>(judge: Provider, request: ProviderRequest, samples: number, dispatch: Dispatch, handle: (a: Answer) => Promise<R>): Promise<R>;
}
