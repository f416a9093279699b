import { exact } from './numbers.ts';

/** z_{0.975}: two-sided α = 0.05. */
export const Z_ALPHA = 1.959963984540054;
/** z_{0.80}: 80% power. */
export const Z_POWER = 0.8416212335729143;
/** Fewer than two runs per prompt measure no spread at all, so no plan asks for fewer. */
export const MIN_RUNS = 2;
/** The differences the workflow asks about, in points (not scaled by the rubric): the rule's 0.5 and 1.0. */
export const DELTAS = { half: 0.5, one: 1.0 } as const;

/**
 * Runs per prompt that give a two-sided α = 0.05 test 80% power against a difference `delta`, for a
 * per-run variance `variance` of totals.
 *
 * n = ⌈2 (z_{0.975} + z_{0.8})² σ² / δ² + z_{0.975}² / 4⌉, at least 2. The last term is Guenther's
 * (1981) correction for estimating σ from the runs themselves (a t test, not a z test): it adds about
 * one run, which is what the t test's small-sample loss costs at these sizes.
 */
export function runsForDifference(variance: number, delta: number): number {
  if (!(variance >= 0) || !(delta > 0)) throw new Error(`runsForDifference: need variance ≥ 0 and delta > 0, got ${variance}, ${delta}`);
  const n = (2 * (Z_ALPHA + Z_POWER) ** 2 * variance) / delta ** 2 + Z_ALPHA ** 2 / 4;
  return Math.max(MIN_RUNS, Math.ceil(exact(n)));
}

/** Sum of squared deviations from the mean. */
function squares(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0);
}

/** Pooled sample variance of two groups of run totals, Σ(x − x̄ᵢ)² / (nₐ + n_b − 2), and its degrees of freedom. */
export function pooledVariance(a: readonly number[], b: readonly number[]): { variance: number; df: number } {
  const df = Math.max(0, a.length - 1) + Math.max(0, b.length - 1);
  return { variance: df > 0 ? exact((squares(a) + squares(b)) / df) : 0, df };
}

/** Population variance of one unit's vote points: what one drawn vote adds to a run total's variance. */
export function voteVariance(votes: readonly number[]): number {
  return votes.length > 1 ? squares(votes) / votes.length : 0;
}

/** runsNeeded of a comparison, with a note when the figure is a floor or cannot be given. */
export interface RunsNeeded {
  runsNeeded: { half: number | null; one: number | null; sd: number | null };
  note: string | null;
}

/**
 * Runs per prompt to tell a 0.5- and a 1.0-point difference apart (80% power, two-sided α = 0.05),
 * from the observed spread.
 *
 * σ² = pooled sample variance of the two prompts' run totals (run-to-run spread) + `judgeVariance`
 * (the mean over runs of Σ units' vote variance: the noise one drawn vote per unit adds, as in the
 * permutation test; conservative, since a majority verdict varies less than one vote). With one run
 * per prompt the spread cannot be measured (null, and a note); with no spread at all the figures are
 * the floor of 2 and the note says so rather than pretending precision.
 */
export function runsNeeded(variantTotals: readonly number[], baselineTotals: readonly number[], judgeVariance: number): RunsNeeded {
  const { variance, df } = pooledVariance(variantTotals, baselineTotals);
  if (df === 0) {
    return { runsNeeded: { half: null, one: null, sd: null }, note: 'one run per prompt: the run-to-run spread cannot be measured, so the runs needed cannot be estimated' };
  }
  const total = exact(variance + judgeVariance);
  const sd = exact(Math.sqrt(total));
  const figures = { half: runsForDifference(total, DELTAS.half), one: runsForDifference(total, DELTAS.one), sd };
  if (total === 0) {
    return { runsNeeded: figures, note: `no spread observed (equal totals in every run, unanimous votes) over ${variantTotals.length + baselineTotals.length} runs: ${MIN_RUNS} is the floor, not an estimate` };
  }
  return { runsNeeded: figures, note: null };
}
