/** noiseBand: how far the mean could move if each unit took its lowest / highest vote. */
import { describe, expect, it } from 'vitest';
import { comparisonNoise, halfWidth, noiseBand, unitRange } from './noiseBand.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { scoreRun } from './runScore.ts';
import { audit, unit } from './testVerdicts.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';

const R = DEFAULT_RUBRIC;

describe('unitRange', () => {
  it.each([
    ['○', '○○○', 1, 1],
    ['○', '○○△', 0.5, 1],
    ['△', '△△×', 0, 0.5],
    ['×', '××○', 0, 1],
    ['○', '○?×', 0, 1], // a failed vote is ignored
    ['△', '??△', 0.5, 0.5],
  ] as const)('%s with votes %s → [%s, %s]', (verdict, votes, low, high) => {
    expect(unitRange(unit('p', 1, 'P01', verdict, votes), R)).toEqual({ low, high });
  });
});

describe('noiseBand', () => {
  /** A run scored from its units and audit, as buildReport does. */
  const run = (units: UnitVerdict[], bonusIds: (string | null)[], penalties: number) => ({ score: scoreRun(units, audit('p', units[0]!.review.run, bonusIds, penalties), R), units });

  it('unanimous votes: the band is the mean itself', () => {
    const r1 = run([unit('p', 1, 'P01', '○', '○○○'), unit('p', 1, 'P02', '×', '×××')], ['B01'], 0);
    expect(noiseBand([r1], R)).toEqual({ low: 1.5, high: 1.5 });
  });

  it('averages each run\'s lowest / highest total over the runs', () => {
    // run 1: ○(○○△) + △(△△×) + ×(×××) + bonus 0.5 → total 2.0, low 0.5+0+0+0.5 = 1.0, high 1+0.5+0+0.5 = 2.0
    const r1 = run([unit('p', 1, 'P01', '○', '○○△'), unit('p', 1, 'P02', '△', '△△×'), unit('p', 1, 'P03', '×', '×××')], ['B01'], 0);
    // run 2: ○(○○○) + ×(××○) + △(△△△) − penalty 0.5 → total 1.0, low 1+0+0.5−0.5 = 1.0, high 1+1+0.5−0.5 = 2.0
    const r2 = run([unit('p', 2, 'P01', '○', '○○○'), unit('p', 2, 'P02', '×', '××○'), unit('p', 2, 'P03', '△', '△△△')], [], 1);
    expect([r1.score.total, r2.score.total]).toEqual([2, 1]);
    expect(noiseBand([r1, r2], R)).toEqual({ low: 1, high: 2 });
  });

  it('leaves unscored units out, like the score', () => {
    const r1 = run([unit('p', 1, 'P01', '○', '○△○'), unit('p', 1, 'P02', 'unscored', '??')], [], 0);
    expect(r1.score.detection).toBe(1);
    expect(noiseBand([r1], R)).toEqual({ low: 0.5, high: 1 });
  });
});

describe('comparisonNoise', () => {
  const variant = { low: 7, high: 8 }; // half-width 0.5
  const baseline = { low: 6.75, high: 7.25 }; // half-width 0.25
  it.each([
    [0.5, false],
    [0.75, false], // equal to the noise: not beyond
    [0.76, true],
    [1, true],
    [-1, true],
    [-0.75, false],
  ])('difference %s → beyondNoise %s (noise 0.75)', (difference, beyond) => {
    expect(comparisonNoise(difference, variant, baseline)).toEqual({ noise: 0.75, beyondNoise: beyond });
  });

  it('halfWidth is (high − low) / 2', () => {
    expect(halfWidth({ low: 6.5, high: 7.25 })).toBe(0.375);
  });
});
