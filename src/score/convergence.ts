import type { PromptScore, Report } from '../types/Report.ts';
import { exact, fmt, fmtThreshold } from './numbers.ts';
import type { Recommendation } from './recommend.ts';
import type { Rubric } from '../types/Rubric.ts';

/** The convergence block of report.json. */
export type Convergence = Report['convergence'];
/** One round's improvement. */
export type RoundImprovement = Convergence['history'][number];

/**
 * A round's improvement: the recommended prompt's mean − the baseline's mean.
 *
 * It is 0 when the baseline is recommended (rules 'baseline' and 'no-variant', or 'smaller-sd' keeping the baseline).
 */
export function roundImprovement(prompts: readonly Pick<PromptScore, 'prompt' | 'mean' | 'baseline'>[], recommendation: Recommendation): number {
  const base = prompts.find((p) => p.baseline);
  if (!base) throw new Error('roundImprovement: no prompt is marked baseline');
  if (recommendation.prompt === base.prompt) return 0;
  const rec = prompts.find((p) => p.prompt === recommendation.prompt);
  if (!rec) throw new Error(`roundImprovement: recommended prompt '${recommendation.prompt}' is not among the prompts`);
  return exact(rec.mean - base.mean);
}

/**
 * Convergence status of the optimisation per the rubric, with its reason.
 *
 * 'converged' when each of the last `rounds` improvements is
 * < threshold (strict); 'continue' otherwise; 'unknown' with fewer than `rounds` rounds of history.
 * History is sorted by round (oldest first); a round listed twice throws (a caller bug).
 */
export function convergence(history: readonly RoundImprovement[], rubric: Rubric): Convergence {
  const sorted = [...history].map((h) => ({ round: h.round, improvement: exact(h.improvement) })).sort((a, b) => a.round - b.round);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.round === sorted[i - 1]!.round) throw new Error(`convergence: round ${sorted[i]!.round} appears twice in the history`);
  }
  const { threshold, rounds } = rubric.convergence;
  const t = fmtThreshold(threshold);
  if (sorted.length < rounds) {
    const have = `${sorted.length} round${sorted.length === 1 ? '' : 's'} of history`;
    return { status: 'unknown', reason: `${have}; ${rounds} needed to judge convergence (improvement < ${t} in ${rounds} consecutive rounds).`, history: sorted };
  }
  const last = sorted.slice(-rounds);
  const list = last.map((h) => `round ${h.round}: ${fmt(h.improvement)}`).join(', ');
  const big = last.filter((h) => h.improvement >= threshold);
  if (big.length === 0) {
    return { status: 'converged', reason: `Improvement < ${t} in the last ${rounds} rounds (${list}): optimisation may have converged.`, history: sorted };
  }
  return { status: 'continue', reason: `Improvement ≥ ${t} in ${big.map((h) => `round ${h.round}`).join(', ')} (${list}): continue optimising.`, history: sorted };
}
