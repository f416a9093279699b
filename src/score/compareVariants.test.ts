/** The A/B verdict of report.json comparisons, end to end through buildReport and on hand-built runs. */
import { describe, expect, it } from 'vitest';
import type { UnitVerdict, Verdicts } from '../types/Verdicts.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { buildReport } from './buildReport.ts';
import { AB_METHOD, compareVariants, testTotals } from './compareVariants.ts';
import { DEFAULT_ITERATIONS } from './permutationTest.ts';
import { runCells } from './runCells.ts';
import { scoreRun } from './runScore.ts';
import { audit, keyOf, unit, unitsOf } from './testVerdicts.ts';

const R = DEFAULT_RUBRIC;
const key = keyOf('P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10');

/** A report of prompts given as one verdict string per run (P01 first, `?` unscored), without audits. */
function reportOf(runs: Record<string, string[]>, baseline?: string) {
  const units = Object.entries(runs).flatMap(([prompt, list]) => list.flatMap((v, i) => unitsOf(prompt, i + 1, v)));
  const verdicts: Verdicts = { runId: 'r', units };
  return buildReport({ verdicts, key, rubric: R, round: 1, title: 't', baseline });
}

describe('two runs per prompt, a 0.25-point difference', () => {
  // baseline 5.0, 6.0; variant 5.5, 6.0 → d = +0.25; pooled σ² = (0.125 + 0.5) / 2 = 0.3125
  // runs needed: ⌈15.69776 · 0.3125 / 0.25 + 0.96036⌉ = ⌈20.58⌉ = 21; for 1.0: ⌈4.906 + 0.960⌉ = 6
  const report = reportOf({ baseline: ['○○○○△△××××', '○○○○○△△×××'], variant: ['○○○○○△××××', '○○○○○△△×××'] });
  const c = report.comparisons[0]!;

  it('is beyond vote noise (unanimous votes) yet not distinguishable from run-to-run noise', () => {
    expect(c).toMatchObject({ difference: 0.25, noise: 0, beyondNoise: true, verdict: 'indistinguishable', method: AB_METHOD });
    expect(c.test).toMatchObject({ statistic: 0.25, iterations: DEFAULT_ITERATIONS, strata: 10, leftOut: [] });
    // Only P05 (△ vs ○ in run 1) and P07 (× vs △ in run 1) differ: the two ±0.25 shifts give |T*| ≥ 0.25 unless they cancel.
    expect(c.test!.p!).toBeGreaterThan(0.5);
  });

  it('says how many runs per prompt would tell 0.5 and 1.0 points apart', () => {
    expect(c.runsNeeded).toEqual({ half: 21, one: 6, sd: 0.559016994 });
    expect(c.runsNeededNote).toBeNull();
    expect(report.recommendation.rule).toBe('baseline');
  });
});

describe('a clear difference over many runs', () => {
  // 8 runs each: variant 7.5, 7.0, 7.5, … (mean 7.25), baseline 5.0, 5.5, 5.0, … (mean 5.25) → d = +2
  const variant = Array.from({ length: 8 }, (_, i) => (i % 2 ? '○○○○○○○△××' : '○○○○○○△△××'));
  const baseline = Array.from({ length: 8 }, (_, i) => (i % 2 ? '○○○○△△××××' : '○○○○△△△×××'));

  it("is 'better' for the variant, at the p floor 1 / (1 + iterations)", () => {
    const c = reportOf({ baseline, variant }).comparisons[0]!;
    expect(c).toMatchObject({ difference: 2, verdict: 'better', test: { statistic: 2, p: 1 / (1 + DEFAULT_ITERATIONS) } });
    // pooled σ² = (8 · 0.0625 + 8 · 0.0625) / 14 = 1/14 → ⌈15.69776 / 14 / 0.25 + 0.96036⌉ = ⌈5.45⌉ = 6; for 1.0: ⌈2.08⌉ = 3
    expect(c.runsNeeded).toEqual({ half: 6, one: 3, sd: 0.267261241 });
    expect(c.runsNeededNote).toBeNull();
  });

  it("mirrored (the better prompt as baseline) is 'worse'", () => {
    const c = reportOf({ baseline, variant }, 'variant').comparisons[0]!;
    expect(c).toMatchObject({ baseline: 'variant', variant: 'baseline', difference: -2, verdict: 'worse', test: { statistic: -2, p: 1 / (1 + DEFAULT_ITERATIONS) } });
  });
});

describe('2 vs 2 runs with one problem differing', () => {
  it('p is about 1/3 (exactly 2 of the 6 relabellings are as extreme): indistinguishable', () => {
    const c = reportOf({ baseline: ['○○○××', '○○○××'], variant: ['○○○○×', '○○○○×'] }).comparisons[0]!;
    expect(c.verdict).toBe('indistinguishable');
    expect(Math.abs(c.test!.p! - 1 / 3)).toBeLessThan(0.02);
  });
});

describe('unscored units', () => {
  it('are left out of the test (not 0): the statistic averages the scored runs while `difference` keeps the rubric totals', () => {
    // variant P02: ○ in run 1, unscored in run 2 → its mean is 1 over the scored run; totals 2 and 1 → difference 0.5
    const c = reportOf({ baseline: ['○×', '○×'], variant: ['○○', '○?'] }).comparisons[0]!;
    expect(c.difference).toBe(0.5);
    expect(c.test).toMatchObject({ statistic: 1, strata: 2, leftOut: [] });
  });

  it('a problem unscored in every run of one prompt is dropped from both sides and listed', () => {
    const c = reportOf({ baseline: ['○○', '○○'], variant: ['○?', '○?'] }).comparisons[0]!;
    expect(c.test).toMatchObject({ statistic: 0, strata: 1, leftOut: ['P02'] });
    expect(c.verdict).toBe('indistinguishable');
  });
});

describe('runCells', () => {
  const score = (units: UnitVerdict[], a?: Parameters<typeof scoreRun>[1]) => scoreRun(units, a, R);

  it('one cell per scored unit with its valid vote points, plus the audit’s bonus − penalty', () => {
    const units = [unit('p', 1, 'P01', '○', '○○△'), unit('p', 1, 'P02', '×', '×?×'), unit('p', 1, 'P03', 'unscored')];
    const a = audit('p', 1, ['B01', 'B02'], 1);
    expect(runCells(units, score(units, a), R)).toEqual([
      { stratum: 'P01', points: 1, votes: [1, 1, 0.5] },
      { stratum: 'P02', points: 0, votes: [0, 0] },
      { stratum: 'audit', points: 0.5, votes: [] },
    ]);
  });

  it('an unscored or missing audit gives no audit cell (left out, not 0)', () => {
    const units = [unit('p', 1, 'P01', '○')];
    expect(runCells(units, score(units, audit('p', 1, [], 0, 'unscored')), R).map((c) => c.stratum)).toEqual(['P01']);
    expect(runCells(units, score(units), R).map((c) => c.stratum)).toEqual(['P01']);
  });
});

describe('compareVariants', () => {
  it('adds judge vote noise to the spread: equal totals with split votes still need runs', () => {
    // every run: P01 ○ with votes ○○× (variance 2/9), P02 × unanimous; totals all 1 → σ² = 2/9
    const run = () => [{ stratum: 'P01', points: 1, votes: [1, 1, 0] }, { stratum: 'P02', points: 0, votes: [0, 0, 0] }];
    const ab = compareVariants([run(), run()], [run(), run()]);
    // ⌈15.69776 · (2/9) / 0.25 + 0.96036⌉ = ⌈14.91⌉ = 15; for 1.0: ⌈3.488 + 0.960⌉ = 5
    expect(ab).toMatchObject({ verdict: 'indistinguishable', runsNeeded: { half: 15, one: 5 }, runsNeededNote: null });
  });

  it('one run per prompt: a verdict, but no runs-needed figure', () => {
    const ab = compareVariants([[{ stratum: 'P01', points: 1, votes: [1] }]], [[{ stratum: 'P01', points: 0, votes: [0] }]]);
    expect(ab.verdict).toBe('indistinguishable');
    expect(ab.runsNeeded).toEqual({ half: null, one: null, sd: null });
    expect(ab.runsNeededNote).toMatch(/^one run per prompt/);
  });

  it.each([
    ['nothing unscored: the rubric totals', [['○○', 1], ['○×', 1]], ['P01', 'P02', 'audit'], [3, 2]],
    ['an unscored unit takes the prompt’s mean of that problem', [['○○', 1], ['○?', 1]], ['P01', 'P02', 'audit'], [3, 3]],
    ['a missing audit takes the mean audit (not 0)', [['○○', 1], ['○○', null]], ['P01', 'P02', 'audit'], [3, 3]],
    ['a left-out stratum is not counted', [['○○', 1], ['○×', 1]], ['P01', 'audit'], [2, 2]],
  ] as const)('testTotals: %s', (_, spec, strata, totals) => {
    const P: Record<string, number> = { '○': 1, '×': 0 };
    const runs = spec.map(([v, a]) => [
      ...[...v].flatMap((c, i) => (c === '?' ? [] : [{ stratum: `P0${i + 1}`, points: P[c]!, votes: [] }])),
      ...(a === null ? [] : [{ stratum: 'audit', points: a, votes: [] }]),
    ]);
    expect(testTotals(runs, new Set(strata))).toEqual(totals);
  });

  it('is deterministic for a seed and takes the iteration count', () => {
    const run = (p: number) => [{ stratum: 'P01', points: p, votes: [p, 1 - p, p] }];
    const a = compareVariants([run(1), run(1), run(0)], [run(0), run(0), run(1)], { seed: 3, iterations: 500 });
    expect(compareVariants([run(1), run(1), run(0)], [run(0), run(0), run(1)], { seed: 3, iterations: 500 })).toEqual(a);
    expect(a.test.iterations).toBe(500);
  });
});
