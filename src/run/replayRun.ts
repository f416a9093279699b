import type { CacheStore } from '../cache/CacheEntry.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { indexReview } from '../judge/reviewIndex.ts';
import { aggregateResult, outputFor, reviewRef } from '../judge/unitTasks.ts';
import { servedModelOf } from '../judge/servedModel.ts';
import { recordedVote } from './recordedVote.ts';
import { isAuditId } from '../types/Unit.ts';
import type { Manifest } from '../types/Manifest.ts';
import type { Verdicts } from '../types/Verdicts.ts';

/** Why a replay could not reproduce a vote. */
export interface ReplayGap {
  unit: string;
  cacheKey: string;
  reason: string;
}

/**
 * Recomputes verdicts.json from a manifest's recorded votes: cached outputs for the votes that
 * succeeded, recorded reasons for those that failed. No network, no clock.
 */
export async function replayRun(
  manifest: Manifest,
  reviewTexts: Map<string, string>,
  cache: CacheStore,
): Promise<{ verdicts: Verdicts; gaps: ReplayGap[] }> {
  const gaps: ReplayGap[] = [];
  const groups = new Map<string, Manifest['votes']>();
  for (const v of manifest.votes) {
    const id = `${v.prompt}\u0000${v.run}\u0000${v.unit}`;
    groups.set(id, [...(groups.get(id) ?? []), v]);
  }
  const total = manifest.settings.votes * manifest.judges.length;
  // Read every cached vote first, many at a time (file reads dominate a replay), then aggregate in order.
  const entries = new Map<string, Awaited<ReturnType<CacheStore['get']>>>();
  const okKeys = manifest.votes.filter((v) => v.status === 'ok').map((v) => v.cacheKey);
  for (let i = 0; i < okKeys.length; i += 64) {
    const batch = okKeys.slice(i, i + 64);
    const got = await Promise.all(batch.map((k) => cache.get(k)));
    batch.forEach((k, j) => entries.set(k, got[j]));
  }
  // One quote index per review: normalising a review is the costly part of the evidence check.
  const indexes = new Map<string, ReturnType<typeof indexReview>>();
  const indexFor = (p: string) => indexes.get(p) ?? indexes.set(p, indexReview(reviewTexts.get(p) ?? '')).get(p)!;
  const units: Verdicts['units'] = [];
  const audits: NonNullable<Verdicts['audits']> = [];
  for (const votes of groups.values()) {
    const first = votes[0]!;
    const review = manifest.inputs.reviews.find((r) => r.prompt === first.prompt && r.run === first.run);
    if (!review) throw new Error(`manifest names ${first.prompt} run ${first.run} but lists no such review`);
    const kind = isAuditId(first.unit) ? 'audit' : 'detection';
    const output = outputFor(kind);
    const collected: CollectedVote<unknown>[] = [];
    for (const v of votes) {
      if (v.status === 'failed') {
        collected.push(recordedVote(v));
        continue;
      }
      const entry = entries.get(v.cacheKey);
      const parsed = entry ? output.safeParse(entry.parsed) : null;
      if (!parsed?.success) {
        gaps.push({ unit: `${v.prompt} run${v.run} ${v.unit}`, cacheKey: v.cacheKey, reason: entry ? 'cached output does not parse' : 'not in the cache' });
        collected.push(recordedVote({ ...v, status: 'failed', reason: 'cache-miss: not in the cache at replay' }));
        continue;
      }
      collected.push({ ...recordedVote(v, parsed.data), ...servedModelOf(entry!.response.raw) });
    }
    const index = indexFor(review.path);
    // A unit reused by `--only` from a run with other judges counts its own panel.
    const own = manifest.units.find((u) => u.prompt === first.prompt && u.run === first.run && u.unit === first.unit)?.expectedVotes ?? total;
    const result = aggregateResult(kind, reviewRef(review), first.unit, collected, own, { key: manifest.key, policy: manifest.settings.evidencePolicy }, index);
    if (result.kind === 'audit') audits.push(result.verdict);
    else units.push(result.verdict);
  }
  return { verdicts: { runId: manifest.runId, units, ...(manifest.settings.audit ? { audits } : {}) }, gaps };
}
