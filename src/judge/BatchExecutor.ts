import { JudgeError } from '../errors.ts';
import type { BatchEntryResult } from '../types/Batch.ts';
import type { Provider, ProviderRequest } from '../types/Provider.ts';
import type { Answer, Dispatch, Executor } from './Executor.ts';

/** What the run's batch records say of one entry: its outcome once collected, `submitted` while its batch runs, null if never submitted. */
export interface BatchBook {
  lookup(customId: string): BatchEntryResult | 'submitted' | null;
  /** Milliseconds from the entry's submission to its batch's end (the vote's latency). */
  latencyOf(customId: string): number;
}

/** A request this pass found neither answered nor submitted: it goes into the next batch. */
export interface NewBatchEntry {
  customId: string;
  judge: Provider;
  /** The wire body, as the interactive path would send it. */
  body: Record<string, unknown>;
  /** The cache keys of the votes it answers, in sample order. */
  keys: string[];
  samples: number;
  estimate: { inputTokens: number; outputTokens: number };
}

/**
 * The custom id of a request: the first vote key it answers (body, judge, vote index and salt are in
 * it) and how many times the pass asked for that vote before (a malformed answer is asked again).
 * 64 characters at most of [A-Za-z0-9_-], as Anthropic requires (OpenAI takes any string).
 */
export function batchCustomId(firstKey: string, attempt: number): string {
  return `rj_${firstKey.slice(0, 58)}_${attempt}`;
}

const PENDING_NEW = { ok: false, kind: 'batch-pending', reason: 'to be sent in a provider batch', sent: false } as const satisfies Answer;
const PENDING_RUNNING = { ok: false, kind: 'batch-pending', reason: 'waiting in a provider batch', sent: false } as const satisfies Answer;

/**
 * The batch executor of one pass over a run: a request whose entry a collected batch answered gets
 * that answer (read as the interactive path reads one, so it is parsed, checked and cached alike);
 * any other request is pending — recorded for the next batch unless a running batch holds it — and
 * its unit waits for the next pass. Nothing is sent from here: the pass's new entries are submitted
 * by the caller once every unit has said what it needs.
 */
export class BatchExecutor implements Executor {
  /** Requests to submit after this pass, in the order they were asked. */
  readonly fresh: NewBatchEntry[] = [];
  private readonly asked = new Map<string, number>();
  private readonly queued = new Set<string>();

  constructor(
    private readonly book: BatchBook,
    private readonly opts: {
      signal?: AbortSignal;
      /** `--max-cost`: reserves an entry's estimated batch cost before it is queued; a refusal leaves the vote unscored. */
      reserve?: (judge: Provider, estimate: { inputTokens: number; outputTokens: number }, customId: string) => { ok: true } | { ok: false; reason: string };
    } = {},
  ) {}

  async run<R>(judge: Provider, request: ProviderRequest, samples: number, dispatch: Dispatch, handle: (a: Answer) => Promise<R>): Promise<R> {
    if (this.opts.signal?.aborted) return handle({ ok: false, kind: 'api-error', reason: 'interrupted', sent: false });
    const api = judge.batch;
    if (!api) return handle({ ok: false, kind: 'judge-stopped', reason: `${judge.id} has no batch API (--batch needs openai: or anthropic: judges)`, sent: false });
    // The request carries the cache keys of the votes it answers (collectVotes sets them): they name its entry.
    const keys = request.voteKeys ?? [];
    const first = keys[0];
    if (!first) throw new Error('batch executor: the request carries no vote keys');
    const attempt = this.asked.get(first) ?? 0;
    this.asked.set(first, attempt + 1);
    const customId = batchCustomId(first, attempt);
    const known = this.book.lookup(customId);
    if (known === 'submitted') return handle(PENDING_RUNNING);
    if (known) {
      if (!known.ok) return handle({ ok: false, kind: known.kind, reason: known.reason, sent: true, billing: 'batch' });
      let read: ReturnType<typeof api.read>;
      try {
        read = api.read(known.raw);
      } catch (e) {
        return handle({ ok: false, kind: e instanceof JudgeError ? e.kind : 'api-error', reason: e instanceof Error ? e.message : String(e), sent: true, billing: 'batch' });
      }
      return handle({ ok: true, ...read, latencyMs: this.book.latencyOf(customId), billing: 'batch' });
    }
    if (!this.queued.has(customId)) {
      const estimate = { inputTokens: dispatch.estimate?.inputTokens ?? 0, outputTokens: (dispatch.estimate?.outputTokens ?? 0) * samples };
      const held = this.opts.reserve?.(judge, estimate, customId);
      if (held && !held.ok) return handle({ ok: false, kind: 'budget', reason: held.reason, sent: false });
      this.queued.add(customId);
      this.fresh.push({ customId, judge, body: api.wireBody({ body: request.body, samples, ...(dispatch.group ? { cacheHint: dispatch.group } : {}) }), keys: [...keys], samples, estimate });
    }
    return handle(PENDING_NEW);
  }
}
