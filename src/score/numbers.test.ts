/** numbers: exact arithmetic so totals like 13 × 0.5 or 7.6 − 7.1 never drift across a boundary. */
import { describe, expect, it } from 'vitest';
import { exact, fmt, fmtSigned, fmtThreshold, sum } from './numbers.ts';

describe('exact arithmetic', () => {
  it.each([
    ['13 × 0.5 summed one by one', Array(13).fill(0.5), 6.5],
    ['ten × 0.1', Array(10).fill(0.1), 1],
    ['0.1 + 0.2', [0.1, 0.2], 0.3],
    ['mixed halves', [1, 0.5, 0, 1, 0.5, 0.5, 1], 4.5],
    ['nothing', [], 0],
  ])('%s', (_, xs, expected) => {
    expect(sum(xs)).toBe(expected);
  });

  it.each([
    [7.6 - 7.1, 0.5],
    [6.499999999999, 6.5],
    [-0, 0],
    [1e-12, 0],
  ])('exact(%s) = %s', (x, expected) => {
    expect(Object.is(exact(x), expected)).toBe(true);
  });
});

describe('formatting', () => {
  it.each([
    [fmt(7), '7.00'],
    [fmt(8.25), '8.25'],
    [fmtSigned(1.25), '+1.25'],
    [fmtSigned(-0.5), '-0.50'],
    [fmtSigned(0), '+0.00'],
    [fmtThreshold(1), '1.0'],
    [fmtThreshold(0.5), '0.5'],
    [fmtThreshold(0.25), '0.25'],
  ])('%s = %s', (got, expected) => {
    expect(got).toBe(expected);
  });
});
