import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import { cohenKappa, type Ordinal } from './kappa.ts';
import { pairedKappaDifference, type PairedUnit } from './pairedKappaDifference.ts';

const V: Ordinal[] = ['×', '△', '○'];

/** A reference of n units and two judges: A wrong on a share `ea` of units, B on `eb` (a wrong verdict is the next one round the scale). */
function judges(n: number, ea: number, eb: number, seed = 3): PairedUnit[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const reference = V[Math.floor(rand() * 3)]!;
    const off = (e: number) => (rand() < e ? V[(V.indexOf(reference) + 1) % 3]! : reference);
    return { reference, a: off(ea), b: off(eb) };
  });
}

describe('pairedKappaDifference', () => {
  it('the point difference is κ(A, ref) − κ(B, ref) computed directly', () => {
    const u = judges(60, 0.1, 0.3);
    const d = pairedKappaDifference(u, { resamples: 200, permutations: 200 });
    const k = (side: 'a' | 'b') => cohenKappa(u.map((x) => x[side]), u.map((x) => x.reference));
    expect(d.kappa.difference).toBeCloseTo(k('a').kappa! - k('b').kappa!, 12);
    expect(d.weightedKappa.difference).toBeCloseTo(k('a').weightedKappa! - k('b').weightedKappa!, 12);
    expect(d.n).toBe(60);
  });

  it('a faithful judge against a noisy one: the interval excludes 0 and p is small', () => {
    const d = pairedKappaDifference(judges(80, 0, 0.35));
    expect(d.kappa.difference).toBeGreaterThan(0.3);
    expect(d.kappa.interval.low).toBeGreaterThan(0);
    expect(d.kappa.p).toBeLessThan(0.01);
    expect(d.weightedKappa.interval.low).toBeGreaterThan(0);
  });

  it('the same judge twice: difference 0, p 1, and a zero-width interval is reported as not estimable', () => {
    const u = judges(40, 0.2, 0.2).map((x) => ({ ...x, b: x.a }));
    const d = pairedKappaDifference(u, { resamples: 300, permutations: 300 });
    expect(d.kappa).toMatchObject({ difference: 0, p: 1 });
    expect(d.kappa.interval).toMatchObject({ low: null, high: null, notEstimable: 'interval not estimable: every resample gives the same difference' });
  });

  it('a κ undefined on the whole sample (reference and both judges all ○): difference, interval and p null', () => {
    const u: PairedUnit[] = Array.from({ length: 10 }, () => ({ a: '○', b: '○', reference: '○' }));
    const d = pairedKappaDifference(u, { resamples: 50, permutations: 50 });
    expect(d.kappa).toMatchObject({ difference: null, p: null, undefinedPermutations: 50, interval: { low: null, high: null, undefinedResamples: 50 } });
  });

  it('resamples where a κ is undefined are left out and counted', () => {
    // 8 units all ○ everywhere and 3 others: a resample of only the 8 has every κ undefined.
    const u: PairedUnit[] = [...Array.from({ length: 8 }, () => ({ a: '○', b: '○', reference: '○' }) as PairedUnit), { a: '×', b: '×', reference: '×' }, { a: '△', b: '○', reference: '△' }, { a: '△', b: '△', reference: '△' }];
    const d = pairedKappaDifference(u, { resamples: 2000, permutations: 200 });
    // P(no pick among the 3 of 11) = (8/11)^11 ≈ 3.0%: about 60 of 2000
    expect(d.kappa.interval.undefinedResamples).toBeGreaterThan(25);
    expect(d.kappa.interval.undefinedResamples).toBeLessThan(110);
    expect(d.kappa.interval.low).not.toBeNull();
  });

  it('two equally noisy judges: the interval covers 0 and p is not small', () => {
    const d = pairedKappaDifference(judges(60, 0.2, 0.2, 11));
    expect(d.kappa.interval.low).toBeLessThan(0);
    expect(d.kappa.interval.high).toBeGreaterThan(0);
    expect(d.kappa.p).toBeGreaterThan(0.05);
  });

  it('is seeded and names its methods; swapping A and B flips the sign only', () => {
    const u = judges(50, 0.1, 0.25);
    const d = pairedKappaDifference(u, { seed: 5, resamples: 500, permutations: 500 });
    expect(pairedKappaDifference(u, { seed: 5, resamples: 500, permutations: 500 })).toEqual(d);
    expect(d.kappa.interval.method).toBe('paired percentile bootstrap over units, 500 resamples, seed 5');
    expect(d.kappa.test).toBe('paired permutation test (verdicts swapped per unit), 500 permutations, seed 5, two-sided');
    const flipped = pairedKappaDifference(u.map((x) => ({ ...x, a: x.b, b: x.a })), { seed: 5, resamples: 500, permutations: 500 });
    expect(flipped.kappa.difference).toBeCloseTo(-d.kappa.difference!, 12);
    expect(flipped.kappa.interval.low).toBeCloseTo(-d.kappa.interval.high!, 12);
  });

  it('no units: an error, not a number', () => {
    expect(() => pairedKappaDifference([])).toThrow(/no unit both judges scored/);
  });
});
