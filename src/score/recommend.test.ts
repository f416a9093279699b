/** recommend: the rubric's rule at and around its boundaries, ties, and several variants. */
import { describe, expect, it } from 'vitest';
import { pickCandidate, recommend } from './recommend.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';

const R = DEFAULT_RUBRIC;
const p = (prompt: string, mean: number, sd = 0.5) => ({ prompt, mean, sd });

describe('recommend: one variant, d = variant mean − baseline mean', () => {
  it.each([
    // d, variant sd, baseline sd, expected prompt, rule
    [1.25, 0.5, 0.5, 'variant', 'higher-mean'],
    [1.01, 1.0, 0.0, 'variant', 'higher-mean'], // just above clear: mean wins even with a larger SD
    [1.0, 0.25, 0.5, 'variant', 'smaller-sd'], // clear itself is in the SD band
    [1.0, 0.75, 0.5, 'baseline', 'smaller-sd'],
    [0.75, 0.0, 0.5, 'variant', 'smaller-sd'],
    [0.5, 0.25, 0.5, 'variant', 'smaller-sd'], // minor itself is in the SD band
    [0.5, 1.0, 0.5, 'baseline', 'smaller-sd'],
    [0.5, 0.5, 0.5, 'baseline', 'smaller-sd'], // equal SD keeps the baseline
    [0.49, 0.0, 1.0, 'baseline', 'baseline'],
    [0, 0.0, 1.0, 'baseline', 'baseline'],
    [-0.5, 0.0, 1.0, 'baseline', 'baseline'],
    [-2, 0.0, 0.0, 'baseline', 'baseline'],
  ] as const)('d = %s (SD %s vs %s) → %s by %s', (d, vsd, bsd, winner, rule) => {
    const r = recommend([p('baseline', 7, bsd), p('variant', 7 + d, vsd)], 'baseline', R);
    expect(r.prompt).toBe(winner);
    expect(r.rule).toBe(rule);
    expect(r.difference).toBe(d);
  });

  it('treats float drift at the boundary as the boundary (7.6 − 7.1 = 0.5)', () => {
    const r = recommend([p('baseline', 7.1, 0.5), p('v', 7.6, 0)], 'baseline', R);
    expect(r).toMatchObject({ rule: 'smaller-sd', prompt: 'v', difference: 0.5 });
  });

  it.each([
    [8.25, 0.25, 'variant-cot mean 8.25 vs baseline 7.00 (+1.25 > 1.0): higher mean.'],
    [7.75, 0.25, 'variant-cot mean 7.75 vs baseline 7.00 (+0.75, between 0.5 and 1.0): smaller SD (SD 0.25 vs 0.50).'],
    [7.5, 0.5, 'variant-cot mean 7.50 vs baseline 7.00 (+0.50, between 0.5 and 1.0): equal SD (0.50) keeps the baseline.'],
    [6.5, 0.25, "variant-cot mean 6.50 vs baseline 7.00 (-0.50 < 0.5): baseline kept (the rule's margin against noise)."],
  ])('reason for mean %s names the numbers', (m, sd, reason) => {
    expect(recommend([p('baseline', 7, 0.5), p('variant-cot', m, sd)], 'baseline', R).reason).toBe(reason);
  });
});

describe('recommend: several variants', () => {
  it('holds the highest mean against the baseline', () => {
    const r = recommend([p('baseline', 7), p('a', 8.5), p('b', 7.75), p('c', 6)], 'baseline', R);
    expect(r).toMatchObject({ prompt: 'a', rule: 'higher-mean', difference: 1.5 });
    expect(r.reason).toContain('a (best of 3 variants) mean 8.50');
  });

  it('the best variant in the SD band loses to a steadier baseline even if a weaker variant is steadier', () => {
    const r = recommend([p('baseline', 7, 0.5), p('a', 7.75, 1.0), p('b', 7.5, 0)], 'baseline', R);
    expect(r).toMatchObject({ prompt: 'baseline', rule: 'smaller-sd', difference: 0.75 });
  });

  it('no variant above the baseline → baseline', () => {
    expect(recommend([p('baseline', 7), p('a', 6.5), p('b', 7)], 'baseline', R)).toMatchObject({ prompt: 'baseline', rule: 'baseline', difference: 0 });
  });

  it('no variant at all → no-variant', () => {
    expect(recommend([p('baseline', 7)], 'baseline', R)).toEqual({
      prompt: 'baseline',
      rule: 'no-variant',
      difference: null,
      reason: 'No variant to compare: baseline (mean 7.00) is recommended.',
    });
  });

  it('refuses an unknown baseline', () => {
    expect(() => recommend([p('a', 7)], 'baseline', R)).toThrow(/baseline 'baseline' is not among/);
  });
});

describe('pickCandidate ties', () => {
  it.each([
    ['highest mean', [p('a', 8, 1), p('b', 8.5, 1)], 'b'],
    ['equal means → smaller SD', [p('a', 8, 1), p('b', 8, 0.5)], 'b'],
    ['equal means and SD → name order', [p('zeta', 8, 0.5), p('alpha', 8, 0.5)], 'alpha'],
    ['name order is code-point order', [p('b', 8, 0.5), p('B', 8, 0.5)], 'B'],
  ])('%s', (_, variants, expected) => {
    expect(pickCandidate(variants)?.prompt).toBe(expected);
    expect(pickCandidate([...variants].reverse())?.prompt).toBe(expected);
  });

  it('is undefined with no variants', () => {
    expect(pickCandidate([])).toBeUndefined();
  });
});
