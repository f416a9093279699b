/**
 * The dev/test partition of the history, by review: a judge prompt is tuned on `dev` and reported
 * on `test`, and no review is ever in both.
 *
 * Definition (version 1), a pure function of the set of historical reviews:
 * 1. Strata: perspective (series) × verdict stratum of the review (high / mid / low, `verdictStratum`).
 * 2. Inside a stratum, reviews are ordered by sha256 of `review-judge split v1\0series\0round\0prompt\0run`.
 * 3. Along that order they alternate dev, test, dev, … — the first stratum (in sorted order of
 *    `series\0stratum`) starting with dev, the second with test, and so on — so each stratum is split
 *    half and half and the odd reviews of odd-sized strata go to dev and test in turn.
 * The same history always gives the same partition. Adding reviews to the history can move reviews
 * of the strata they join, so keep the history folder fixed while tuning; calibration.json records
 * the partition's digest, and `compare-judges` says when two calibrations used different ones.
 */
import { sha256Hex } from '../cache/canonicalJson.ts';
import { verdictStratum, type HistoricReview } from './sampleReviews.ts';

/** Which part of the history a calibration draws from. */
export type SplitName = 'all' | 'dev' | 'test';

/** The partition's version, part of every digest: a changed definition never matches an old one. */
export const SPLIT_VERSION = 'review-judge split v1';

/** The history's partition into dev and test reviews. */
export interface HistorySplit {
  dev: HistoricReview[];
  test: HistoricReview[];
  /** sha256 over the test reviews' addresses (and the version): equal digests, equal partitions. */
  digest: string;
}

/** A review's address inside the split definition. */
export function reviewKey(r: Pick<HistoricReview, 'series' | 'round' | 'prompt' | 'run'>): string {
  return `${r.series}\u0000${r.round}\u0000${r.prompt}\u0000${r.run}`;
}

/** Pure: the stratified dev/test partition of the given reviews (see the file comment). */
export function splitHistory<R extends HistoricReview>(reviews: readonly R[]): { dev: R[]; test: R[]; digest: string } {
  const strata = new Map<string, Array<{ r: R; h: string }>>();
  const seen = new Set<string>();
  for (const r of reviews) {
    const key = reviewKey(r);
    if (seen.has(key)) throw new RangeError(`review listed twice: ${key.replaceAll('\u0000', ' ')}`);
    seen.add(key);
    const s = `${r.series}\u0000${verdictStratum(r)}`;
    strata.set(s, [...(strata.get(s) ?? []), { r, h: sha256Hex(`${SPLIT_VERSION}\u0000${key}`) }]);
  }
  const dev: R[] = [];
  const test: R[] = [];
  [...strata.keys()].sort().forEach((s, k) => {
    strata.get(s)!.sort((x, y) => (x.h < y.h ? -1 : x.h > y.h ? 1 : 0)).forEach(({ r }, i) => ((i + k) % 2 === 0 ? dev : test).push(r));
  });
  const digest = sha256Hex([SPLIT_VERSION, ...test.map(reviewKey).sort()].join('\n'));
  return { dev, test, digest };
}

/** The reviews a calibration may draw from under `--split`. */
export function reviewsOfSplit<R extends HistoricReview>(reviews: readonly R[], split: SplitName): { reviews: R[]; digest: string; dev: number; test: number } {
  const parts = splitHistory(reviews);
  const chosen = split === 'all' ? [...reviews] : parts[split];
  return { reviews: chosen, digest: parts.digest, dev: parts.dev.length, test: parts.test.length };
}
