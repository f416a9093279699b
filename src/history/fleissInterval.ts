/**
 * A 95% interval for Fleiss' κ: the same percentile bootstrap over units as `kappaInterval.ts`
 * (units — items with their votes — drawn with replacement, κ recomputed on each resample), seeded.
 * Resamples where κ is undefined (every vote in one category) are left out and counted.
 */
import { DEFAULT_SEED, mulberry32 } from '../score/prng.ts';
import { fleissKappaFromCounts, ORDINAL_ORDER, type MultiAgreement, type Ordinal } from './kappa.ts';
import { bootstrapMethod, KAPPA_RESAMPLES, percentileInterval, type Interval } from './kappaInterval.ts';

/** Fleiss' κ with its 95% interval. */
export interface MultiAgreementWithInterval extends MultiAgreement {
  kappaInterval: Interval;
}

/** Pure, seeded: Fleiss' κ of items rated by several raters (`null`: an unscored rating) with a bootstrap 95% interval over items. */
export function fleissWithInterval(items: ReadonlyArray<ReadonlyArray<Ordinal | null>>, options: { seed?: number; resamples?: number } = {}): MultiAgreementWithInterval {
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? KAPPA_RESAMPLES;
  const counts = items.map((ratings) => ORDINAL_ORDER.map((o) => ratings.filter((r) => r === o).length));
  // Items with fewer than two valid ratings never count: resample only the ones that do.
  const used = counts.filter((row) => row.reduce((a, b) => a + b, 0) >= 2);
  const point = fleissKappaFromCounts(counts);
  const rand = mulberry32(seed);
  const ks: number[] = [];
  let undefinedResamples = 0;
  for (let r = 0; r < resamples && point.kappa !== null; r++) {
    const k = fleissKappaFromCounts(used.map(() => used[Math.floor(rand() * used.length)]!)).kappa;
    if (k === null) undefinedResamples++;
    else ks.push(k);
  }
  if (point.kappa === null) undefinedResamples = resamples;
  ks.sort((x, y) => x - y);
  const zeroWidth = point.observed > 1 - 1e-12 ? `interval not estimable: every vote of every unit agrees (${point.items} units)` : 'interval not estimable: every resample gives the same κ';
  return { ...point, kappaInterval: percentileInterval(ks, bootstrapMethod(resamples, seed), undefinedResamples, point.kappaUndefined ? `no interval: ${point.kappaUndefined}` : null, zeroWidth) };
}
