import { describe, expect, it } from 'vitest';
import type { BatchEntryResult } from '../types/Batch.ts';
import type { BatchApi, Provider } from '../types/Provider.ts';
import { BatchExecutor, batchCustomId, type BatchBook } from './BatchExecutor.ts';
import type { Answer } from './Executor.ts';

const KEY = 'a'.repeat(64);
const KEY2 = 'b'.repeat(64);

function judge(withBatch = true): Provider {
  const batch: BatchApi = {
    limits: { requests: 10, bytes: 1000 },
    entryBytes: () => 1,
    wireBody: (r) => ({ ...r.body, ...(r.samples > 1 ? { n: r.samples } : {}), ...(r.cacheHint ? { prompt_cache_key: r.cacheHint } : {}) }),
    read: (raw) => ({ samples: [{ ok: true, rawText: String((raw as { text: string }).text) }], usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0 }, raw }),
    create: async () => { throw new Error('not here'); },
    find: async () => ({ found: null }),
    retrieve: async () => { throw new Error('not here'); },
    results: async () => [],
    cancel: async () => {},
  };
  return { id: 'openai:m', kind: 'openai', model: 'm', baseURL: 'https://x/v1', maxSamplesPerRequest: 8, buildRequest: () => ({ body: {}, samples: 1 }), send: async () => { throw new Error('never sent'); }, ...(withBatch ? { batch } : {}) };
}

function book(entries: Record<string, BatchEntryResult | 'submitted'>): BatchBook {
  return { lookup: (id) => entries[id] ?? null, latencyOf: () => 1234 };
}

const ask = (ex: BatchExecutor, keys: string[], j = judge(), samples = keys.length) =>
  ex.run(j, { body: { model: 'm' }, samples: 1, voteKeys: keys }, samples, { priority: 1, group: 'g1', estimate: { inputTokens: 100, outputTokens: 10 } }, async (a: Answer) => a);

describe('batchCustomId', () => {
  it('fits Anthropic\'s custom_id pattern and tells attempts apart', () => {
    const ids = [batchCustomId(KEY, 0), batchCustomId(KEY, 1), batchCustomId(KEY2, 0)];
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('BatchExecutor', () => {
  it.each([
    ['never submitted: queued for the next batch, pending', {}, { ok: false, kind: 'batch-pending', reason: 'to be sent in a provider batch', sent: false }, 1],
    ['in a running batch: pending, not queued again', { [batchCustomId(KEY, 0)]: 'submitted' as const }, { ok: false, kind: 'batch-pending', reason: 'waiting in a provider batch', sent: false }, 0],
    ['collected and failed: the entry\'s kind and reason, sent', { [batchCustomId(KEY, 0)]: { customId: batchCustomId(KEY, 0), ok: false as const, kind: 'batch-expired' as const, reason: 'expired: x' } }, { ok: false, kind: 'batch-expired', reason: 'expired: x', sent: true }, 0],
    ['collected and answered: read as an answer, batch-billed', { [batchCustomId(KEY, 0)]: { customId: batchCustomId(KEY, 0), ok: true as const, raw: { text: '{"verdict":"x"}' } } }, { ok: true, billing: 'batch', latencyMs: 1234, samples: [{ ok: true, rawText: '{"verdict":"x"}' }] }, 0],
  ])('%s', async (_name, entries, want, queued) => {
    const ex = new BatchExecutor(book(entries));
    expect(await ask(ex, [KEY])).toMatchObject(want);
    expect(ex.fresh).toHaveLength(queued);
  });

  it('queues the wire body the interactive path would send, with every vote key', async () => {
    const ex = new BatchExecutor(book({}));
    await ask(ex, [KEY, KEY2], judge(), 3);
    expect(ex.fresh).toEqual([expect.objectContaining({ customId: batchCustomId(KEY, 0), keys: [KEY, KEY2], samples: 3, body: { model: 'm', n: 3, prompt_cache_key: 'g1' }, estimate: { inputTokens: 100, outputTokens: 30 } })]);
  });

  it('a vote asked again in the same pass (after a malformed answer) is another entry', async () => {
    const ex = new BatchExecutor(book({ [batchCustomId(KEY, 0)]: { customId: batchCustomId(KEY, 0), ok: true, raw: { text: 'not json' } } }));
    expect((await ask(ex, [KEY])).ok).toBe(true);
    expect(await ask(ex, [KEY])).toMatchObject({ kind: 'batch-pending' });
    expect(ex.fresh.map((e) => e.customId)).toEqual([batchCustomId(KEY, 1)]);
  });

  it('--max-cost: a refused reservation leaves the vote unscored for budget and queues nothing', async () => {
    const ex = new BatchExecutor(book({}), { reserve: () => ({ ok: false, reason: '--max-cost 1 USD' }) });
    expect(await ask(ex, [KEY])).toMatchObject({ ok: false, kind: 'budget', reason: '--max-cost 1 USD', sent: false });
    expect(ex.fresh).toHaveLength(0);
  });

  it('a judge without a batch API is stopped, not pending forever', async () => {
    const ex = new BatchExecutor(book({}));
    expect(await ask(ex, [KEY], judge(false))).toMatchObject({ ok: false, kind: 'judge-stopped' });
  });
});
