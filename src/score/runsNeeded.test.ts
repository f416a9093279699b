/** runsNeeded: Guenther-corrected two-sample sample size from the observed spread, every value computed by hand. */
import { describe, expect, it } from 'vitest';
import { pooledVariance, runsForDifference, runsNeeded, voteVariance } from './runsNeeded.ts';

describe('runsForDifference', () => {
  // n = ⌈2 (1.95996 + 0.84162)² σ² / δ² + 1.95996² / 4⌉ = ⌈15.69776 σ² / δ² + 0.96036⌉, at least 2
  it.each([
    [0, 0.5, 2], // 0.96 → 1 → the floor
    [0.0625, 0.5, 5], // SD 0.25: 3.924 + 0.960 = 4.885
    [0.0625, 1, 2], // 0.981 + 0.960 = 1.941
    [0.25, 0.5, 17], // SD 0.5: 15.698 + 0.960 = 16.658
    [0.25, 1, 5], // 3.924 + 0.960 = 4.885
    [1, 0.5, 64], // SD 1: 62.791 + 0.960 = 63.751
    [1, 1, 17],
    [1.5625, 0.5, 100], // SD 1.25: 98.111 + 0.960 = 99.071
    [1.5625, 1, 26], // 24.528 + 0.960 = 25.488
  ])('σ² %s, δ %s → %s runs per prompt', (variance, delta, n) => {
    expect(runsForDifference(variance, delta)).toBe(n);
  });

  it.each([
    [-1, 0.5],
    [1, 0],
    [Number.NaN, 0.5],
  ])('refuses σ² %s, δ %s', (variance, delta) => {
    expect(() => runsForDifference(variance, delta)).toThrow(/variance ≥ 0 and delta > 0/);
  });
});

describe('pooledVariance', () => {
  it.each([
    [[6, 7], [6, 6], 0.25, 2], // (0.5 + 0) / 2
    [[6, 7], [5, 8], 2.5, 2], // (0.5 + 4.5) / 2
    [[1, 2, 3], [4], 1, 2], // (2 + 0) / (2 + 0)
    [[5], [5], 0, 0], // one run each: no degrees of freedom
    [[], [3, 5], 2, 1],
  ])('%j and %j → %s with %s df', (a, b, variance, df) => {
    expect(pooledVariance(a, b)).toEqual({ variance, df });
  });
});

describe('voteVariance', () => {
  it.each([
    [[], 0],
    [[1], 0],
    [[1, 1, 1], 0],
    [[1, 0], 0.25],
    [[1, 0.5, 0.5, 0], 0.125], // mean 0.5, (0.25 + 0 + 0 + 0.25) / 4
  ])('%j → %s', (votes, v) => {
    expect(voteVariance(votes)).toBeCloseTo(v, 12);
  });

  it('○○× is 2/9 (population variance of 1, 1, 0)', () => {
    expect(voteVariance([1, 1, 0])).toBeCloseTo(2 / 9, 12);
  });
});

describe('runsNeeded', () => {
  it('pools the run-to-run spread of both prompts: totals 6, 7 vs 6, 6 → σ² 0.25 → 17 and 5 runs', () => {
    expect(runsNeeded([6, 7], [6, 6], 0)).toEqual({ runsNeeded: { half: 17, one: 5, sd: 0.5 }, note: null });
  });

  it('adds the judge vote variance: equal totals with σ²_votes 0.25 → the same 17 and 5', () => {
    expect(runsNeeded([6, 6], [6, 6], 0.25)).toEqual({ runsNeeded: { half: 17, one: 5, sd: 0.5 }, note: null });
  });

  it('says so when no spread was observed: the floor of 2, not an estimate', () => {
    const r = runsNeeded([6, 6], [5, 5], 0);
    expect(r.runsNeeded).toEqual({ half: 2, one: 2, sd: 0 });
    expect(r.note).toBe('no spread observed (equal totals in every run, unanimous votes) over 4 runs: 2 is the floor, not an estimate');
  });

  it('gives no figure with one run per prompt (the spread cannot be measured)', () => {
    const r = runsNeeded([6], [5], 0.25);
    expect(r.runsNeeded).toEqual({ half: null, one: null, sd: null });
    expect(r.note).toMatch(/^one run per prompt: the run-to-run spread cannot be measured/);
  });
});
