/**
 * Agreement statistics for verdicts on the ordinal scale × < △ < ○: Cohen's κ, linearly weighted κ
 * and raw agreement between two raters, and Fleiss' κ for several ratings per item.
 *
 * Conventions (results are never NaN):
 * - When expected agreement is 1 (every rating in one category on both sides, e.g. n = 1), κ and
 *   weighted κ are undefined: they are `null` and `kappaUndefined` says why. A 1 there would read as
 *   perfect agreement where chance alone agrees perfectly. Expected agreement within 1e-12 of 1
 *   counts as 1.
 * - Empty input (no pairs; no item with two or more valid ratings) throws a RangeError: there is
 *   nothing to measure, and a number would look like a finding.
 * - Fleiss' κ with a varying number of valid ratings per item uses the general form: items with
 *   fewer than two valid ratings are dropped, each item's agreement P_i is computed over its own
 *   n_i ratings, P̄ is the plain mean of the P_i, and category shares p_j pool all valid ratings.
 *   With the same number of ratings for every item this is exactly Fleiss (1971).
 */
import { VERDICT_ORDER, type Verdict } from '../types/Scale.ts';

/** A verdict on the rubric's ordinal scale. */
export type Ordinal = Verdict;

/** Category order used by every matrix here: ×, △, ○ (worst to best). */
export const ORDINAL_ORDER: readonly Ordinal[] = VERDICT_ORDER;

/** Two raters' agreement over the same items. */
export interface PairAgreement {
  /** Number of items. */
  n: number;
  /** Counts; rows = rater A, columns = rater B, both in `ORDINAL_ORDER` (or the given category order). */
  matrix: number[][];
  /** Raw agreement: share of items on the diagonal. */
  observed: number;
  /** Agreement expected by chance from the marginals. */
  expected: number;
  /** Cohen's κ; null when undefined (expected agreement 1, see `kappaUndefined`). */
  kappa: number | null;
  /** Linearly weighted κ (weight 1 − |i − j| / (k − 1)); null exactly when `kappa` is. */
  weightedKappa: number | null;
  /** Why κ is undefined (every unit in one category on both sides), else null. */
  kappaUndefined: string | null;
}

/** Several raters' agreement over items (Fleiss' κ). */
export interface MultiAgreement {
  /** Items used (with at least two valid ratings). */
  items: number;
  /** Items dropped for having fewer than two valid ratings. */
  dropped: number;
  /** Valid ratings used. */
  ratings: number;
  /** Mean per-item agreement P̄. */
  observed: number;
  /** Chance agreement P̄e = Σ p_j². */
  expected: number;
  /** Fleiss' κ; null when undefined (every vote in one category, see `kappaUndefined`). */
  kappa: number | null;
  /** Why κ is undefined, else null. */
  kappaUndefined: string | null;
}

/** (p_o − p_e) / (1 − p_e); null when p_e is 1, where it is 0/0. */
export function chanceCorrected(observed: number, expected: number): number | null {
  if (Math.abs(1 - expected) < 1e-12) return null;
  return (observed - expected) / (1 - expected);
}

/** The reason κ is undefined for ratings all in one category (named when known). */
export function undefinedReason(category: string | undefined, n: number, what = 'unit'): string {
  const all = category ? `every ${what} is ${category} on both sides` : `every ${what} is in one category`;
  return `κ undefined: ${all} (n=${n}), so chance alone predicts the agreement (expected agreement 1)`;
}

/** Cohen's κ, linearly weighted κ and raw agreement from a square count matrix (rows = A, columns = B; ordered categories). */
export function agreementFromMatrix(matrix: readonly (readonly number[])[]): PairAgreement {
  const k = matrix.length;
  if (k === 0 || matrix.some((row) => row.length !== k)) throw new RangeError('agreement matrix must be square and non-empty');
  if (matrix.some((row) => row.some((c) => !Number.isFinite(c) || c < 0))) throw new RangeError('agreement matrix counts must be non-negative numbers');
  const n = matrix.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  if (n === 0) throw new RangeError('no pairs to compare');
  const rowShare = matrix.map((row) => row.reduce((a, b) => a + b, 0) / n);
  const colShare = matrix[0]!.map((_, j) => matrix.reduce((s, row) => s + row[j]!, 0) / n);
  const weight = (i: number, j: number) => (k === 1 ? 1 : 1 - Math.abs(i - j) / (k - 1));
  let observed = 0;
  let expected = 0;
  let observedW = 0;
  let expectedW = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const p = matrix[i]![j]! / n;
      const e = rowShare[i]! * colShare[j]!;
      if (i === j) {
        observed += p;
        expected += e;
      }
      observedW += weight(i, j) * p;
      expectedW += weight(i, j) * e;
    }
  }
  const kappa = chanceCorrected(observed, expected);
  // Both undefined together: either expected agreement is 1 only when both sides put all units in one category.
  const weightedKappa = kappa === null ? null : chanceCorrected(observedW, expectedW);
  const only = rowShare.findIndex((x) => x > 0);
  return {
    n,
    matrix: matrix.map((row) => [...row]),
    observed,
    expected,
    kappa,
    weightedKappa,
    kappaUndefined: kappa === null ? undefinedReason(k === ORDINAL_ORDER.length ? ORDINAL_ORDER[only] : undefined, n) : null,
  };
}

/** Cohen's κ, weighted κ, confusion matrix (×, △, ○) and raw agreement of rater A against rater B, item by item. */
export function cohenKappa(a: readonly Ordinal[], b: readonly Ordinal[]): PairAgreement {
  if (a.length !== b.length) throw new RangeError(`raters differ in length: ${a.length} vs ${b.length}`);
  const matrix = ORDINAL_ORDER.map(() => ORDINAL_ORDER.map(() => 0));
  a.forEach((va, i) => {
    const r = ORDINAL_ORDER.indexOf(va);
    const c = ORDINAL_ORDER.indexOf(b[i]!);
    if (r < 0 || c < 0) throw new RangeError(`item ${i}: not a verdict: ${r < 0 ? va : b[i]}`);
    matrix[r]![c]!++;
  });
  return agreementFromMatrix(matrix);
}

/** Fleiss' κ from per-item category counts (items × categories), any number of categories. */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[]): MultiAgreement {
  const k = counts[0]?.length ?? 0;
  if (counts.some((row) => row.length !== k || row.some((c) => !Number.isInteger(c) || c < 0))) {
    throw new RangeError('category counts must be non-negative integers, the same number of categories per item');
  }
  const used = counts.filter((row) => row.reduce((a, b) => a + b, 0) >= 2);
  if (used.length === 0) throw new RangeError('no item has two or more valid ratings');
  const ratings = used.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const perItem = used.map((row) => {
    const ni = row.reduce((a, b) => a + b, 0);
    return row.reduce((s, c) => s + c * (c - 1), 0) / (ni * (ni - 1));
  });
  const observed = perItem.reduce((a, b) => a + b, 0) / used.length;
  const shares = Array.from({ length: k }, (_, j) => used.reduce((s, row) => s + row[j]!, 0) / ratings);
  const expected = shares.reduce((s, p) => s + p * p, 0);
  const kappa = chanceCorrected(observed, expected);
  const only = shares.findIndex((x) => x > 0);
  return { items: used.length, dropped: counts.length - used.length, ratings, observed, expected, kappa, kappaUndefined: kappa === null ? undefinedReason(k === ORDINAL_ORDER.length ? ORDINAL_ORDER[only] : undefined, used.length, 'vote').replace(' on both sides', '') : null };
}

/** Fleiss' κ over items rated by several raters (e.g. a run's votes); `null` marks an invalid (unscored) rating. */
export function fleissKappa(items: ReadonlyArray<ReadonlyArray<Ordinal | null>>): MultiAgreement {
  const counts = items.map((ratings) => {
    const row = ORDINAL_ORDER.map(() => 0);
    for (const r of ratings) {
      if (r === null) continue;
      const j = ORDINAL_ORDER.indexOf(r);
      if (j < 0) throw new RangeError(`not a verdict: ${String(r)}`);
      row[j]!++;
    }
    return row;
  });
  return fleissKappaFromCounts(counts);
}
