import { exact } from './numbers.ts';
import { DEFAULT_SEED, mulberry32 } from './prng.ts';

/**
 * One scored observation of a run: its stratum (a problem id, or the audit), the points it scored
 * (majority verdict → rubric points) and the rubric points of its valid votes. An empty `votes`
 * means the value has no vote noise to draw from (the audit's bonus − penalty, an imported verdict).
 */
export interface Cell {
  stratum: string;
  points: number;
  votes: readonly number[];
}

/** A run's scored cells; an unscored unit is simply absent (never a 0). */
export type RunCells = readonly Cell[];

/** Options of the permutation test. */
export interface PermutationOptions {
  /** Monte Carlo iterations (default 10,000). */
  iterations?: number;
  /** PRNG seed (default DEFAULT_SEED). */
  seed?: number;
  /** A uniform [0, 1) generator; overrides `seed`. */
  random?: () => number;
}

/** The test's outcome. */
export interface PermutationResult {
  /** Σ over compared strata of (variant mean − baseline mean): the difference of mean totals when nothing is unscored. */
  statistic: number;
  /** Two-sided Monte Carlo p-value, (1 + #{|T relabelled| ≥ |T drawn|}) / (1 + iterations); null when no stratum could be compared. */
  p: number | null;
  iterations: number;
  /** Strata with scored cells on both sides. */
  strata: number;
  /** Strata left out because one side has no scored cell in them, in code-point order. */
  leftOut: string[];
}

/** Default Monte Carlo iteration count: p to about ±0.002 at p = 0.05, and fast (see README). */
export const DEFAULT_ITERATIONS = 10_000;

/** A stratum's pooled cells, the variant's first. */
interface Stratum {
  cells: Cell[];
  variantCount: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A stratum whose cells can only ever take one and the same value adds 0 to every T*: skipped for speed. */
function inert(s: Stratum): boolean {
  const v = s.cells[0]!.points;
  return s.cells.every((c) => c.points === v && c.votes.every((x) => x === v));
}

/** Strata keyed by name, each with the variant's and the baseline's scored cells over all runs. */
function strataOf(variant: readonly RunCells[], baseline: readonly RunCells[]): Map<string, { v: Cell[]; b: Cell[] }> {
  const out = new Map<string, { v: Cell[]; b: Cell[] }>();
  const at = (k: string) => out.get(k) ?? (out.set(k, { v: [], b: [] }), out.get(k)!);
  for (const run of variant) for (const c of run) at(c.stratum).v.push(c);
  for (const run of baseline) for (const c of run) at(c.stratum).b.push(c);
  return out;
}

/**
 * Stratified permutation test of variant vs baseline at the level of problems × runs, with judge noise.
 *
 * Why this test: with 2 runs per prompt a test on run totals has at most C(4,2) = 6 relabellings
 * (p ≥ 1/3: it can never answer), while each planted problem is an observation of its own. So each
 * problem, and the audit's bonus − penalty, is a stratum; under H0 the prompt labels are exchangeable
 * among the scored runs within each stratum. T = Σ_strata (variant mean − baseline mean), which is
 * the difference of mean totals when nothing is unscored. An unscored unit is left out: its stratum
 * permutes only the scored cells, and a stratum with no scored cell on one side is dropped from both
 * (listed in `leftOut`). Judge noise: in every iteration each cell's value is drawn from one of its
 * valid votes (uniformly) instead of the majority verdict (cells without votes keep their points);
 * the statistic of that draw under the real labels is compared with the statistic of the same draw
 * under a random relabelling. So p is the permutation p-value averaged over what the judge could
 * have said: a difference that rests on split votes shrinks in the draws and p grows. (Comparing
 * the majority statistic with drawn relabellings instead would make split votes *shrink* p: a pool of
 * drawn votes is less spread than the majorities.) Strata are relabelled independently, which
 * assumes problems vary independently within a run (README: a whole-run effect makes it optimistic).
 * Two-sided: |T relabelled| ≥ |T drawn| (to 1e-9). Deterministic: mulberry32(DEFAULT_SEED) unless told otherwise.
 */
export function permutationTest(variant: readonly RunCells[], baseline: readonly RunCells[], options: PermutationOptions = {}): PermutationResult {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`permutationTest: iterations must be a positive integer, got ${iterations}`);
  const byName = [...strataOf(variant, baseline)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const leftOut = byName.filter(([, s]) => s.v.length === 0 || s.b.length === 0).map(([k]) => k);
  const compared: Stratum[] = byName.filter(([, s]) => s.v.length > 0 && s.b.length > 0).map(([, s]) => ({ cells: [...s.v, ...s.b], variantCount: s.v.length }));
  const statistic = exact(compared.reduce((t, s) => t + mean(s.cells.slice(0, s.variantCount).map((c) => c.points)) - mean(s.cells.slice(s.variantCount).map((c) => c.points)), 0));
  if (compared.length === 0) return { statistic, p: null, iterations, strata: 0, leftOut };

  const active = compared.filter((s) => !inert(s));
  const random = options.random ?? mulberry32(options.seed ?? DEFAULT_SEED);
  const buf = new Float64Array(Math.max(1, ...active.map((s) => s.cells.length)));
  let extreme = 0;
  for (let it = 0; it < iterations; it++) {
    let drawn = 0;
    let relabelled = 0;
    for (const { cells, variantCount: k } of active) {
      const n = cells.length;
      let all = 0;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const c = cells[i]!;
        const x = c.votes.length > 0 ? c.votes[Math.floor(random() * c.votes.length)]! : c.points;
        buf[i] = x;
        all += x;
        if (i < k) v += x;
      }
      drawn += v / k - (all - v) / (n - k);
      // Partial Fisher–Yates: the first k slots become a uniformly drawn variant sample.
      v = 0;
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(random() * (n - i));
        const x = buf[j]!;
        buf[j] = buf[i]!;
        buf[i] = x;
        v += x;
      }
      relabelled += v / k - (all - v) / (n - k);
    }
    if (Math.abs(relabelled) >= Math.abs(drawn) - 1e-9) extreme++;
  }
  return { statistic, p: (1 + extreme) / (1 + iterations), iterations, strata: compared.length, leftOut };
}
