/**
 * Intervals for Cohen's κ and linearly weighted κ.
 *
 * What `agree` and `calibrate` report is the percentile bootstrap over units (Efron & Tibshirani,
 * "An Introduction to the Bootstrap", 1993, ch. 13): the units are resampled with replacement, both
 * κ are recomputed on each resample, and the 2.5th and 97.5th percentiles bound the interval. It is
 * seeded (`src/score/prng.ts`), so the same units give the same interval, and it stays inside
 * [−1, 1] near the boundary where the large-sample interval does not.
 *
 * Where κ is undefined (expected agreement 1: every unit in one category on both sides, `kappa.ts`)
 * there is no interval. Resamples on which κ is undefined are left out of the percentiles and
 * counted (`undefinedResamples`). An interval of zero width — every resample gives the same κ, as
 * with no disagreement at all — is not an estimate of uncertainty: it is reported as not estimable
 * (`low` and `high` null, `notEstimable` saying why).
 *
 * `kappaStandardError` is the large-sample (non-null) standard error of Fleiss, Cohen & Everitt,
 * "Large sample standard errors of kappa and weighted kappa", Psychological Bulletin 72 (1969),
 * 323–327 — the check on the bootstrap in the tests, and what a reader can redo by hand.
 */
import { mulberry32, DEFAULT_SEED } from '../score/prng.ts';
import { agreementFromMatrix, ORDINAL_ORDER, type Ordinal, type PairAgreement } from './kappa.ts';

/** A 95% interval and how it was computed. */
export interface Interval {
  /** Lower end; null when the interval is not estimable (see `notEstimable`). */
  low: number | null;
  /** Upper end; null exactly when `low` is. */
  high: number | null;
  method: string;
  /** Resamples on which the statistic was undefined (κ with expected agreement 1): left out of the percentiles. */
  undefinedResamples: number;
  /** Why there is no interval (κ undefined, no disagreement, zero width), else null. */
  notEstimable: string | null;
}

/** A pair agreement with the 95% intervals of its κ and weighted κ. */
export interface PairAgreementWithIntervals extends PairAgreement {
  kappaInterval: Interval;
  weightedKappaInterval: Interval;
}

/** Resamples of the bootstrap: enough for stable 2.5/97.5 percentiles at these sample sizes. */
export const KAPPA_RESAMPLES = 2000;

/** How the interval was computed, in words a report can print. */
export function bootstrapMethod(resamples: number, seed: number): string {
  return `percentile bootstrap over units, ${resamples} resamples, seed ${seed}`;
}

/** Index of each verdict in `ORDINAL_ORDER`; throws on anything else. */
export function ordinalIndex(v: Ordinal): number {
  const i = ORDINAL_ORDER.indexOf(v);
  if (i < 0) throw new RangeError(`not a verdict: ${String(v)}`);
  return i;
}

/** κ and weighted κ of a count matrix built from index pairs (the bootstrap's inner loop); null where undefined. */
export function kappasOf(rows: ArrayLike<number>, cols: ArrayLike<number>, pick: ArrayLike<number>): [number | null, number | null] {
  const k = ORDINAL_ORDER.length;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < pick.length; i++) m[rows[pick[i]!]!]![cols[pick[i]!]!]!++;
  const a = agreementFromMatrix(m);
  return [a.kappa, a.weightedKappa];
}

/** The q-quantile of sorted values (linear interpolation between order statistics, R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) throw new RangeError('no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The percentile interval of bootstrap values (sorted, defined ones only), or why there is none:
 * `pointUndefined` when the point value itself is undefined, `zeroWidth` when the ends coincide.
 */
export function percentileInterval(sorted: readonly number[], method: string, undefinedResamples: number, pointUndefined: string | null, zeroWidth: string): Interval {
  const none = (notEstimable: string): Interval => ({ low: null, high: null, method, undefinedResamples, notEstimable });
  if (pointUndefined) return none(pointUndefined);
  if (!sorted.length) return none(`interval not estimable: the statistic was undefined on all ${undefinedResamples} resamples`);
  const low = quantile(sorted, 0.025);
  const high = quantile(sorted, 0.975);
  if (high - low < 1e-12) return none(zeroWidth);
  return { low, high, method, undefinedResamples, notEstimable: null };
}

/** The one-sided 95% upper bound on the disagreement rate when none of n units disagree (exact binomial: 1 − 0.05^(1/n), ≈ 3/n). */
export function noDisagreementBound(n: number): number {
  return 1 - 0.05 ** (1 / n);
}

/** Pure, seeded: the agreement of A with B plus percentile-bootstrap 95% intervals of κ and weighted κ. */
export function agreementWithIntervals(a: readonly Ordinal[], b: readonly Ordinal[], options: { seed?: number; resamples?: number } = {}): PairAgreementWithIntervals {
  if (a.length !== b.length) throw new RangeError(`raters differ in length: ${a.length} vs ${b.length}`);
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? KAPPA_RESAMPLES;
  const rows = a.map(ordinalIndex);
  const cols = b.map(ordinalIndex);
  const all = rows.map((_, i) => i);
  const k = ORDINAL_ORDER.length;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const i of all) m[rows[i]!]![cols[i]!]!++;
  const point = agreementFromMatrix(m);
  const rand = mulberry32(seed);
  const ks: number[] = [];
  const ws: number[] = [];
  const pick = new Array<number>(all.length);
  let undefinedResamples = 0;
  // With κ undefined every resample is too (all units in one category): nothing to resample.
  for (let r = 0; r < resamples && point.kappa !== null; r++) {
    for (let i = 0; i < pick.length; i++) pick[i] = Math.floor(rand() * pick.length);
    const [kk, kw] = kappasOf(rows, cols, pick);
    if (kk === null || kw === null) {
      undefinedResamples++;
      continue;
    }
    ks.push(kk);
    ws.push(kw);
  }
  if (point.kappa === null) undefinedResamples = resamples;
  ks.sort((x, y) => x - y);
  ws.sort((x, y) => x - y);
  const method = bootstrapMethod(resamples, seed);
  const agreed = point.observed > 1 - 1e-12;
  const zeroWidth = agreed
    ? `interval not estimable: no disagreement among ${point.n} units (every resample agrees perfectly); one-sided 95% bound: disagreement rate under ${(100 * noDisagreementBound(point.n)).toFixed(1)}%`
    : 'interval not estimable: every resample gives the same κ';
  const undef = point.kappaUndefined ? `no interval: ${point.kappaUndefined}` : null;
  return {
    ...point,
    kappaInterval: percentileInterval(ks, method, undefinedResamples, undef, zeroWidth),
    weightedKappaInterval: percentileInterval(ws, method, undefinedResamples, undef, zeroWidth),
  };
}

/**
 * Large-sample standard error of κ (identity weights) or linearly weighted κ from a count matrix,
 * Fleiss, Cohen & Everitt (1969), eq. (13) for weighted κ, which gives their eq. (2) for κ:
 * Var = [Σ p_ij (w_ij − (w̄_i· + w̄_·j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²),
 * with w̄_i· = Σ_j p_·j w_ij and w̄_·j = Σ_i p_i· w_ij.
 */
export function kappaStandardError(matrix: readonly (readonly number[])[], weighted: boolean): number {
  const k = matrix.length;
  const agreement = agreementFromMatrix(matrix);
  const n = agreement.n;
  const w = (i: number, j: number) => (weighted ? (k === 1 ? 1 : 1 - Math.abs(i - j) / (k - 1)) : i === j ? 1 : 0);
  const p = matrix.map((row) => row.map((c) => c / n));
  const rowP = p.map((row) => row.reduce((s, x) => s + x, 0));
  const colP = p[0]!.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  const kappa = weighted ? agreement.weightedKappa : agreement.kappa;
  if (kappa === null) return 0;
  let pe = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) pe += w(i, j) * rowP[i]! * colP[j]!;
  if (Math.abs(1 - pe) < 1e-12) return 0;
  const wRow = rowP.map((_, i) => colP.reduce((s, pj, j) => s + pj * w(i, j), 0));
  const wCol = colP.map((_, j) => rowP.reduce((s, pi, i) => s + pi * w(i, j), 0));
  let sum = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sum += p[i]![j]! * (w(i, j) - (wRow[i]! + wCol[j]!) * (1 - kappa)) ** 2;
  const variance = (sum - (kappa - pe * (1 - kappa)) ** 2) / (n * (1 - pe) ** 2);
  return Math.sqrt(Math.max(0, variance));
}
