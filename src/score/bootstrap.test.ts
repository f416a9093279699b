/** pairedBootstrap: deterministic percentile interval of the paired mean difference. */
import { describe, expect, it } from 'vitest';
import { pairedBootstrap, pairedDifferences } from './bootstrap.ts';
import { DEFAULT_SEED, mulberry32 } from './prng.ts';

/** Runs 1..n with the given totals. */
const runs = (...totals: number[]) => totals.map((total, i) => ({ run: i + 1, total }));

describe('pairedDifferences', () => {
  it('pairs by run number, in run order, leaving unpaired runs out', () => {
    const variant = [{ run: 3, total: 9 }, { run: 1, total: 8 }, { run: 4, total: 5 }];
    const baseline = [{ run: 1, total: 7 }, { run: 2, total: 6 }, { run: 3, total: 9.5 }];
    expect(pairedDifferences(variant, baseline)).toEqual([1, -0.5]);
  });
});

describe('pairedBootstrap', () => {
  it.each([
    [0, '0 paired runs: too few for an interval (need 5)'],
    [1, '1 paired run: too few for an interval (need 5)'],
    [2, '2 paired runs: too few for an interval (need 5)'],
    [4, '4 paired runs: too few for an interval (need 5)'],
  ])('%s pairs → null with a note', (n, note) => {
    const v = runs(...Array(n).fill(8));
    expect(pairedBootstrap(v, runs(...Array(n).fill(7)))).toEqual({ interval: null, note });
  });

  it('variant always +2 → [2, 2], excluding 0', () => {
    const r = pairedBootstrap(runs(9, 8, 10, 7.5, 9), runs(7, 6, 8, 5.5, 7));
    expect(r).toEqual({ interval: { low: 2, high: 2, pairs: 5, resamples: 10_000 }, note: null });
  });

  it('is deterministic: the same input gives the same interval', () => {
    const v = runs(8, 9, 7.5, 8.5, 9, 6.5);
    const b = runs(7, 7.5, 8, 6, 7, 7);
    const first = pairedBootstrap(v, b);
    expect(pairedBootstrap(v, b)).toEqual(first);
    expect(pairedBootstrap(v, b, { seed: DEFAULT_SEED })).toEqual(first);
    expect(first.interval!.low).toBeLessThanOrEqual(first.interval!.high);
  });

  it('a consistently better variant has an interval above 0 containing the mean difference (1.75)', () => {
    // differences 1, 2, 3, 2, 1, 1.5 (mean 1.75)
    const r = pairedBootstrap(runs(8, 9, 10, 9, 8, 8.5), runs(7, 7, 7, 7, 7, 7));
    expect(r.interval!.low).toBeGreaterThan(0);
    expect(r.interval!.low).toBeGreaterThanOrEqual(1);
    expect(r.interval!.low).toBeLessThan(1.75);
    expect(r.interval!.high).toBeGreaterThan(1.75);
    expect(r.interval!.high).toBeLessThanOrEqual(3);
  });

  it('a symmetric difference has an interval around 0', () => {
    const r = pairedBootstrap(runs(8, 6, 8, 6, 7, 7), runs(7, 7, 7, 7, 7, 7));
    expect(r.interval!.low).toBeLessThan(0);
    expect(r.interval!.high).toBeGreaterThan(0);
  });

  it('uses a supplied generator: always 0 picks the first pair every time', () => {
    const r = pairedBootstrap(runs(9, 8, 7, 6, 5), runs(7, 7, 7, 7, 7), { random: () => 0, resamples: 100 });
    expect(r.interval).toEqual({ low: 2, high: 2, pairs: 5, resamples: 100 });
  });

  it('honours resamples and refuses a bad count', () => {
    expect(pairedBootstrap(runs(8, 8, 8, 8, 8), runs(7, 7, 7, 7, 7), { resamples: 200 }).interval?.resamples).toBe(200);
    expect(() => pairedBootstrap(runs(8), runs(7), { resamples: 0 })).toThrow(/positive integer/);
  });
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});
