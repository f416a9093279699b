/**
 * Is judge A's agreement with a reference really better than judge B's, on the same units?
 *
 * - Interval of κ_A − κ_B (and of the weighted κ difference): the paired percentile bootstrap over
 *   units — each resample draws units with replacement and recomputes both κ against the reference
 *   on the same units, so the two judges' shared difficulty cancels.
 * - Test: a paired permutation (randomisation) test — under "the judges are interchangeable", each
 *   unit's two verdicts may be swapped; the p-value is the share of random swaps whose |κ_A − κ_B|
 *   is at least the observed one, (1 + count) / (1 + permutations) (Phipson & Smyth, "Permutation
 *   p-values should never be zero", 2010). Both are seeded (`src/score/prng.ts`).
 */
import { DEFAULT_SEED, mulberry32 } from '../score/prng.ts';
import type { Ordinal } from './kappa.ts';
import { bootstrapMethod, kappasOf, KAPPA_RESAMPLES, ordinalIndex, quantile, type Interval } from './kappaInterval.ts';

/** One unit both judges scored, with the reference verdict. */
export interface PairedUnit {
  a: Ordinal;
  b: Ordinal;
  reference: Ordinal;
}

/** A paired difference with its interval and test. */
export interface PairedDifference {
  difference: number;
  interval: Interval;
  /** Two-sided permutation p-value of "no difference". */
  p: number;
  test: string;
}

/** The paired comparison of κ and weighted κ. */
export interface PairedKappaDifference {
  n: number;
  kappa: PairedDifference;
  weightedKappa: PairedDifference;
}

/** Pure, seeded: κ_A − κ_B and weighted κ_A − κ_B against the reference, with paired intervals and permutation p-values. */
export function pairedKappaDifference(units: readonly PairedUnit[], options: { seed?: number; resamples?: number; permutations?: number } = {}): PairedKappaDifference {
  if (!units.length) throw new RangeError('no unit both judges scored');
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? KAPPA_RESAMPLES;
  const permutations = options.permutations ?? KAPPA_RESAMPLES;
  const a = units.map((u) => ordinalIndex(u.a));
  const b = units.map((u) => ordinalIndex(u.b));
  const ref = units.map((u) => ordinalIndex(u.reference));
  const all = units.map((_, i) => i);
  const diff = (xa: number[], xb: number[], pick: ArrayLike<number>): [number, number] => {
    const [ka, wa] = kappasOf(xa, ref, pick);
    const [kb, wb] = kappasOf(xb, ref, pick);
    return [ka - kb, wa - wb];
  };
  const [dk, dw] = diff(a, b, all);
  const rand = mulberry32(seed);
  const bk: number[] = [];
  const bw: number[] = [];
  const pick = new Array<number>(all.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < pick.length; i++) pick[i] = Math.floor(rand() * pick.length);
    const [x, y] = diff(a, b, pick);
    bk.push(x);
    bw.push(y);
  }
  bk.sort((x, y) => x - y);
  bw.sort((x, y) => x - y);
  let atLeastK = 0;
  let atLeastW = 0;
  const pa = [...a];
  const pb = [...b];
  for (let r = 0; r < permutations; r++) {
    for (let i = 0; i < all.length; i++) {
      const swap = rand() < 0.5;
      pa[i] = swap ? b[i]! : a[i]!;
      pb[i] = swap ? a[i]! : b[i]!;
    }
    const [x, y] = diff(pa, pb, all);
    // A tolerance so ties with the observed difference count as "at least as large".
    if (Math.abs(x) >= Math.abs(dk) - 1e-12) atLeastK++;
    if (Math.abs(y) >= Math.abs(dw) - 1e-12) atLeastW++;
  }
  const method = `paired ${bootstrapMethod(resamples, seed)}`;
  const test = `paired permutation test (verdicts swapped per unit), ${permutations} permutations, seed ${seed}, two-sided`;
  return {
    n: units.length,
    kappa: { difference: dk, interval: { low: quantile(bk, 0.025), high: quantile(bk, 0.975), method }, p: (1 + atLeastK) / (1 + permutations), test },
    weightedKappa: { difference: dw, interval: { low: quantile(bw, 0.025), high: quantile(bw, 0.975), method }, p: (1 + atLeastW) / (1 + permutations), test },
  };
}
