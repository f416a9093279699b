import { describe, expect, it } from 'vitest';
import { agreementWithIntervals } from './kappaInterval.ts';
import { landisKochBand, readKappa } from './kappaReading.ts';
import type { Ordinal } from './kappa.ts';

describe('landisKochBand (Landis & Koch 1977, p. 165)', () => {
  const cases: Array<[number, string]> = [
    [-0.1, 'poor'], [0, 'poor'], [0.01, 'slight'], [0.2, 'slight'], [0.21, 'fair'], [0.4, 'fair'],
    [0.41, 'moderate'], [0.6, 'moderate'], [0.61, 'substantial'], [0.8, 'substantial'], [0.81, 'almost perfect'], [1, 'almost perfect'],
  ];
  it.each(cases)('κ %d → %s', (k, band) => expect(landisKochBand(k)).toBe(band));
});

describe('readKappa', () => {
  const iv = (low: number | null, high: number | null, notEstimable: string | null = null) => ({ low, high, method: 'percentile bootstrap', undefinedResamples: 0, notEstimable });
  it('names the band, the bands the interval spans, n, and what to trust', () => {
    expect(readKappa(0.72, iv(0.57, 0.86), 57)).toBe(
      "κ 0.720 is substantial (Landis & Koch); the interval spans moderate to almost perfect (n=57): the judge's verdicts are useful for totals over many units, not for single ○/△/× calls; tune the judge prompt on the dev split.",
    );
  });
  it('a narrow interval above 0.8 with 30 units or more: the judge can stand in', () => {
    expect(readKappa(0.95, iv(0.9, 0.99), 229)).toContain("the whole interval is almost perfect (n=229): the judge's ○/△/× can stand in");
  });
  it('an interval above 0.8 with fewer than 30 units: never "can stand in"', () => {
    const r = readKappa(0.95, iv(0.85, 0.99), 29);
    expect(r).not.toContain('can stand in');
    expect(r).toContain('29 units are too few to let it stand in');
  });
  it('few units: says the interval is wide', () => {
    expect(readKappa(0.5, iv(0.1, 0.8), 9)).toContain('only 9 units');
  });
  it('a low end at or under 0.4: do not trust single verdicts', () => {
    expect(readKappa(0.5, iv(0.3, 0.7), 40)).toContain("do not take the judge's ○/△/× in place of the reference's yet");
  });
  it('an interval that is not estimable: said so, never "can stand in", even with many units', () => {
    const r = readKappa(1, iv(null, null, 'interval not estimable: no disagreement among 40 units'), 40);
    expect(r).toBe('κ 1.000 is almost perfect (Landis & Koch); interval not estimable: no disagreement among 40 units (n=40): without an interval this κ is no ground for letting the judge replace the reference; calibrate on more units (a larger --sample).');
  });
  it('an undefined κ: the reason, no band', () => {
    expect(readKappa(null, iv(null, null, 'x'), 40, 'κ undefined: every unit is ○ on both sides (n=40), so chance alone predicts the agreement (expected agreement 1)')).toBe(
      'κ undefined: every unit is ○ on both sides (n=40), so chance alone predicts the agreement (expected agreement 1): agreement alone says nothing about the judge here; calibrate on units with other verdicts (a larger --sample).',
    );
  });
  // The reviewer's cases: each used to read 1.000 [1, 1] "can stand in".
  const cases: Array<[string, Ordinal[], Ordinal[]]> = [
    ['40 units all ○ on both sides', Array(40).fill('○'), Array(40).fill('○')],
    ['n = 1', ['○'], ['○']],
    ['40 units agreeing over all three verdicts', [...Array(20).fill('○'), ...Array(10).fill('△'), ...Array(10).fill('×')], [...Array(20).fill('○'), ...Array(10).fill('△'), ...Array(10).fill('×')]],
  ];
  it.each(cases)('%s: no "can stand in", no [1, 1]', (_name, a, b) => {
    const r = agreementWithIntervals(a, b);
    const text = readKappa(r.kappa, r.kappaInterval, r.n, r.kappaUndefined);
    expect(text).not.toContain('can stand in for');
    expect(r.kappaInterval).toMatchObject({ low: null, high: null });
    expect(r.kappaInterval.notEstimable).toMatch(/^(no interval: κ undefined|interval not estimable: no disagreement)/);
  });
});
