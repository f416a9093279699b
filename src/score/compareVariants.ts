import type { Comparison } from '../types/Report.ts';
import { exact } from './numbers.ts';
import { permutationTest, type PermutationOptions, type RunCells } from './permutationTest.ts';
import { runsNeeded, voteVariance } from './runsNeeded.ts';

/** The method's name in report.json (`comparisons[].method`). */
export const AB_METHOD = 'stratified-permutation';
/** Two-sided significance level of the A/B verdict. */
export const AB_ALPHA = 0.05;

/** The A/B fields of a comparison. */
export type AbFields = Required<Pick<Comparison, 'verdict' | 'method' | 'test' | 'runsNeeded' | 'runsNeededNote'>>;

/** Mean over runs of Σ of the run's vote variances: the judge noise one drawn vote per unit adds to a total. */
function judgeVariance(runs: readonly RunCells[]): number {
  if (runs.length === 0) return 0;
  const perRun = runs.map((r) => r.reduce((a, c) => a + voteVariance(c.votes), 0));
  return exact(perRun.reduce((a, b) => a + b, 0) / runs.length);
}

/**
 * Each run's total as the test sees it: Σ over the compared strata of the run's cell, an unscored
 * cell taking the prompt's mean of that stratum over its scored runs (left out, not 0). So a missing
 * audit or an unscored unit does not pass for run-to-run spread; with nothing unscored these are the
 * rubric totals.
 */
export function testTotals(runs: readonly RunCells[], strata: ReadonlySet<string>): number[] {
  const means = new Map<string, number>();
  for (const s of strata) {
    const pts = runs.flatMap((r) => r.filter((c) => c.stratum === s).map((c) => c.points));
    if (pts.length) means.set(s, pts.reduce((a, b) => a + b, 0) / pts.length);
  }
  return runs.map((r) => exact([...means].reduce((t, [s, m]) => t + (r.find((c) => c.stratum === s)?.points ?? m), 0)));
}

/**
 * The A/B answer for a variant against the baseline: better / worse / indistinguishable, the test
 * behind it and the runs per prompt a 0.5- and a 1.0-point difference would need.
 *
 * `permutationTest` (stratified by problem and audit, judge noise drawn from the votes) gives p; p <
 * 0.05 two-sided → 'better' when its statistic is positive, 'worse' when negative; otherwise, or when
 * nothing could be compared, 'indistinguishable'. `runsNeeded` uses the pooled run-to-run variance of
 * both prompts' totals as the test sees them (`testTotals`) plus the judge variance of all their runs.
 */
export function compareVariants(variant: readonly RunCells[], baseline: readonly RunCells[], options: PermutationOptions = {}): AbFields {
  const test = permutationTest(variant, baseline, options);
  const verdict = test.p !== null && test.p < AB_ALPHA ? (test.statistic > 0 ? 'better' : 'worse') : 'indistinguishable';
  const left = new Set(test.leftOut);
  const strata = new Set([...variant, ...baseline].flatMap((r) => r.map((c) => c.stratum)).filter((s) => !left.has(s)));
  const need = runsNeeded(testTotals(variant, strata), testTotals(baseline, strata), judgeVariance([...variant, ...baseline]));
  return { verdict, method: AB_METHOD, test, runsNeeded: need.runsNeeded, runsNeededNote: need.note };
}
