import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import { fleissKappa, type Ordinal } from './kappa.ts';
import { fleissWithInterval } from './fleissInterval.ts';

const V: Ordinal[] = ['×', '△', '○'];

/** n items with three votes each: the true verdict, each vote flipped to another verdict with probability e. */
function items(n: number, e: number, seed = 5): Ordinal[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const t = V[Math.floor(rand() * 3)]!;
    return [0, 1, 2].map(() => (rand() < e ? V[(V.indexOf(t) + 1 + Math.floor(rand() * 2)) % 3]! : t));
  });
}

describe('fleissWithInterval (percentile bootstrap over units)', () => {
  it('keeps the point κ of fleissKappa, names the method, and the interval brackets it', () => {
    const xs = items(60, 0.2);
    const r = fleissWithInterval(xs, { seed: 3 });
    expect(r.kappa).toBeCloseTo(fleissKappa(xs).kappa!, 12);
    expect(r.kappaInterval.method).toBe('percentile bootstrap over units, 2000 resamples, seed 3');
    expect(r.kappaInterval.low!).toBeLessThan(r.kappa!);
    expect(r.kappaInterval.high!).toBeGreaterThan(r.kappa!);
    expect(fleissWithInterval(xs, { seed: 3 })).toEqual(r);
  });

  it('a wider interval for fewer units', () => {
    const w = (n: number) => { const i = fleissWithInterval(items(n, 0.2)).kappaInterval; return i.high! - i.low!; };
    expect(w(15)).toBeGreaterThan(w(120) * 1.6);
  });

  it('all votes in one category: κ undefined, no interval', () => {
    const r = fleissWithInterval([['○', '○'], ['○', '○', '○']], { resamples: 10 });
    expect(r).toMatchObject({ kappa: null, kappaInterval: { low: null, high: null, undefinedResamples: 10 } });
  });

  it('every vote agrees on varied units: κ 1, the interval not estimable', () => {
    const r = fleissWithInterval([['○', '○'], ['×', '×'], ['△', '△']]);
    expect(r.kappa).toBe(1);
    expect(r.kappaInterval).toMatchObject({ low: null, high: null, notEstimable: 'interval not estimable: every vote of every unit agrees (3 units)' });
  });
});
