import type { BatchCounts } from '../types/Batch.ts';
import type { LedgerBatch } from '../run/BatchLedger.ts';

/** The state of a run's batches, as the progress line and the pending message show it. */
export interface BatchesSummary {
  batches: Array<{ id: string | null; judge: string; state: string; entries: number }>;
  /** Entries by state, over every batch of the run. */
  counts: BatchCounts;
  /** Since the first batch was submitted. */
  elapsedMs: number;
  /** Estimated cost of every entry submitted, at the batch price; null when a judge has no price. */
  estimateUsd: number | null;
  /** When the first running batch expires at the latest (ISO), if any runs. */
  expiresAt: string | null;
}

/** Pure: the summary of a ledger's batches at `now`. */
export function batchesSummary(batches: LedgerBatch[], now: Date): BatchesSummary {
  const counts: BatchCounts = { processing: 0, succeeded: 0, failed: 0, expired: 0, canceled: 0 };
  for (const b of batches) {
    const c = { ...(b.seen?.counts ?? { processing: 0, succeeded: 0, failed: 0, expired: 0, canceled: 0 }) };
    // Entries a running batch has not reported on yet (OpenAI counts 0 of 0 while it validates) are still processing.
    if (b.state !== 'collected') c.processing = Math.max(0, b.entries.length - c.succeeded - c.failed - c.expired - c.canceled);
    for (const k of Object.keys(counts) as Array<keyof BatchCounts>) counts[k] += c[k];
  }
  const first = batches.reduce<number | null>((t, b) => Math.min(t ?? Infinity, Date.parse(b.submittedAt)), null);
  const expiries = batches.filter((b) => b.state === 'running' && b.seen?.expiresAt).map((b) => b.seen!.expiresAt!);
  return {
    batches: batches.map((b) => ({ id: b.id, judge: b.judge, state: b.state === 'collected' ? `${b.seen?.state ?? 'ended'} (collected)` : (b.seen?.state ?? b.state), entries: b.entries.length })),
    counts,
    elapsedMs: first === null ? 0 : Math.max(0, now.getTime() - first),
    estimateUsd: batches.some((b) => b.estimateUsd === null) ? null : batches.reduce((a, b) => a + (b.estimateUsd ?? 0), 0),
    expiresAt: expiries.sort().at(-1) ?? null,
  };
}
