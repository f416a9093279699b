/**
 * OpenAI's Batch API for a judge: the entries go up as one JSONL file through the Files API
 * (purpose `batch`), a batch runs them against /v1/chat/completions within 24 h at half price, and
 * the answers come back in an output file (HTTP 200 lines) and an error file (everything else).
 * Shapes: node_modules/openai/resources/batches.d.ts and files.d.ts (openai 6.x); up to 50,000
 * requests and 200 MB per input file (files.d.ts: "The Batch API only supports `.jsonl` files up to
 * 200 MB"; https://platform.openai.com/docs/guides/batch). One model per input file: a batch holds
 * one judge's entries.
 */
import type OpenAI from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { BatchEntry, BatchEntryResult, BatchLookup, BatchStatus } from '../../types/Batch.ts';
import type { BatchApi, ProviderRequest, SampleResult, Usage } from '../../types/Provider.ts';
import { judgeErrorFromSdk, type ErrorContext } from './providerErrors.ts';

/** The endpoint every entry of a judging batch calls. */
export const OPENAI_BATCH_ENDPOINT = '/v1/chat/completions';

/** What the batch face needs from the provider that owns it. */
export interface OpenAIBatchDeps {
  sdk: () => Promise<typeof import('openai')>;
  client: (m: typeof import('openai')) => OpenAI;
  wireBody: (request: ProviderRequest) => Record<string, unknown>;
  read: (raw: unknown) => { samples: SampleResult[]; usage: Usage; raw: unknown };
  errors: ErrorContext;
}

/** The JSONL line of one entry in the input file. */
export function openAIBatchLine(e: BatchEntry): string {
  return `${JSON.stringify({ custom_id: e.customId, method: 'POST', url: OPENAI_BATCH_ENDPOINT, body: e.body })}\n`;
}

/** OpenAI's batch states mapped onto ended / not ended, with counts by state. */
function statusOf(b: Batch): BatchStatus {
  const ended = ['completed', 'expired', 'failed', 'cancelled'].includes(b.status);
  const c = b.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const open = Math.max(0, c.total - c.completed - c.failed);
  const failure = b.status === 'failed' && b.errors?.data?.length ? b.errors.data.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.code ? `${e.code}: ` : ''}${e.message ?? ''}`).join('; ') + hint(b.errors.data) : undefined;
  return {
    id: b.id,
    ended,
    state: b.status,
    counts: {
      processing: ended ? 0 : open,
      succeeded: c.completed,
      failed: c.failed + (b.status === 'failed' ? open : 0),
      expired: b.status === 'expired' ? open : 0,
      canceled: b.status === 'cancelled' ? open : 0,
    },
    expiresAt: b.expires_at ? new Date(b.expires_at * 1000).toISOString() : null,
    ...(failure ? { failure } : {}),
  };
}

/** What to do about a batch refused as a whole, where the error says (the enqueued-token limit of the model's tier). */
function hint(errors: Array<{ code?: string }>): string {
  return errors.some((e) => e.code === 'token_limit_exceeded') ? ' (the model\'s enqueued-token limit: submit less at once with --batch-size, or after the running batches end; a later run sends these again)' : '';
}

/** One line of an output or error file as an entry result. */
function resultOf(line: any): BatchEntryResult | null {
  if (typeof line?.custom_id !== 'string') return null;
  const customId = line.custom_id;
  const status = line.response?.status_code;
  if (status === 200 && line.response?.body) return { customId, ok: true, raw: line.response.body };
  const code = line.error?.code ?? line.response?.body?.error?.code ?? null;
  const message = line.error?.message ?? line.response?.body?.error?.message ?? 'no message';
  if (code === 'batch_expired') return { customId, ok: false, kind: 'batch-expired', reason: `expired: ${message}` };
  if (code === 'batch_cancelled') return { customId, ok: false, kind: 'batch-canceled', reason: `cancelled: ${message}` };
  return { customId, ok: false, kind: 'batch-failed', reason: `${status ? `HTTP ${status}` : 'error'}${code ? ` ${code}` : ''}: ${message}` };
}

/** The batch face of an OpenAI judge. */
export function openAIBatchApi(deps: OpenAIBatchDeps): BatchApi {
  const call = async <T>(f: (c: OpenAI, m: typeof import('openai')) => Promise<T>): Promise<T> => {
    const m = await deps.sdk();
    try {
      return await f(deps.client(m), m);
    } catch (err) {
      throw judgeErrorFromSdk(err, m, deps.errors);
    }
  };
  const lines = async (c: OpenAI, fileId: string | null | undefined, signal?: AbortSignal): Promise<BatchEntryResult[]> => {
    if (!fileId) return [];
    const text = await (await c.files.content(fileId, signal ? { signal } : {})).text();
    return text.split('\n').filter((l) => l.trim()).flatMap((l) => {
      try {
        const r = resultOf(JSON.parse(l));
        return r ? [r] : [];
      } catch {
        return [];
      }
    });
  };
  return {
    limits: { requests: 50_000, bytes: 200 * 1024 * 1024 },
    entryBytes: (e) => Buffer.byteLength(openAIBatchLine(e)),
    wireBody: deps.wireBody,
    read: deps.read,
    create: (entries, tag, signal) =>
      call(async (c, m) => {
        const jsonl = entries.map(openAIBatchLine).join('');
        const opts = signal ? { signal } : {};
        const file = await c.files.create({ file: await m.toFile(Buffer.from(jsonl, 'utf8'), `review-judge-${tag}.jsonl`), purpose: 'batch' }, opts);
        // Never retried by the SDK: it sends no idempotency key, so a retry after a lost answer makes a second batch.
        const batch = await c.batches.create({ input_file_id: file.id, endpoint: OPENAI_BATCH_ENDPOINT, completion_window: '24h', metadata: { review_judge: tag } }, { ...opts, maxRetries: 0 });
        return statusOf(batch);
      }),
    find: (tag, _since, count, signal): Promise<BatchLookup> =>
      call(async (c) => {
        // The newest page (100, the most the list takes) is enough for a batch created moments before
        // the process died. The tag decides; the count only once the batch has been validated (it reads 0 before).
        const page = await c.batches.list({ limit: 100 }, signal ? { signal } : {});
        // The tag is unique to one batch of one run: no time window needed (clocks may disagree).
        const hits = page.data.filter((b) => b.metadata?.review_judge === tag && (b.request_counts?.total || count) === count);
        if (hits.length > 1) return { ambiguous: hits.map((b) => b.id) };
        return { found: hits[0] ? statusOf(hits[0]) : null };
      }),
    retrieve: (id, signal) => call(async (c) => statusOf(await c.batches.retrieve(id, signal ? { signal } : {}))),
    results: (id, signal) =>
      call(async (c) => {
        const b = await c.batches.retrieve(id, signal ? { signal } : {});
        return [...(await lines(c, b.output_file_id, signal)), ...(await lines(c, b.error_file_id, signal))];
      }),
    cancel: (id, signal) =>
      call(async (c) => {
        await c.batches.cancel(id, signal ? { signal } : {});
      }),
    // Batch files count against the organization's Files storage until deleted (files.d.ts: files.delete).
    cleanup: (id, signal) =>
      call(async (c) => {
        const b = await c.batches.retrieve(id, signal ? { signal } : {});
        for (const f of [b.input_file_id, b.output_file_id, b.error_file_id]) if (f) await c.files.delete(f, signal ? { signal } : {}).catch(() => {});
      }),
  };
}
