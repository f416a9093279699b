import type { Comparison } from '../types/Report.ts';
import { exact } from './numbers.ts';
import { permutationTest, type PermutationOptions } from './permutationTest.ts';
import type { ArmRun } from './runCells.ts';
import { runsNeeded, voteVariance } from './runsNeeded.ts';

/** The method's name in report.json (`comparisons[].method`). */
export const AB_METHOD = 'stratified-permutation';
/** Two-sided significance level of the A/B verdict. */
export const AB_ALPHA = 0.05;

/** The A/B fields of a comparison. */
export type AbFields = Required<Pick<Comparison, 'verdict' | 'method' | 'test' | 'runsNeeded' | 'runsNeededNote'>>;

/** Mean over runs of Σ of the run's vote variances: the judge noise one drawn vote per unit adds to a total. */
function judgeVariance(runs: readonly ArmRun[]): number {
  if (runs.length === 0) return 0;
  const perRun = runs.map((r) => r.cells.reduce((a, c) => a + voteVariance(c.votes), 0));
  return exact(perRun.reduce((a, b) => a + b, 0) / runs.length);
}

/**
 * The A/B answer for a variant against the baseline: better / worse / indistinguishable, the test
 * behind it and the runs per prompt a 0.5- and a 1.0-point difference would need.
 *
 * `permutationTest` (stratified by problem and audit, judge noise drawn from the votes) gives p; p <
 * 0.05 two-sided → 'better' when its statistic is positive, 'worse' when negative; otherwise, or when
 * nothing could be compared, 'indistinguishable'. `runsNeeded` uses the pooled run-to-run variance of
 * both prompts' totals plus the judge variance of all their runs.
 */
export function compareVariants(variant: readonly ArmRun[], baseline: readonly ArmRun[], options: PermutationOptions = {}): AbFields {
  const test = permutationTest(variant.map((r) => r.cells), baseline.map((r) => r.cells), options);
  const verdict = test.p !== null && test.p < AB_ALPHA ? (test.statistic > 0 ? 'better' : 'worse') : 'indistinguishable';
  const need = runsNeeded(variant.map((r) => r.total), baseline.map((r) => r.total), judgeVariance([...variant, ...baseline]));
  return { verdict, method: AB_METHOD, test, runsNeeded: need.runsNeeded, runsNeededNote: need.note };
}
