import { setMaxListeners } from 'node:events';
import { JudgeError } from '../errors.ts';
import type { Provider, ProviderRequest, Usage } from '../types/Provider.ts';
import type { AdaptiveLimit } from './AdaptiveLimit.ts';
import type { Answer, Dispatch, Executor } from './Executor.ts';

/** One judge of the panel: the same model behind another server is another judge. */
const judgeKey = (j: Provider) => `${j.id}@${j.baseURL}`;

/** A group's first request outranks every other: it unlocks the rest of its group. */
const PRIMER_BOOST = 1e9;

/** The answer of a request not sent, or not awaited, because the run was interrupted (Ctrl-C). */
const INTERRUPTED = { ok: false, kind: 'api-error', reason: 'interrupted', sent: false } as const satisfies Answer;

const ABORTED = Symbol('aborted');

/** `p`, or ABORTED as soon as `signal` aborts (whichever comes first). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What the queue needs from outside; all edges are passed in. */
export interface RequestQueueOptions {
  /** One limit for every request of the job (all rounds), lowered while throttled. */
  limit: AdaptiveLimit;
  signal?: AbortSignal;
  /** Returns a reason when no more paid calls may start (budget), else null. */
  stopReason?: () => string | null;
  /** Called after every request (for progress, logs, budgets). */
  onRequest?: (info: { judge: string; samples: number; ok: boolean; usage: Usage | null }) => void;
  /**
   * Reserves a request's estimated cost before it is sent (`--max-cost`): a refusal says why and
   * nothing goes out; an admitted request's reservation is released once its answer (or failure) is in.
   */
  reserve?: (judge: string, estimate: { inputTokens: number; outputTokens: number }) => { ok: true; release: () => void } | { ok: false; reason: string };
  /** Called when a request is sent (for tests and the bench: dispatch order). */
  onSend?: (info: { judge: string; group: string; primer: boolean }) => void;
}

/**
 * The interactive executor: one priority queue under one adaptive concurrency limit for every
 * request of a job, longest expected calls first, with cache-aware dispatch per prompt-prefix group.
 * Requests waiting for their group's first answer wait outside the limit, so free slots serve
 * other groups meanwhile.
 */
export class RequestQueue implements Executor {
  /** Per judge and group: the first request's pending answer, or 'warm' once it has answered. */
  private readonly groups = new Map<string, Promise<void> | 'warm'>();

  constructor(private readonly opts: RequestQueueOptions) {}

  /** Requests sent so far whose group had not answered yet (the primers), and all requests sent. */
  readonly stats = { sent: 0, primers: 0 };

  /** Judges stopped by a failure no retry can fix (bad key, no access, unknown model, rejected request). */
  private readonly stopped = new Map<string, { judge: string; status: number; message: string; fix: string }>();

  /** The judges this job stopped, with the status, the provider's message and the fix. */
  stoppedJudges(): Array<{ judge: string; status: number; message: string; fix: string }> {
    return [...this.stopped.values()];
  }

  async run<R>(judge: Provider, request: ProviderRequest, samples: number, dispatch: Dispatch, handle: (a: Answer) => Promise<R>): Promise<R> {
    const signal = this.opts.signal;
    if (signal?.aborted) return handle(INTERRUPTED);
    const group = dispatch.group ? `${judge.id}@${judge.baseURL}\u0000${dispatch.group}` : '';
    const state = group ? this.groups.get(group) : 'warm';
    if (state === undefined) {
      let release!: () => void;
      this.groups.set(group, new Promise<void>((r) => (release = r)));
      const warm = () => {
        this.groups.set(group, 'warm');
        release();
      };
      try {
        return await this.opts.limit.run(async () => {
          const answer = await this.send(judge, request, samples, dispatch, true);
          warm(); // followers may queue while this answer is being cached
          return handle(answer);
        }, dispatch.priority + PRIMER_BOOST, signal);
      } finally {
        warm();
      }
    }
    if (state !== 'warm') await untilAborted(state, signal);
    return this.opts.limit.run(async () => handle(await this.send(judge, request, samples, dispatch, false)), dispatch.priority, signal);
  }

  private async send(judge: Provider, request: ProviderRequest, samples: number, dispatch: Dispatch, primer: boolean): Promise<Answer> {
    const group = dispatch.group;
    const halted = this.stopped.get(judgeKey(judge));
    if (halted) return { ok: false, kind: 'judge-stopped', reason: `not asked: ${halted.judge} was stopped after HTTP ${halted.status} (${halted.fix})`, sent: false };
    const stop = this.opts.stopReason?.();
    if (stop) return { ok: false, kind: 'budget', reason: stop, sent: false };
    if (this.opts.signal?.aborted) return INTERRUPTED;
    const est = dispatch.estimate ? { inputTokens: dispatch.estimate.inputTokens, outputTokens: dispatch.estimate.outputTokens * samples } : { inputTokens: 0, outputTokens: 0 };
    const held = this.opts.reserve?.(judge.id, est);
    if (held && !held.ok) return { ok: false, kind: 'budget', reason: held.reason, sent: false };
    try {
      return await this.transmit(judge, request, samples, group, primer);
    } finally {
      if (held?.ok) held.release();
    }
  }

  private async transmit(judge: Provider, request: ProviderRequest, samples: number, group: string, primer: boolean): Promise<Answer> {
    const signal = this.opts.signal;
    this.stats.sent++;
    if (primer) this.stats.primers++;
    this.opts.onSend?.({ judge: judge.id, group, primer });
    // A signal per request, linked to the run's: the SDK adds an abort listener to the signal it gets and
    // never removes it, so sharing one signal across thousands of requests grows its listener list without end.
    const controller = new AbortController();
    // The SDK adds one listener per attempt (retries included); they die with this request's signal.
    setMaxListeners(0, controller.signal);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const sending = judge.send({ body: request.body, samples, ...(group ? { cacheHint: group } : {}), ...(request.voteKeys ? { voteKeys: request.voteKeys } : {}) }, controller.signal);
      // The SDKs do not all end their waits on the signal (openai 6.x sleeps out a Retry-After or its
      // backoff before it looks), so the answer is not awaited past Ctrl-C; the send left behind
      // rejects later with an abort, which nobody needs to hear.
      sending.catch(() => {});
      const res = await untilAborted(sending, signal);
      if (res === ABORTED) {
        this.opts.onRequest?.({ judge: judge.id, samples, ok: false, usage: null });
        return { ...INTERRUPTED, sent: true };
      }
      this.opts.onRequest?.({ judge: judge.id, samples, ok: true, usage: res.usage });
      return { ok: true, ...res };
    } catch (e) {
      this.opts.onRequest?.({ judge: judge.id, samples, ok: false, usage: null });
      if (e instanceof JudgeError) {
        // The first such answer stops the judge: requests already in flight finish, no new one goes out.
        if (e.fatal && !this.stopped.has(judgeKey(judge))) this.stopped.set(judgeKey(judge), { judge: judge.id, status: e.fatal.status, message: e.message, fix: e.fatal.fix });
        return { ok: false, kind: e.kind, reason: e.message, sent: true };
      }
      return { ok: false, kind: 'api-error', reason: e instanceof Error ? e.message : String(e), sent: true };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
