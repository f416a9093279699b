import type { Executor } from '../judge/Executor.ts';
import type { Usage } from '../types/Provider.ts';

/** What one request looked like once answered, for one round's counters and log. */
export interface RequestInfo {
  judge: string;
  samples: number;
  ok: boolean;
  usage: Usage | null;
  /** The provider sent it as json_object because the server rejected json_schema. */
  fallback: boolean;
  /** Answered by a provider batch, not an interactive call. */
  batch?: boolean;
}

/** Wraps the job's executor so one round counts its own requests (the queue is shared by all rounds). */
export function countingExecutor(inner: Executor, onRequest: (r: RequestInfo) => void): Executor {
  return {
    run: (judge, request, samples, dispatch, handle) =>
      inner.run(judge, request, samples, dispatch, (a) => {
        if (a.ok) onRequest({ judge: judge.id, samples, ok: true, usage: a.usage, fallback: a.fallback === 'json_object', ...(a.billing === 'batch' ? { batch: true } : {}) });
        else if (a.sent) onRequest({ judge: judge.id, samples, ok: false, usage: null, fallback: false, ...(a.billing === 'batch' ? { batch: true } : {}) });
        return handle(a);
      }),
  };
}
