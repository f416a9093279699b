import { describe, expect, it } from 'vitest';
import { agreementFromMatrix, ORDINAL_ORDER, type Ordinal } from './kappa.ts';
import { agreementWithIntervals, kappaStandardError, quantile } from './kappaInterval.ts';

/** Raters' verdict lists that reproduce a count matrix (rows A, columns B in ×, △, ○ order). */
function ratersOf(matrix: number[][]): [Ordinal[], Ordinal[]] {
  const a: Ordinal[] = [];
  const b: Ordinal[] = [];
  matrix.forEach((row, i) => row.forEach((c, j) => { for (let t = 0; t < c; t++) { a.push(ORDINAL_ORDER[i]!); b.push(ORDINAL_ORDER[j]!); } }));
  return [a, b];
}

/**
 * An independent computation of the large-sample variance: the multinomial delta method with a
 * numerical gradient. κ(p) is homogeneous of degree 0 in the cell counts, so Var ≈ Σ p_ij g_ij² / n
 * with g_ij = ∂κ/∂p_ij by central differences — no use of the Fleiss–Cohen–Everitt closed form.
 */
function deltaMethodSE(matrix: number[][], weighted: boolean): number {
  const n = matrix.flat().reduce((s, x) => s + x, 0);
  const p = matrix.map((row) => row.map((c) => c / n));
  const f = (q: number[][]) => (weighted ? agreementFromMatrix(q).weightedKappa : agreementFromMatrix(q).kappa);
  const h = 1e-6;
  let v = 0;
  p.forEach((row, i) => row.forEach((pij, j) => {
    if (pij === 0) return; // an empty cell adds p·g² = 0
    const up = p.map((r) => [...r]);
    const down = p.map((r) => [...r]);
    up[i]![j]! += h;
    down[i]![j]! -= h;
    const g = (f(up) - f(down)) / (2 * h);
    v += pij * g * g;
  }));
  return Math.sqrt(v / n);
}

// Matrices of the shapes calibrations produce: mostly ○ agreed, a few △ and × cells off the diagonal.
const MATRICES: Array<[string, number[][]]> = [
  ['calibration-like, n 57', [[9, 2, 1], [1, 10, 3], [0, 4, 27]]],
  ['skewed to ○, n 120', [[5, 1, 0], [2, 8, 6], [1, 7, 90]]],
  ['balanced, n 90', [[20, 6, 4], [5, 18, 7], [3, 6, 21]]],
  ['the agree e2e plan vs flipped, n 12', [[0, 0, 0], [1, 1, 0], [1, 1, 8]]],
];

describe('kappaStandardError (Fleiss, Cohen & Everitt 1969)', () => {
  it.each(MATRICES)('%s: equals the delta method with a numerical gradient (κ and weighted κ)', (_name, m) => {
    for (const weighted of [false, true]) expect(kappaStandardError(m, weighted)).toBeCloseTo(deltaMethodSE(m, weighted), 6);
  });

  it('is 0 for perfect agreement, and for one category everywhere', () => {
    expect(kappaStandardError([[3, 0, 0], [0, 4, 0], [0, 0, 5]], false)).toBe(0);
    expect(kappaStandardError([[0, 0, 0], [0, 0, 0], [0, 0, 7]], true)).toBe(0);
  });
});

describe('agreementWithIntervals (percentile bootstrap over units)', () => {
  it.each(MATRICES.slice(0, 3))('%s: the interval is close to κ ± 1.96·SE (large-sample check)', (_name, m) => {
    const [a, b] = ratersOf(m);
    const r = agreementWithIntervals(a, b, { seed: 7, resamples: 4000 });
    for (const [value, interval, se] of [
      [r.kappa, r.kappaInterval, kappaStandardError(m, false)],
      [r.weightedKappa, r.weightedKappaInterval, kappaStandardError(m, true)],
    ] as const) {
      expect(interval.low).toBeLessThan(value);
      expect(interval.high).toBeGreaterThan(value);
      // width within 20% of the analytic 3.92·SE; both ends within 0.6·SE of the analytic ends
      expect((interval.high - interval.low) / (3.92 * se)).toBeGreaterThan(0.8);
      expect((interval.high - interval.low) / (3.92 * se)).toBeLessThan(1.2);
      expect(Math.abs(interval.low - (value - 1.96 * se))).toBeLessThan(0.6 * se);
      expect(Math.abs(interval.high - (value + 1.96 * se))).toBeLessThan(0.6 * se);
    }
  });

  it('names its method and is reproducible from the seed; another seed moves it only a little', () => {
    const [a, b] = ratersOf(MATRICES[0]![1]);
    const one = agreementWithIntervals(a, b, { seed: 1 });
    expect(one.kappaInterval.method).toBe('percentile bootstrap over units, 2000 resamples, seed 1');
    expect(agreementWithIntervals(a, b, { seed: 1 })).toEqual(one);
    const two = agreementWithIntervals(a, b, { seed: 2 });
    expect(two.kappaInterval).not.toEqual(one.kappaInterval);
    expect(Math.abs(two.kappaInterval.low - one.kappaInterval.low)).toBeLessThan(0.03);
  });

  it('keeps the point estimates of agreementFromMatrix', () => {
    const [a, b] = ratersOf(MATRICES[3]![1]);
    const r = agreementWithIntervals(a, b);
    expect(r.kappa).toBeCloseTo(0.4, 10);
    expect(r.weightedKappa).toBeCloseTo(0.4, 10);
    expect(r.kappaInterval.low).toBeGreaterThanOrEqual(-1);
    expect(r.kappaInterval.high).toBeLessThanOrEqual(1);
  });

  it('perfect agreement: the interval is [1, 1] (every resample agrees perfectly)', () => {
    const r = agreementWithIntervals(['○', '△', '×', '○'], ['○', '△', '×', '○']);
    expect(r.kappaInterval).toMatchObject({ low: 1, high: 1 });
  });

  it('a wider interval for fewer units of the same shape', () => {
    const m = MATRICES[2]![1];
    const small = m.map((row) => row.map((c) => Math.round(c / 3)));
    const w = (x: number[][]) => { const [a, b] = ratersOf(x); const r = agreementWithIntervals(a, b); return r.kappaInterval.high - r.kappaInterval.low; };
    expect(w(small)).toBeGreaterThan(w(m) * 1.4);
  });
});

describe('quantile (type 7)', () => {
  const cases: Array<[number[], number, number]> = [
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 20, 30, 40, 50], 0.25, 20],
    [[5], 0.975, 5],
  ];
  it.each(cases)('quantile(%j, %d) = %d', (xs, q, want) => expect(quantile(xs, q)).toBeCloseTo(want, 12));
});
