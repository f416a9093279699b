/**
 * Anthropic's Message Batches API for a judge: entries go up as `{ custom_id, params }` requests, are
 * answered within 24 h at 50% of every usage price, and come back as JSONL results (succeeded with
 * the message, errored, canceled or expired). Shapes: node_modules/@anthropic-ai/sdk/resources/messages/batches.d.ts;
 * limits (100,000 requests or 256 MB per batch, whichever comes first; custom_id ^[a-zA-Z0-9_-]{1,64}$):
 * https://platform.claude.com/docs/en/build-with-claude/batch-processing and
 * https://platform.claude.com/docs/en/api/messages/batches/create . Message batches take no metadata,
 * so a batch whose create answer was lost is found by its creation time and request count.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch } from '@anthropic-ai/sdk/resources/messages/batches';
import type { BatchEntry, BatchEntryResult, BatchLookup, BatchStatus } from '../../types/Batch.ts';
import type { BatchApi, ProviderRequest, SampleResult, Usage } from '../../types/Provider.ts';
import { judgeErrorFromSdk, type ErrorContext } from './providerErrors.ts';

/** What the batch face needs from the provider that owns it. */
export interface AnthropicBatchDeps {
  sdk: () => Promise<typeof import('@anthropic-ai/sdk')>;
  client: (m: typeof import('@anthropic-ai/sdk')) => Anthropic;
  read: (raw: unknown) => { samples: SampleResult[]; usage: Usage; raw: unknown };
  errors: ErrorContext;
}

/** A batch found by time and size was created within this long after the create was sent. */
const FIND_WINDOW_MS = 15 * 60_000;

/** How far the provider's clock may be behind ours. */
const CLOCK_SKEW_MS = 10 * 60_000;

function statusOf(b: MessageBatch): BatchStatus {
  const c = b.request_counts;
  return {
    id: b.id,
    ended: b.processing_status === 'ended',
    state: b.processing_status,
    counts: { processing: c.processing, succeeded: c.succeeded, failed: c.errored, expired: c.expired, canceled: c.canceled },
    expiresAt: b.expires_at ?? null,
  };
}

/** The entry's element of the create request's `requests` list. */
const requestOf = (e: BatchEntry) => ({ custom_id: e.customId, params: e.body });

/** The batch face of an Anthropic judge. */
export function anthropicBatchApi(deps: AnthropicBatchDeps): BatchApi {
  const call = async <T>(f: (c: Anthropic) => Promise<T>): Promise<T> => {
    const m = await deps.sdk();
    try {
      return await f(deps.client(m));
    } catch (err) {
      throw judgeErrorFromSdk(err, m, deps.errors);
    }
  };
  const total = (b: MessageBatch) => Object.values(b.request_counts).reduce((a, x) => a + x, 0);
  return {
    limits: { requests: 100_000, bytes: 256 * 1024 * 1024 },
    // One element of the JSON list plus its comma.
    entryBytes: (e) => Buffer.byteLength(JSON.stringify(requestOf(e))) + 1,
    // The Messages API has no `n` and no routing key: the body is the planned one.
    wireBody: (request: ProviderRequest) => request.body,
    read: deps.read,
    create: (entries, _tag, signal) =>
      // Never retried by the SDK: it sends no idempotency key, so a retry after a lost answer makes a second batch.
      call(async (c) => statusOf(await c.messages.batches.create({ requests: entries.map(requestOf) as never }, { ...(signal ? { signal } : {}), maxRetries: 0 }))),
    find: (_tag, since, count, signal): Promise<BatchLookup> =>
      call(async (c) => {
        // The newest 1,000 (the most one page takes) of the workspace's batches.
        const page = await c.messages.batches.list({ limit: 1000 }, signal ? { signal } : {});
        const t0 = since.getTime() - CLOCK_SKEW_MS;
        const hits = page.data.filter((b) => {
          const t = Date.parse(b.created_at);
          return t >= t0 && t <= since.getTime() + FIND_WINDOW_MS && total(b) === count;
        });
        if (hits.length > 1) return { ambiguous: hits.map((b) => b.id) };
        return { found: hits[0] ? statusOf(hits[0]) : null };
      }),
    retrieve: (id, signal) => call(async (c) => statusOf(await c.messages.batches.retrieve(id, {}, signal ? { signal } : {}))),
    results: (id, signal) =>
      call(async (c) => {
        const out: BatchEntryResult[] = [];
        for await (const r of await c.messages.batches.results(id, {}, signal ? { signal } : {})) {
          const res = r.result;
          if (res.type === 'succeeded') out.push({ customId: r.custom_id, ok: true, raw: res.message });
          else if (res.type === 'errored') {
            const e = (res.error as { error?: { type?: string; message?: string } }).error;
            out.push({ customId: r.custom_id, ok: false, kind: 'batch-failed', reason: `${e?.type ?? 'error'}: ${e?.message ?? 'no message'}` });
          } else if (res.type === 'expired') out.push({ customId: r.custom_id, ok: false, kind: 'batch-expired', reason: 'expired: the batch ended (24 h) before this request was processed' });
          else out.push({ customId: r.custom_id, ok: false, kind: 'batch-canceled', reason: 'cancelled before this request was processed' });
        }
        return out;
      }),
    cancel: (id, signal) =>
      call(async (c) => {
        await c.messages.batches.cancel(id, {}, signal ? { signal } : {});
      }),
  };
}
