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
 * - Where a κ is undefined (expected agreement 1, `kappa.ts`) so is the difference: on the whole
 *   sample the difference, its interval and p are null; resamples and permutations where it is
 *   undefined are left out and counted (`undefinedResamples`, `undefinedPermutations`).
 */
import { DEFAULT_SEED, mulberry32 } from '../score/prng.ts';
import type { Ordinal } from './kappa.ts';
import { bootstrapMethod, kappasOf, KAPPA_RESAMPLES, ordinalIndex, percentileInterval, type Interval } from './kappaInterval.ts';

/** One unit both judges scored, with the reference verdict. */
export interface PairedUnit {
  a: Ordinal;
  b: Ordinal;
  reference: Ordinal;
}

/** A paired difference with its interval and test. */
export interface PairedDifference {
  /** κ_A − κ_B; null when either κ is undefined on these units. */
  difference: number | null;
  interval: Interval;
  /** Two-sided permutation p-value of "no difference" over the permutations where it is defined; null when `difference` is. */
  p: number | null;
  /** Permutations where the difference was undefined: not counted in p. */
  undefinedPermutations: number;
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
  const diff = (xa: number[], xb: number[], pick: ArrayLike<number>): [number | null, number | null] => {
    const [ka, wa] = kappasOf(xa, ref, pick);
    const [kb, wb] = kappasOf(xb, ref, pick);
    return [ka === null || kb === null ? null : ka - kb, wa === null || wb === null ? null : wa - wb];
  };
  const [dk, dw] = diff(a, b, all);
  const rand = mulberry32(seed);
  const bk: number[] = [];
  const bw: number[] = [];
  let undefK = 0;
  let undefW = 0;
  const pick = new Array<number>(all.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < pick.length; i++) pick[i] = Math.floor(rand() * pick.length);
    const [x, y] = diff(a, b, pick);
    if (x === null) undefK++;
    else bk.push(x);
    if (y === null) undefW++;
    else bw.push(y);
  }
  bk.sort((x, y) => x - y);
  bw.sort((x, y) => x - y);
  let atLeastK = 0;
  let atLeastW = 0;
  let permK = 0;
  let permW = 0;
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
    if (x !== null && dk !== null) {
      permK++;
      if (Math.abs(x) >= Math.abs(dk) - 1e-12) atLeastK++;
    }
    if (y !== null && dw !== null) {
      permW++;
      if (Math.abs(y) >= Math.abs(dw) - 1e-12) atLeastW++;
    }
  }
  const method = `paired ${bootstrapMethod(resamples, seed)}`;
  const test = `paired permutation test (verdicts swapped per unit), ${permutations} permutations, seed ${seed}, two-sided`;
  const undef = 'no interval: a κ is undefined on these units (every unit in one category on both sides of a judge and the reference)';
  const zero = 'interval not estimable: every resample gives the same difference';
  const part = (d: number | null, sorted: number[], undefinedResamples: number, at: number, perms: number): PairedDifference => ({
    difference: d,
    interval: percentileInterval(sorted, method, undefinedResamples, d === null ? undef : null, zero),
    p: d === null || perms === 0 ? null : (1 + at) / (1 + perms),
    undefinedPermutations: d === null ? permutations : permutations - perms,
    test,
  });
  return {
    n: units.length,
    kappa: part(dk, bk, undefK, atLeastK, permK),
    weightedKappa: part(dw, bw, undefW, atLeastW, permW),
  };
}
