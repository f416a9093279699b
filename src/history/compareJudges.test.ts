import { describe, expect, it } from 'vitest';
import type { LabeledUnit } from './agreement.ts';
import { betterJudge, compareJudges, comparisonVerdict, sign } from './compareJudges.ts';
import type { PairedDifference } from './pairedKappaDifference.ts';

const V = ['×', '△', '○'] as const;
const lu = (i: number, verdict: LabeledUnit['verdict'], detail: string, series = 'reliability-design'): LabeledUnit =>
  ({ series, round: 1 + (i % 4), prompt: 'baseline', run: 1 + (i % 2), unit: `P${String(i).padStart(2, '0')}`, verdict, severity: null, detail });

// 60 units: the history cycles ×, △, ○; A agrees everywhere; B is off on every third unit.
const history = Array.from({ length: 60 }, (_, i) => lu(i, V[i % 3]!, `h.md:${i}`));
const faithful = history.map((h, i) => lu(i, h.verdict, `A says ${i}`));
const noisy = history.map((h, i) => lu(i, i % 3 === 0 ? V[(i + 1) % 3]! : h.verdict, `B says ${i}`));

describe('compareJudges', () => {
  it('names the faithful judge as better, with an interval of the difference that excludes 0', () => {
    const c = compareJudges({ label: 'A', judged: faithful, history }, { label: 'B', judged: noisy, history });
    expect(c).toMatchObject({ common: 60, onlyA: 0, onlyB: 0, unscored: 0, referenceConflicts: 0, better: 'A' });
    expect(c.sideA!.kappa).toBe(1);
    expect(c.sideB!.kappa).toBeLessThan(0.8);
    expect(c.difference!.kappa.interval.low).toBeGreaterThan(0);
    expect(c.verdict).toMatch(/^judge A agrees better with the history: κ_A − κ_B \+0\.\d{3} \[\+0\.\d{3}, \+0\.\d{3}\], permutation p 0\.\d{4}; the interval excludes 0 and p < 0\.05$/);
    expect(c.differing).toHaveLength(20);
    expect(c.differing[0]).toMatchObject({ a: c.differing[0]!.reference, referenceDetail: expect.stringMatching(/^h\.md:/), aDetail: expect.stringMatching(/^A says/), bDetail: expect.stringMatching(/^B says/) });
    // swapped: B is better
    expect(compareJudges({ label: 'B', judged: noisy, history }, { label: 'A', judged: faithful, history }).better).toBe('B');
  });

  it('the same judge on both sides: no difference shown', () => {
    const c = compareJudges({ label: 'A', judged: noisy, history }, { label: 'B', judged: noisy, history });
    expect(c.better).toBeNull();
    expect(c.verdict).toMatch(/^no difference shown: .*the interval includes 0, so 60 units cannot tell the judges apart/);
    expect(c.differing).toEqual([]);
  });

  it('counts units only one side judged, unscored ones, and references that differ between the calibrations', () => {
    const b = [...noisy.slice(10), lu(99, '○', 'extra')];
    b[0] = { ...b[0]!, verdict: 'unscored' };
    const otherHistory = history.map((h, i) => (i === 21 ? { ...h, verdict: '○' as const } : h));
    const c = compareJudges({ label: 'A', judged: faithful, history }, { label: 'B', judged: b, history: otherHistory });
    expect(c).toMatchObject({ common: 49, onlyA: 10, onlyB: 1, unscored: 1, referenceConflicts: 1 });
  });

  it('nothing in common: no numbers, a sentence saying why', () => {
    const c = compareJudges({ label: 'A', judged: faithful.slice(0, 5), history }, { label: 'B', judged: noisy.slice(5, 10), history });
    expect(c).toMatchObject({ common: 0, sideA: null, sideB: null, difference: null, better: null });
    expect(c.verdict).toMatch(/^no unit both judges scored/);
  });

  // The interval and the permutation test must both say so (review finding: the interval alone decided).
  const d = (low: number | null, high: number | null, p: number | null, difference: number | null = 0.1): PairedDifference =>
    ({ difference, interval: { low, high, method: 'm', undefinedResamples: 0, notEstimable: low === null ? 'no interval: a κ is undefined' : null }, p, undefinedPermutations: 0, test: 't' });
  it.each<[string, PairedDifference, 'A' | 'B' | null, RegExp]>([
    ['interval > 0, p 0.01', d(0.05, 0.3, 0.01), 'A', /^judge A agrees better .*the interval excludes 0 and p < 0\.05$/],
    ['interval < 0, p 0.001', d(-0.3, -0.05, 0.001, -0.1), 'B', /^judge B agrees better/],
    ['interval > 0, p 0.08: not better, and said so', d(0.01, 0.3, 0.08), null, /^no difference shown: .*the interval excludes 0 but the permutation test does not \(p ≥ 0\.05\), so the evidence for judge A is not conclusive/],
    ['interval covers 0, p 0.03: not better, and said so', d(-0.01, 0.3, 0.03), null, /the permutation test rejects "no difference" \(p < 0\.05\) but the interval includes 0/],
    ['interval covers 0, p 0.4', d(-0.1, 0.3, 0.4), null, /the interval includes 0, so 30 units cannot tell/],
    ['κ undefined', d(null, null, null, null), null, /^no difference measurable: no interval: a κ is undefined/],
  ])('%s → better %s', (_name, k, want, verdict) => {
    expect(betterJudge(k)).toBe(want);
    expect(comparisonVerdict({ n: 30, kappa: k, weightedKappa: k }, want)).toMatch(verdict);
  });

  it.each([[0.12, '+0.120'], [-0.05, '−0.050'], [0, '+0.000']])('sign(%d) = %s', (x, s) => expect(sign(x)).toBe(s));
});
