import { describe, expect, it } from 'vitest';
import { agreementFromMatrix, chanceCorrected, cohenKappa, fleissKappa, fleissKappaFromCounts, type Ordinal } from './kappa.ts';

/** Spreads a 3×3 count matrix (rows = A, columns = B, order ×, △, ○) into two rating lists. */
function fromMatrix(m: number[][]): [Ordinal[], Ordinal[]] {
  const order: Ordinal[] = ['×', '△', '○'];
  const a: Ordinal[] = [];
  const b: Ordinal[] = [];
  m.forEach((row, i) => row.forEach((n, j) => {
    for (let k = 0; k < n; k++) {
      a.push(order[i]!);
      b.push(order[j]!);
    }
  }));
  return [a, b];
}

describe('cohenKappa (×, △, ○)', () => {
  // Hand-computed: p_o = diagonal / n; p_e = Σ rowShare·colShare; κ = (p_o − p_e) / (1 − p_e);
  // weighted: w = 1, 0.5, 0 for distance 0, 1, 2.
  it.each([
    {
      name: 'perfect agreement over all three categories',
      m: [[3, 0, 0], [0, 2, 0], [0, 0, 5]],
      observed: 1, expected: 0.38, kappa: 1, weighted: 1,
    },
    {
      name: 'chance level: independent marginals (every cell = rowShare·colShare·n)',
      m: [[1, 1, 2], [1, 1, 2], [2, 2, 4]],
      observed: 0.375, expected: 0.375, kappa: 0, weighted: 0,
    },
    {
      name: 'systematic disagreement: A says ○ whenever B says ×, and the reverse',
      m: [[0, 0, 5], [0, 0, 0], [5, 0, 0]],
      observed: 0, expected: 0.5, kappa: -1, weighted: -1,
    },
    {
      // Near misses only (△ vs ○): κ ignores that they are close, the weighted κ credits half.
      name: 'near misses matter: all disagreements one step apart',
      // p_o^w = 0.6 + 0.5·0.4 = 0.8; p_e^w = 0.36 + 0.5·0.48 = 0.6 → κ_w = 0.2 / 0.4 = 0.5.
      m: [[2, 0, 0], [0, 2, 2], [0, 2, 2]],
      observed: 0.6, expected: 0.36, kappa: 0.375, weighted: 0.5,
    },
    {
      // Same marginals and raw agreement as above, but the disagreements are two steps apart (× vs ○):
      // p_o^w = 0.6, p_e^w = 0.6 → κ_w = 0 while κ stays 0.375.
      name: 'far misses: all disagreements two steps apart',
      m: [[0, 0, 2], [0, 4, 0], [2, 0, 2]],
      observed: 0.6, expected: 0.36, kappa: 0.375, weighted: 0,
    },
  ])('$name', ({ m, observed, expected, kappa, weighted }) => {
    const [a, b] = fromMatrix(m);
    const r = cohenKappa(a, b);
    expect(r.matrix).toEqual(m);
    expect(r.n).toBe(a.length);
    expect(r.observed).toBeCloseTo(observed, 10);
    expect(r.expected).toBeCloseTo(expected, 10);
    expect(r.kappa).toBeCloseTo(kappa, 10);
    expect(r.weightedKappa).toBeCloseTo(weighted, 10);
  });

  it('orders the confusion matrix rows = A, columns = B, ×, △, ○', () => {
    const r = cohenKappa(['○', '○', '×'], ['△', '○', '×']);
    expect(r.matrix).toEqual([[1, 0, 0], [0, 0, 0], [0, 1, 1]]);
  });

  it('every rating in one category (expected agreement 1): κ and weighted κ undefined (null with a reason), never NaN or 1', () => {
    const r = cohenKappa(['○', '○', '○'], ['○', '○', '○']);
    expect(r.expected).toBe(1);
    expect(r.kappa).toBeNull();
    expect(r.weightedKappa).toBeNull();
    expect(r.kappaUndefined).toBe('κ undefined: every unit is ○ on both sides (n=3), so chance alone predicts the agreement (expected agreement 1)');
    expect(cohenKappa(['×'], ['×'])).toMatchObject({ n: 1, kappa: null, weightedKappa: null });
    expect(cohenKappa(['○', '△'], ['○', '△']).kappaUndefined).toBeNull();
  });

  it('rejects lists of different lengths, non-verdicts and empty input', () => {
    expect(() => cohenKappa(['○'], [])).toThrow(RangeError);
    expect(() => cohenKappa(['○'], ['?' as Ordinal])).toThrow(/not a verdict/);
    expect(() => cohenKappa([], [])).toThrow(/no pairs/);
  });
});

describe('published examples', () => {
  it('Wikipedia "Cohen\'s kappa", worked example: 50 grant proposals, 2×2 [[20, 5], [10, 15]] → κ = 0.400', () => {
    const r = agreementFromMatrix([[20, 5], [10, 15]]);
    expect(r.observed).toBeCloseTo(0.7, 10);
    expect(r.expected).toBeCloseTo(0.5, 10);
    expect(r.kappa).toBeCloseTo(0.4, 3);
  });

  it('Agresti, Categorical Data Analysis (1990), SexualFun 4×4 table (R vcd::Kappa): κ = 0.129, linearly weighted κ = 0.237', () => {
    // Husband (rows) × wife (columns): Never fun, Fairly often, Very often, Almost always.
    const r = agreementFromMatrix([
      [7, 7, 2, 3],
      [2, 8, 3, 7],
      [1, 5, 4, 9],
      [2, 8, 9, 14],
    ]);
    expect(r.n).toBe(91);
    expect(r.kappa).toBeCloseTo(0.1293, 3);
    expect(r.weightedKappa).toBeCloseTo(0.2374, 3);
  });

  it('Wikipedia "Fleiss\' kappa", worked example: 10 subjects, 14 raters, 5 categories → P̄ = 0.378, P̄e = 0.213, κ = 0.210', () => {
    const r = fleissKappaFromCounts([
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ]);
    expect(r.items).toBe(10);
    expect(r.ratings).toBe(140);
    expect(r.observed).toBeCloseTo(0.378, 3);
    expect(r.expected).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.21, 3);
  });
});

describe('fleissKappa (a run\'s votes)', () => {
  it('unanimous votes on varied items → κ = 1', () => {
    const r = fleissKappa([['○', '○', '○'], ['×', '×', '×'], ['△', '△', '△']]);
    expect(r.observed).toBe(1);
    expect(r.kappa).toBe(1);
  });

  it('hand-computed 3 votes × 4 items: P̄ = 0.5, p(×, △, ○) = (3, 3, 6)/12, P̄e = 0.375, κ = 0.2', () => {
    // P_i: (○○○) 1, (○○△) 2/6, (△△×) 2/6, (××○) 2/6 → P̄ = 2/4; P̄e = 1/16 + 1/16 + 1/4.
    const r = fleissKappa([['○', '○', '○'], ['○', '○', '△'], ['△', '△', '×'], ['×', '×', '○']]);
    expect(r.observed).toBeCloseTo(0.5, 10);
    expect(r.expected).toBeCloseTo(0.375, 10);
    expect(r.kappa).toBeCloseTo(0.2, 10);
  });

  it('general form for varying valid votes: unscored votes (null) drop out, items with < 2 valid votes are dropped', () => {
    // Items used: (○○) P=1, (○△×) P=0, (△△) P=1 → P̄ = 2/3; pooled p = (1, 3, 3)/7 → P̄e = 19/49.
    const r = fleissKappa([['○', '○', null], ['○', '△', '×'], ['△', '△'], ['×', null, null]]);
    expect(r.items).toBe(3);
    expect(r.dropped).toBe(1);
    expect(r.ratings).toBe(7);
    expect(r.observed).toBeCloseTo(2 / 3, 10);
    expect(r.expected).toBeCloseTo(19 / 49, 10);
    expect(r.kappa).toBeCloseTo((2 / 3 - 19 / 49) / (1 - 19 / 49), 10);
  });

  it('two raters per item, hand-computed with the Fleiss (1971) formulas: κ = −1/11', () => {
    // P_i = 0, 1, 0 → P̄ = 1/3; p(×, △, ○) = (1, 2, 3)/6 → P̄e = 14/36; κ = (12/36 − 14/36) / (22/36).
    const r = fleissKappa([['○', '△'], ['○', '○'], ['×', '△']]);
    expect(r.observed).toBeCloseTo(1 / 3, 10);
    expect(r.expected).toBeCloseTo(14 / 36, 10);
    expect(r.kappa).toBeCloseTo(-1 / 11, 10);
    expect(r).toEqual(fleissKappaFromCounts([[0, 1, 1], [0, 0, 2], [1, 1, 0]]));
  });

  it('all votes in one category: κ undefined (null with a reason), never NaN or 1', () => {
    expect(fleissKappa([['○', '○'], ['○', '○', '○']])).toMatchObject({ kappa: null, kappaUndefined: 'κ undefined: every vote is ○ (n=2), so chance alone predicts the agreement (expected agreement 1)' });
  });

  it('rejects input with no item of two valid votes', () => {
    expect(() => fleissKappa([['○'], [null, '×']])).toThrow(/two or more/);
    expect(() => fleissKappaFromCounts([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('chanceCorrected convention', () => {
  it.each([
    [1, 1, null],
    [0.5, 1, null],
    [0.75, 0.5, 0.5],
    [0.25, 0.5, -0.5],
  ])('observed %d, expected %d → %d', (o, e, k) => {
    if (k === null) expect(chanceCorrected(o, e)).toBeNull();
    else expect(chanceCorrected(o, e)).toBeCloseTo(k, 12);
  });
});
