/** buildReport end to end on a small hand-built Verdicts, every number computed by hand. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { Report } from '../types/Report.ts';
import type { Verdicts } from '../types/Verdicts.ts';
import { buildReport, chooseBaseline, voteSplit } from './buildReport.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { audit, keyOf, unit } from './testVerdicts.ts';

const R = DEFAULT_RUBRIC;
const key = keyOf('P01', 'P02', 'P03', 'P04');

/**
 * baseline    run 1: ○ ○ △(△△○) ×, bonus B01            → 2.5 + 0.5       = 3.0  band [3.0, 3.5]
 *             run 2: ○ △(△△×) △ ×, 1 penalty            → 2.0 − 0.5       = 1.5  band [1.0, 1.5]
 *             mean 2.25, SD 0.75 (medium), band [2.0, 2.5]
 * a-terse     run 1: ○ unscored × ×, audit unscored      → 1.0                    (not audited)
 *             run 2: ○ ○ × ×, no audit                   → 2.0
 *             mean 1.5, SD 0.5 (high), band [1.5, 1.5]
 * variant-cot run 1: ○ ○ ○ △(△△×), bonuses B01 B02 + 1  → 3.5 + 1.5       = 5.0  band [4.5, 5.0]
 *             run 2: ○ ○ ○ ○, bonus B01, 1 penalty       → 4.0 + 0.5 − 0.5 = 4.0
 *             mean 4.5, SD 0.5 (high), band [4.25, 4.5]
 * d(variant-cot) = +2.25 on the means, but a-terse has an unscored P02 and audit, so the rule compares
 * what every run scored: P01 P03 P04 without bonus/penalty — baseline 1.5 / 1.5 (mean 1.5), a-terse 1 / 1,
 * variant-cot 2.5 / 3 (mean 2.75): d = +1.25 > 1.0 → variant-cot by higher mean; improvement 1.25 → continue.
 */
const verdicts: Verdicts = {
  runId: '20250101T000000Z-abc123',
  units: [
    unit('variant-cot', 1, 'P01', '○'),
    unit('variant-cot', 1, 'P02', '○'),
    unit('variant-cot', 1, 'P03', '○'),
    unit('variant-cot', 1, 'P04', '△', '△△×'),
    unit('variant-cot', 2, 'P01', '○'),
    unit('variant-cot', 2, 'P02', '○'),
    unit('variant-cot', 2, 'P03', '○'),
    unit('variant-cot', 2, 'P04', '○'),
    unit('baseline', 1, 'P01', '○'),
    unit('baseline', 1, 'P02', '○'),
    unit('baseline', 1, 'P03', '△', '△△○'),
    unit('baseline', 1, 'P04', '×'),
    unit('baseline', 2, 'P01', '○'),
    unit('baseline', 2, 'P02', '△', '△△×'),
    unit('baseline', 2, 'P03', '△'),
    unit('baseline', 2, 'P04', '×'),
    unit('a-terse', 1, 'P01', '○'),
    unit('a-terse', 1, 'P02', 'unscored'),
    unit('a-terse', 1, 'P03', '×'),
    unit('a-terse', 1, 'P04', '×'),
    unit('a-terse', 2, 'P01', '○'),
    unit('a-terse', 2, 'P02', '○'),
    unit('a-terse', 2, 'P03', '×'),
    unit('a-terse', 2, 'P04', '×'),
  ],
  audits: [
    audit('baseline', 1, ['B01'], 0),
    audit('baseline', 2, [], 1),
    audit('a-terse', 1, [], 0, 'unscored'),
    audit('variant-cot', 1, ['B01', 'B02', null], 0),
    audit('variant-cot', 2, ['B01'], 1),
  ],
};

const report = buildReport({ verdicts, key, rubric: R, history: [{ round: 1, improvement: 0.25 }], round: 2, title: 'Round 2' });

/** The figures of one run that a reader checks first. */
const brief = (r: Report['prompts'][number]['runs'][number]) => [r.run, r.detection, r.bonus, r.penalty, r.total, r.audited, r.unscored];

describe('buildReport end to end', () => {
  it('is a valid report with the run id, round, title and rubric', () => {
    expect(Report.parse(report)).toEqual(report);
    expect(report).toMatchObject({ schemaVersion: 1, runId: '20250101T000000Z-abc123', round: 2, title: 'Round 2', rubric: R });
  });

  it('orders prompts baseline first, then by name, with run scores, means, SD, bands', () => {
    expect(report.prompts.map((p) => [p.prompt, p.baseline, p.mean, p.sd, p.stability, p.noise])).toEqual([
      ['baseline', true, 2.25, 0.75, 'medium', { low: 2, high: 2.5 }],
      ['a-terse', false, 1.5, 0.5, 'high', { low: 1.5, high: 1.5 }],
      ['variant-cot', false, 4.5, 0.5, 'high', { low: 4.25, high: 4.5 }],
    ]);
    expect(report.prompts.map((p) => p.runs.map(brief))).toEqual([
      [
        [1, 2.5, 0.5, 0, 3, true, []],
        [2, 2, 0, 0.5, 1.5, true, []],
      ],
      [
        [1, 1, 0, 0, 1, false, ['P02']],
        [2, 2, 0, 0, 2, false, []],
      ],
      [
        [1, 3.5, 1.5, 0, 5, true, []],
        [2, 4, 0.5, 0.5, 4, true, []],
      ],
    ]);
  });

  it('recommends the best variant by the rubric, with the numbers', () => {
    expect(report.recommendation).toEqual({
      prompt: 'variant-cot',
      rule: 'higher-mean',
      difference: 1.25,
      complete: false,
      leftOut: ['P02', 'bonus/penalty'],
      reason: 'On what every run scored (left out, unscored somewhere: P02, bonus/penalty): variant-cot (best of 2 variants) mean 2.75 vs baseline 1.50 (+1.25 > 1.0): higher mean.',
    });
  });

  it('appends this round\'s improvement to the history', () => {
    expect(report.convergence).toEqual({
      status: 'continue',
      reason: 'Improvement ≥ 0.5 in round 2 (round 1: 0.25, round 2: 1.25): continue optimising.',
      history: [
        { round: 1, improvement: 0.25 },
        { round: 2, improvement: 1.25 },
      ],
    });
  });

  it('compares each variant with the baseline: difference, interval note, noise', () => {
    const note = '2 paired runs: too few for an interval (need 5)';
    const { verdict, method, test, runsNeeded, runsNeededNote, ...first } = report.comparisons[0]!;
    expect([first, ...report.comparisons.slice(1).map(({ verdict, method, test, runsNeeded, runsNeededNote, ...rest }) => rest)]).toEqual([
      { baseline: 'baseline', variant: 'a-terse', difference: -0.75, interval: null, intervalNote: note, noise: 0.25, beyondNoise: true },
      { baseline: 'baseline', variant: 'variant-cot', difference: 2.25, interval: null, intervalNote: note, noise: 0.375, beyondNoise: true },
    ]);
  });

  it('gives each comparison the A/B verdict of the stratified permutation test and the runs needed', () => {
    // a-terse: its audit is unscored / missing in both runs → the audit stratum is left out; P02 counts its scored run only:
    // T = 0 (P01) + (1 − 0.75) (P02) + (0 − 0.5) (P03) + 0 (P04) = −0.25.
    expect(report.comparisons[0]).toMatchObject({ verdict: 'indistinguishable', method: 'stratified-permutation', test: { statistic: -0.25, strata: 4, leftOut: ['audit'] } });
    // variant-cot: d = +2.25 over 2 runs each, not distinguishable. Totals 5, 4 and 3, 1.5 (nothing unscored).
    // σ² = pooled (0.5 + 1.125) / 2 = 0.8125 + the mean vote
    // variance of its 4 runs (3 units at △△×-like splits, 1/18 each) 3/72 → 0.854167, SD 0.924:
    // ⌈15.69776 · 0.854167 / 0.25 + 0.96036⌉ = 55, ⌈15.69776 · 0.854167 + 0.96036⌉ = 15.
    const cot = report.comparisons[1]!;
    expect(cot).toMatchObject({ verdict: 'indistinguishable', test: { statistic: 2.25, strata: 5, leftOut: [] }, runsNeeded: { half: 55, one: 15, sd: 0.924211376 }, runsNeededNote: null });
    expect(cot.test!.p!).toBeGreaterThan(0.05);
  });

  it('tabulates problems with flips', () => {
    expect(report.problems.map((p) => [p.id, p.cells.length, p.flips])).toEqual([
      ['P01', 6, []],
      ['P02', 6, ['baseline: ○→△']],
      ['P03', 6, []],
      ['P04', 6, ['variant-cot: △→○']],
    ]);
    expect(report.problems[1]!.cells.map((c) => `${c.prompt}/${c.run}:${c.verdict}`)).toEqual([
      'baseline/1:○',
      'baseline/2:△',
      'a-terse/1:unscored',
      'a-terse/2:○',
      'variant-cot/1:○',
      'variant-cot/2:○',
    ]);
  });

  it('lists unscored units and audits', () => {
    expect(report.unscored).toEqual([
      { prompt: 'a-terse', run: 1, unit: 'P02', reason: 'only 0 of 1 votes valid' },
      { prompt: 'a-terse', run: 1, unit: 'audit', reason: 'only 0 of 1 audit votes valid' },
    ]);
  });

  it('lists disagreements by agreement, then unit', () => {
    expect(report.disagreements).toEqual([
      { prompt: 'baseline', run: 2, unit: 'P02', verdict: '△', agreement: 2 / 3, split: '△2 ×1' },
      { prompt: 'baseline', run: 1, unit: 'P03', verdict: '△', agreement: 2 / 3, split: '○1 △2' },
      { prompt: 'variant-cot', run: 1, unit: 'P04', verdict: '△', agreement: 2 / 3, split: '△2 ×1' },
    ]);
    const two = buildReport({ verdicts, key, rubric: R, round: 2, title: 't', maxDisagreements: 2 });
    expect(two.disagreements.map((d) => d.unit)).toEqual(['P02', 'P03']);
  });

  it('is deterministic whatever the order of the verdicts', () => {
    const shuffled: Verdicts = { ...verdicts, units: [...verdicts.units].reverse(), audits: [...verdicts.audits!].reverse() };
    expect(buildReport({ verdicts: shuffled, key, rubric: R, history: [{ round: 1, improvement: 0.25 }], round: 2, title: 'Round 2' })).toEqual(report);
  });
});

describe('buildReport options', () => {
  it('an explicit baseline changes the comparison and the recommendation', () => {
    const r = buildReport({ verdicts, key, rubric: R, baseline: 'variant-cot', round: 2, title: 't' });
    expect(r.prompts.map((p) => p.prompt)).toEqual(['variant-cot', 'a-terse', 'baseline']);
    expect(r.recommendation).toMatchObject({ prompt: 'variant-cot', rule: 'baseline', difference: -1.25, complete: false });
    expect(r.convergence).toMatchObject({ status: 'unknown', history: [{ round: 2, improvement: 0 }] });
  });

  it('a single prompt gives no-variant and no comparisons', () => {
    const only: Verdicts = { runId: 'r', units: verdicts.units.filter((u) => u.review.prompt === 'baseline') };
    const r = buildReport({ verdicts: only, key, rubric: R, round: null, title: 't', history: [{ round: 4, improvement: 0.25 }] });
    expect(r.recommendation.rule).toBe('no-variant');
    expect(r.comparisons).toEqual([]);
    expect(r.prompts[0]!.runs.every((run) => !run.audited)).toBe(true);
    // round unknown: numbered after the last history round; 0.25 and 0 are both < 0.5
    expect(r.convergence).toMatchObject({ status: 'converged', history: [{ round: 4, improvement: 0.25 }, { round: 5, improvement: 0 }] });
  });

  it('replaces a history entry for the same round', () => {
    const r = buildReport({ verdicts, key, rubric: R, round: 2, title: 't', history: [{ round: 2, improvement: 0 }, { round: 1, improvement: 0 }] });
    expect(r.convergence.history).toEqual([{ round: 1, improvement: 0 }, { round: 2, improvement: 1.25 }]);
  });

  it('passes bootstrap settings through (5 paired runs give an interval)', () => {
    const units = [1, 2, 3, 4, 5].flatMap((run) => [unit('baseline', run, 'P01', '×'), unit('v', run, 'P01', '○')]);
    const r = buildReport({ verdicts: { runId: 'r', units }, key, rubric: R, round: 1, title: 't', bootstrap: { resamples: 500 } });
    expect(r.comparisons[0]).toMatchObject({ difference: 1, interval: { low: 1, high: 1, pairs: 5, resamples: 500 }, intervalNote: null });
  });
});

describe('chooseBaseline', () => {
  it.each([
    [['b', 'baseline', 'a'], undefined, 'baseline'],
    [['zeta', 'alpha'], undefined, 'alpha'],
    [['zeta', 'alpha'], 'zeta', 'zeta'],
  ] as const)('%j, option %s → %s', (names, option, expected) => {
    expect(chooseBaseline([...names], option)).toBe(expected);
  });

  it('refuses an unknown baseline and an empty verdicts file', () => {
    expect(() => chooseBaseline(['a', 'b'], 'base')).toThrow(InputError);
    expect(() => chooseBaseline(['a', 'b'], 'base')).toThrow("baseline 'base' is not among the prompts (a, b)");
    expect(() => chooseBaseline([], undefined)).toThrow(/nothing to report/);
  });
});

describe('voteSplit', () => {
  it.each([
    ['○○△', '○2 △1'],
    ['×○?', '○1 ×1 ?1'],
    ['△', '△1'],
  ])('%s → %s', (votes, split) => {
    expect(voteSplit(unit('p', 1, 'P01', '○', votes))).toBe(split);
  });
});
