import type { PromptScore } from '../types/Report.ts';
import { exact, sum } from './numbers.ts';
import type { Rubric } from '../types/Rubric.ts';

/** Arithmetic mean, rounded to 1e-9; throws on an empty list (a prompt always has a run). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('mean of no values');
  return exact(sum(xs) / xs.length);
}

/**
 * Standard deviation (population or sample per the rubric), rounded to 1e-9.
 *
 * `population` divides by n (for two runs: |r1 − r2| / 2, what
 * most workflow reports used); `sample` divides by n − 1. With a single value the sample SD is
 * undefined: it is reported as 0 (one run shows no spread), not NaN.
 */
export function standardDeviation(xs: readonly number[], kind: Rubric['sd']): number {
  const m = mean(xs);
  const divisor = kind === 'population' ? xs.length : xs.length - 1;
  if (divisor === 0) return 0;
  const squares = xs.map((x) => (x - m) * (x - m));
  return exact(Math.sqrt(sum(squares) / divisor));
}

/** Stability band: SD ≤ high → 'high'; SD ≤ medium → 'medium'; above → 'low' (boundaries inclusive). */
export function stability(sd: number, rubric: Rubric): PromptScore['stability'] {
  const s = exact(sd);
  if (s <= rubric.stability.high) return 'high';
  if (s <= rubric.stability.medium) return 'medium';
  return 'low';
}

/** Mean, SD (per rubric.sd) and stability band of a prompt's run totals. */
export function promptStats(totals: readonly number[], rubric: Rubric): Pick<PromptScore, 'mean' | 'sd' | 'stability'> {
  const sd = standardDeviation(totals, rubric.sd);
  return { mean: mean(totals), sd, stability: stability(sd, rubric) };
}
