import { describe, expect, it } from 'vitest';
import { agreementFromMatrix, ORDINAL_ORDER, type Ordinal } from './kappa.ts';
import { agreementWithIntervals, kappaStandardError, noDisagreementBound, quantile } from './kappaInterval.ts';

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
  const f = (q: number[][]) => (weighted ? agreementFromMatrix(q).weightedKappa : agreementFromMatrix(q).kappa)!;
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
      const [low, high, v] = [interval.low!, interval.high!, value!];
      expect(low).toBeLessThan(v);
      expect(high).toBeGreaterThan(v);
      expect(interval.undefinedResamples).toBe(0);
      // width within 20% of the analytic 3.92·SE; both ends within 0.6·SE of the analytic ends
      expect((high - low) / (3.92 * se)).toBeGreaterThan(0.8);
      expect((high - low) / (3.92 * se)).toBeLessThan(1.2);
      expect(Math.abs(low - (v - 1.96 * se))).toBeLessThan(0.6 * se);
      expect(Math.abs(high - (v + 1.96 * se))).toBeLessThan(0.6 * se);
    }
  });

  it('names its method and is reproducible from the seed; another seed moves it only a little', () => {
    const [a, b] = ratersOf(MATRICES[0]![1]);
    const one = agreementWithIntervals(a, b, { seed: 1 });
    expect(one.kappaInterval.method).toBe('percentile bootstrap over units, 2000 resamples, seed 1');
    expect(agreementWithIntervals(a, b, { seed: 1 })).toEqual(one);
    const two = agreementWithIntervals(a, b, { seed: 2 });
    expect(two.kappaInterval).not.toEqual(one.kappaInterval);
    expect(Math.abs(two.kappaInterval.low! - one.kappaInterval.low!)).toBeLessThan(0.03);
  });

  it('keeps the point estimates of agreementFromMatrix', () => {
    const [a, b] = ratersOf(MATRICES[3]![1]);
    const r = agreementWithIntervals(a, b);
    expect(r.kappa).toBeCloseTo(0.4, 10);
    expect(r.weightedKappa).toBeCloseTo(0.4, 10);
    expect(r.kappaInterval.low).toBeGreaterThanOrEqual(-1);
    expect(r.kappaInterval.high).toBeLessThanOrEqual(1);
    // (8/12)^12 ≈ 0.8% of resamples are all (○, ○): κ undefined there, left out and counted
    expect(r.kappaInterval.undefinedResamples).toBeGreaterThan(5);
    expect(r.kappaInterval.undefinedResamples).toBeLessThan(35);
  });

  it('perfect agreement: κ 1 but the zero-width interval is not estimable, with a one-sided bound on disagreement', () => {
    const r = agreementWithIntervals(['○', '△', '×', '○'], ['○', '△', '×', '○']);
    expect(r.kappa).toBe(1);
    expect(r.kappaInterval).toMatchObject({ low: null, high: null });
    expect(r.kappaInterval.notEstimable).toBe('interval not estimable: no disagreement among 4 units (every resample agrees perfectly); one-sided 95% bound: disagreement rate under 52.7%');
    expect(noDisagreementBound(30)).toBeCloseTo(0.0950, 4); // ≈ 3/30, the rule of three
  });

  it('κ undefined (every unit ○ on both sides, or n = 1): no interval, every resample counted as undefined', () => {
    for (const n of [1, 40]) {
      const r = agreementWithIntervals(Array<Ordinal>(n).fill('○'), Array<Ordinal>(n).fill('○'), { resamples: 100 });
      expect(r).toMatchObject({ kappa: null, weightedKappa: null });
      expect(r.kappaInterval).toMatchObject({ low: null, high: null, undefinedResamples: 100, notEstimable: `no interval: κ undefined: every unit is ○ on both sides (n=${n}), so chance alone predicts the agreement (expected agreement 1)` });
      expect(r.weightedKappaInterval).toMatchObject({ low: null, high: null });
    }
  });

  it('one ○/△ disagreement among 10 ○: κ 0 and its interval, the all-(○, ○) resamples left out', () => {
    // The review's paradox case: 9 (○, ○) + 1 (○, △). κ is 0 (A all ○); resamples without the △ are undefined.
    const r = agreementWithIntervals(Array<Ordinal>(10).fill('○'), [...Array<Ordinal>(9).fill('○'), '△']);
    expect(r.kappa).toBe(0);
    // (9/10)^10 ≈ 34.9% of 2000
    expect(r.kappaInterval.undefinedResamples).toBeGreaterThan(620);
    expect(r.kappaInterval.undefinedResamples).toBeLessThan(780);
    expect(r.kappaInterval.notEstimable).toBe('interval not estimable: every resample gives the same κ');
  });

  it('a wider interval for fewer units of the same shape', () => {
    const m = MATRICES[2]![1];
    const small = m.map((row) => row.map((c) => Math.round(c / 3)));
    const w = (x: number[][]) => { const [a, b] = ratersOf(x); const r = agreementWithIntervals(a, b); return r.kappaInterval.high! - r.kappaInterval.low!; };
    expect(w(small)).toBeGreaterThan(w(m) * 1.4);
  });
});

/**
 * The exact bootstrap distribution for a tiny n: every one of the n^n resamples (ordered index tuples)
 * is equally likely, so its κ values give the exact 2.5% and 97.5% points the Monte Carlo estimates.
 * Units chosen (by search) so that the 2.5%/5% and 95%/97.5% points fall on different atoms of the
 * distribution: a 90% interval fails this test (the review found the large-sample check alone could
 * not tell 90% from 95%).
 */
describe('agreementWithIntervals against the exact bootstrap distribution (n = 6, all 46,656 resamples)', () => {
  const a: Ordinal[] = ['○', '○', '×', '○', '○', '○'];
  const b: Ordinal[] = ['○', '○', '△', '×', '×', '×'];
  const n = a.length;
  const rows = a.map((v) => ORDINAL_ORDER.indexOf(v));
  const cols = b.map((v) => ORDINAL_ORDER.indexOf(v));
  const exact = { kappa: [] as number[], weighted: [] as number[], undefined: 0 };
  const idx = new Array<number>(n).fill(0);
  for (let t = 0; t < n ** n; t++) {
    for (let i = 0, x = t; i < n; i++, x = Math.floor(x / n)) idx[i] = x % n;
    const m = ORDINAL_ORDER.map(() => ORDINAL_ORDER.map(() => 0));
    for (const i of idx) m[rows[i]!]![cols[i]!]!++;
    const r = agreementFromMatrix(m);
    if (r.kappa === null) exact.undefined++;
    else exact.kappa.push(r.kappa), exact.weighted.push(r.weightedKappa!);
  }
  const share = (xs: number[], pred: (x: number) => boolean) => xs.filter(pred).length / xs.length;
  const R = 20000;
  const mc = agreementWithIntervals(a, b, { seed: 11, resamples: R });
  // The Monte Carlo q-point may sit on either atom next to a jump of the exact CDF, so check the
  // CDF there: P(κ < end) ≤ q + tol and P(κ ≤ end) ≥ q − tol. The empirical CDF's standard error at
  // q = 0.025 with 20,000 resamples is √(0.025·0.975/20000) ≈ 0.0011: tol 0.006 is over 5 of them,
  // and the 5% point's P(κ < ·) is 0.041 here, the 95% point's P(κ ≤ ·) 0.955.
  const tol = 0.006;
  it.each([
    ['κ', 'kappa', 'kappaInterval'],
    ['weighted κ', 'weighted', 'weightedKappaInterval'],
  ] as const)('%s: the ends are the exact 2.5% and 97.5% points', (_name, key, field) => {
    const xs = exact[key];
    const { low, high } = mc[field];
    for (const [end, q] of [[low!, 0.025], [high!, 0.975]] as const) {
      expect(share(xs, (x) => x < end - 1e-12)).toBeLessThanOrEqual(q + tol);
      expect(share(xs, (x) => x <= end + 1e-12)).toBeGreaterThanOrEqual(q - tol);
    }
  });

  it('the unweighted 2.5% and 97.5% points are −0.286 and 0.200 exactly; the undefined resamples are the exact share', () => {
    expect(mc.kappaInterval.low).toBeCloseTo(-2 / 7, 3);
    expect(mc.kappaInterval.high).toBeCloseTo(0.2, 3);
    expect(Math.abs(mc.kappaInterval.undefinedResamples / R - exact.undefined / n ** n)).toBeLessThan(0.004);
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
