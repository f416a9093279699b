import { describe, expect, it } from 'vitest';
import type { LedgerBatch } from '../run/BatchLedger.ts';
import { batchesSummary } from './batchesSummary.ts';

const zero = { processing: 0, succeeded: 0, failed: 0, expired: 0, canceled: 0 };
const batch = (over: Partial<LedgerBatch>): LedgerBatch => ({
  tag: 't', judge: 'openai:m', id: 'b1', submittedAt: '2026-12-01T00:00:00.000Z', state: 'running', estimateUsd: 0.5,
  entries: Array.from({ length: 4 }, (_, i) => ({ customId: `c${i}`, keys: [], samples: 1 })), ...over,
});

describe('batchesSummary', () => {
  it.each([
    ['a batch not reported on yet: all its entries processing', [batch({})], { ...zero, processing: 4 }, 0.5],
    ['a running batch part done', [batch({ seen: { state: 'in_progress', counts: { ...zero, succeeded: 1, failed: 1 }, expiresAt: '2026-12-02T00:00:00.000Z' } })], { ...zero, processing: 2, succeeded: 1, failed: 1 }, 0.5],
    ['a collected batch counts as the provider last said', [batch({ state: 'collected', seen: { state: 'expired', counts: { ...zero, succeeded: 3, expired: 1 }, expiresAt: null } })], { ...zero, succeeded: 3, expired: 1 }, 0.5],
    ['two batches summed; an unpriced one makes the estimate unknown', [batch({}), batch({ tag: 'u', estimateUsd: null })], { ...zero, processing: 8 }, null],
  ])('%s', (_name, batches, counts, estimate) => {
    const s = batchesSummary(batches, new Date('2026-12-01T00:10:00.000Z'));
    expect(s.counts).toEqual(counts);
    expect(s.estimateUsd).toBe(estimate);
    expect(s.elapsedMs).toBe(600_000);
  });
});
