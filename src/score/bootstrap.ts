import type { Comparison } from '../types/Report.ts';
import { exact } from './numbers.ts';
import { DEFAULT_SEED, mulberry32 } from './prng.ts';

/** A run's total, keyed by run number for pairing. */
export interface RunTotal {
  run: number;
  total: number;
}

/** Options of the paired bootstrap. */
export interface BootstrapOptions {
  /** Resamples drawn (default 10,000). */
  resamples?: number;
  /** PRNG seed (default DEFAULT_SEED); or pass `random` to supply the generator itself. */
  seed?: number;
  /** A uniform [0, 1) generator; overrides `seed`. */
  random?: () => number;
  /** Fewest pairs for an interval (default 5). */
  minPairs?: number;
}

/** The interval, or null with the reason. */
export interface BootstrapResult {
  interval: Comparison['interval'];
  note: string | null;
}

/** Default resample count. */
export const DEFAULT_RESAMPLES = 10_000;
/** Fewest paired runs that give an interval. */
export const MIN_PAIRS = 5;

/** Differences variant − baseline of the runs both prompts have, in run-number order. */
export function pairedDifferences(variant: readonly RunTotal[], baseline: readonly RunTotal[]): number[] {
  const base = new Map(baseline.map((r) => [r.run, r.total]));
  return [...variant]
    .sort((a, b) => a.run - b.run)
    .flatMap((v) => (base.has(v.run) ? [exact(v.total - base.get(v.run)!)] : []));
}

/**
 * Paired bootstrap 95% interval of the mean difference (variant − baseline), or null with a note.
 *
 * Runs are paired by run number (unpaired runs are left out). Each resample draws n pairs with replacement; the interval
 * is the percentile one: sorted resample means at index ⌊0.025·B⌋ and ⌈0.975·B⌉ − 1.
 * Deterministic: mulberry32 seeded with DEFAULT_SEED unless told otherwise.
 * Fewer than 5 pairs: null, with a note saying so.
 */
export function pairedBootstrap(variant: readonly RunTotal[], baseline: readonly RunTotal[], options: BootstrapOptions = {}): BootstrapResult {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const minPairs = options.minPairs ?? MIN_PAIRS;
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`pairedBootstrap: resamples must be a positive integer, got ${resamples}`);
  const diffs = pairedDifferences(variant, baseline);
  const n = diffs.length;
  if (n < minPairs) {
    return { interval: null, note: `${n} paired run${n === 1 ? '' : 's'}: too few for an interval (need ${minPairs})` };
  }
  const random = options.random ?? mulberry32(options.seed ?? DEFAULT_SEED);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diffs[Math.floor(random() * n)]!;
    means[b] = s / n;
  }
  means.sort();
  const low = means[Math.floor(0.025 * resamples)]!;
  const high = means[Math.min(resamples - 1, Math.max(0, Math.ceil(0.975 * resamples) - 1))]!;
  return { interval: { low: exact(low), high: exact(high), pairs: n, resamples }, note: null };
}

