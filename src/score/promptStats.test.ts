/** promptStats: mean, population / sample SD and the stability bands, boundaries included. */
import { describe, expect, it } from 'vitest';
import { mean, promptStats, stability, standardDeviation } from './promptStats.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';

const R = DEFAULT_RUBRIC;

describe('mean', () => {
  it.each([
    [[7, 8], 7.5],
    [[6.5, 7], 6.75],
    [[8.5], 8.5],
    [[7.1, 7.2, 7.3], 7.2],
  ])('mean(%j) = %s', (xs, expected) => {
    expect(mean(xs)).toBe(expected);
  });

  it('refuses no values', () => {
    expect(() => mean([])).toThrow(/no values/);
  });
});

describe('standardDeviation', () => {
  it.each([
    // values, population, sample (hand-computed)
    [[7, 8], 0.5, 0.707106781],
    [[7, 7], 0, 0],
    [[6, 8], 1, 1.414213562],
    [[2, 4.5], 1.25, 1.767766953],
    [[2, 4, 4, 4, 5, 5, 7, 9], 2, 2.138089935],
    [[8.5], 0, 0], // one run: sample SD undefined, reported as 0
  ])('SD(%j): population %s, sample %s', (xs, population, sample) => {
    expect(standardDeviation(xs, 'population')).toBe(population);
    expect(standardDeviation(xs, 'sample')).toBe(sample);
  });
});

describe('stability bands (SD ≤ 0.5 high, ≤ 1.0 medium, else low)', () => {
  it.each([
    [0, 'high'],
    [0.25, 'high'],
    [0.5, 'high'],
    [0.5 + 1e-12, 'high'], // float drift does not cross the boundary
    [0.51, 'medium'],
    [0.75, 'medium'],
    [1.0, 'medium'],
    [1.01, 'low'],
    [1.77, 'low'],
  ] as const)('SD %s → %s', (sd, band) => {
    expect(stability(sd, R)).toBe(band);
  });

  it.each([
    // runs, rubric.sd, mean, sd, band
    [[7, 8], 'population', 7.5, 0.5, 'high'],
    [[7, 8], 'sample', 7.5, 0.707106781, 'medium'],
    [[6, 8], 'population', 7, 1, 'medium'],
    [[6, 8], 'sample', 7, 1.414213562, 'low'],
    [[2, 4.5], 'population', 3.25, 1.25, 'low'],
  ] as const)('runs %j with %s SD → mean %s, SD %s, %s', (runs, sd, m, s, band) => {
    expect(promptStats([...runs], { ...R, sd })).toEqual({ mean: m, sd: s, stability: band });
  });
});
