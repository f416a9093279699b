import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';
import { buildReport } from './buildReport.ts';
import { comparableScores, type ComparableRun } from './comparableScores.ts';
import { keyOf, unitsOf } from './testVerdicts.ts';

const R = DEFAULT_RUBRIC;
const run = (prompt: string, n: number, verdicts: string, audit?: { bonus: number; penalty: number } | 'unscored'): ComparableRun => ({
  prompt,
  units: unitsOf(prompt, n, verdicts),
  audit: audit === undefined ? undefined : ({ status: audit === 'unscored' ? 'unscored' : 'scored' } as ComparableRun['audit']),
  bonus: audit && audit !== 'unscored' ? audit.bonus : 0,
  penalty: audit && audit !== 'unscored' ? audit.penalty : 0,
  audited: audit !== undefined && audit !== 'unscored',
});
const prompts = [{ prompt: 'baseline', baseline: true }, { prompt: 'v', baseline: false }];

describe('comparableScores', () => {
  it.each<[string, ComparableRun[], { means: number[]; leftOut: string[]; auditLeftOut: boolean; complete: boolean; anything: boolean }]>([
    ['complete data: plain means', [run('baseline', 1, '○△'), run('v', 1, '○○')], { means: [1.5, 2], leftOut: [], auditLeftOut: false, complete: true, anything: true }],
    ['a unit unscored in one run is left out of every run', [run('baseline', 1, '○○○'), run('v', 1, '○?×')], { means: [2, 1], leftOut: ['P02'], auditLeftOut: false, complete: false, anything: true }],
    ['an unscored audit leaves bonus/penalty out everywhere', [run('baseline', 1, '○', { bonus: 1, penalty: 0 }), run('v', 1, '○', 'unscored')], { means: [1, 1], leftOut: [], auditLeftOut: true, complete: false, anything: true }],
    ['every audit scored: bonus − penalty counts', [run('baseline', 1, '○', { bonus: 1, penalty: 0.5 }), run('v', 1, '△', { bonus: 0, penalty: 0 })], { means: [1.5, 0.5], leftOut: [], auditLeftOut: false, complete: true, anything: true }],
    ['judge down everywhere: nothing to compare', [run('baseline', 1, '??'), run('v', 1, '??')], { means: [0, 0], leftOut: ['P01', 'P02'], auditLeftOut: false, complete: false, anything: false }],
  ])('%s', (_name, runs, expected) => {
    const c = comparableScores(runs, prompts, R);
    expect({ means: c.prompts.map((p) => p.mean), leftOut: c.leftOut, auditLeftOut: c.auditLeftOut, complete: c.complete, anything: c.anything }).toEqual(expected);
  });
});

describe('the recommendation acts on complete data only', () => {
  const units = (prompt: string, runs: string[]): UnitVerdict[] => runs.flatMap((v, i) => unitsOf(prompt, i + 1, v));
  const report = (base: string[], variant: string[]) =>
    buildReport({ verdicts: { runId: 'r', units: [...units('baseline', base), ...units('v', variant)] }, key: keyOf('P01', 'P02', 'P03', 'P04'), rubric: R, round: 1, title: 't' });

  it('failed calls on the baseline do not make the variant win', () => {
    // Same reviews' quality (○○○△ both); half the baseline's calls failed. On the means, v wins by 1.75.
    const r = report(['○??×', '○?○×'], ['○○○×', '○○○×']);
    expect(r.prompts[1]!.mean - r.prompts[0]!.mean).toBeGreaterThan(1);
    expect(r.recommendation).toMatchObject({ prompt: 'baseline', rule: 'baseline', difference: 0, complete: false, leftOut: ['P02', 'P03'] });
  });

  it('with every call failed the recommendation is not decided and keeps the baseline', () => {
    const r = report(['????'], ['????']);
    expect(r.recommendation).toMatchObject({ prompt: 'baseline', difference: null, complete: false });
    expect(r.recommendation.reason).toMatch(/^Not decided: nothing was scored in every run/);
  });

  it('complete data leaves the recommendation as the rubric gives it', () => {
    const r = report(['○○××'], ['○○○○']);
    expect(r.recommendation).toMatchObject({ prompt: 'v', rule: 'higher-mean', difference: 2 });
    expect(r.recommendation.complete).toBeUndefined();
  });
});
