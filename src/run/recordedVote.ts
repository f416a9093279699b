import type { JudgeFailureKind } from '../errors.ts';
import type { ManifestVote } from '../types/Manifest.ts';
import type { CollectedVote } from '../types/Vote.ts';

/**
 * A manifest's vote as a collected one read back from the cache (no usage: nothing is paid again).
 * A failed vote gets its kind and reason back from the recorded `kind: reason`; an ok vote carries
 * `output` (null when the caller keeps the recorded verdict instead of re-parsing the cached one).
 */
export function recordedVote(v: ManifestVote, output: unknown = null): CollectedVote<unknown> {
  const base = { judge: v.judge, voteIndex: v.voteIndex, cacheKey: v.cacheKey, fromCache: true, usage: null, latencyMs: null };
  if (v.status === 'ok') return { ...base, status: 'ok', output };
  const [kind, ...rest] = (v.reason ?? 'api-error: unknown').split(': ');
  return { ...base, status: 'failed', kind: kind as JudgeFailureKind, reason: rest.join(': ') };
}
