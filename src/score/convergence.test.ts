/** convergence and roundImprovement: two small rounds converge, one big round continues, short history is unknown. */
import { describe, expect, it } from 'vitest';
import { convergence, roundImprovement } from './convergence.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';

const R = DEFAULT_RUBRIC;
const h = (...improvements: number[]) => improvements.map((improvement, i) => ({ round: i + 1, improvement }));

describe('convergence (improvement < 0.5 in 2 consecutive rounds)', () => {
  it.each([
    ['two rounds < 0.5', h(0.25, 0), 'converged'],
    ['two rounds just under', h(0.49, 0.49), 'converged'],
    ['last two small after a big one', h(2, 0.25, 0), 'converged'],
    ['one round < 0.5 after a big one', h(0, 1.5, 0.25), 'continue'],
    ['0.5 exactly is not < 0.5', h(0, 0.5), 'continue'],
    ['big last round', h(0, 1.25), 'continue'],
    ['one round of history', h(0), 'unknown'],
    ['no history', h(), 'unknown'],
  ] as const)('%s → %s', (_, history, status) => {
    expect(convergence(history, R).status).toBe(status);
  });

  it('explains each status with the numbers', () => {
    expect(convergence(h(0.25, 0), R).reason).toBe('Improvement < 0.5 in the last 2 rounds (round 1: 0.25, round 2: 0.00): optimisation may have converged.');
    expect(convergence(h(0, 0.75), R).reason).toBe('Improvement ≥ 0.5 in round 2 (round 1: 0.00, round 2: 0.75): continue optimising.');
    expect(convergence(h(0), R).reason).toBe('1 round of history; 2 needed to judge convergence (improvement < 0.5 in 2 consecutive rounds).');
  });

  it('sorts the history by round and refuses a round twice', () => {
    const c = convergence([{ round: 5, improvement: 0 }, { round: 3, improvement: 1 }, { round: 4, improvement: 0.25 }], R);
    expect(c.history.map((x) => x.round)).toEqual([3, 4, 5]);
    expect(c.status).toBe('converged');
    expect(() => convergence([{ round: 2, improvement: 0 }, { round: 2, improvement: 1 }], R)).toThrow(/twice/);
  });

  it('follows the rubric (3 rounds needed)', () => {
    const rubric = { ...R, convergence: { threshold: 0.5, rounds: 3 } };
    expect(convergence(h(0, 0), rubric).status).toBe('unknown');
    expect(convergence(h(0, 0, 0.25), rubric).status).toBe('converged');
  });
});

describe('roundImprovement', () => {
  const prompts = [
    { prompt: 'baseline', mean: 7, baseline: true },
    { prompt: 'v', mean: 8.25, baseline: false },
  ];
  it.each([
    ['variant recommended', 'v', 'higher-mean', 1.25],
    ['baseline recommended by the rule', 'baseline', 'baseline', 0],
    ['baseline kept on SD', 'baseline', 'smaller-sd', 0],
  ] as const)('%s → %s', (_, prompt, rule, expected) => {
    expect(roundImprovement(prompts, { prompt, rule, difference: 1.25, reason: '' })).toBe(expected);
  });

  it('is 0 with no variant', () => {
    expect(roundImprovement([prompts[0]!], { prompt: 'baseline', rule: 'no-variant', difference: null, reason: '' })).toBe(0);
  });
});
