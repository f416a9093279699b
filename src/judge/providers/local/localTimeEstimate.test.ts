import { describe, expect, it } from 'vitest';
import { estimateLocalSeconds } from './localTimeEstimate.ts';

describe('estimateLocalSeconds', () => {
  it.each([
    // evaluated, output, threads, seconds
    [0, 0, 4, 0],
    [1000, 0, 1, 200],
    [1000, 0, 4, 50],
    [0, 500, 4, 50],
    [94_017, 19_125, 1, 94_017 / 5 + 1912.5],
    [100, 0, 0, 20], // at least one thread
  ])('%d evaluated + %d output on %d threads ≈ %d s', (e, o, t, s) => {
    expect(estimateLocalSeconds(e, o, t)).toBeCloseTo(s, 6);
  });
});
