import type { VoteRecord } from '../types/Verdicts.ts';
import { VERDICTS } from '../types/Scale.ts';

/** How a unit's votes split, in rubric order, with failed votes apart. */
export interface VoteCounts {
  '○': number;
  '△': number;
  '×': number;
  unscored: number;
}

/** Counts the votes of a unit by the verdict that counted. */
export function countVotes(votes: readonly Pick<VoteRecord, 'verdict'>[]): VoteCounts {
  const counts: VoteCounts = { '○': 0, '△': 0, '×': 0, unscored: 0 };
  for (const v of votes) counts[v.verdict]++;
  return counts;
}

/**
 * One text for a vote split, shared by every report so they agree: `○2 △1`, or with zeros
 * `○2 △1 ×0`; failed votes appended as `?1` (or the given label, e.g. `失敗1`).
 */
export function formatVoteSplit(votes: readonly Pick<VoteRecord, 'verdict'>[], opts: { zeros?: boolean; failedLabel?: string } = {}): string {
  const c = countVotes(votes);
  const parts = VERDICTS.filter((s) => opts.zeros || c[s] > 0).map((s) => `${s}${c[s]}`);
  if (c.unscored) parts.push(`${opts.failedLabel ?? '?'}${c.unscored}`);
  return parts.join(' ');
}
