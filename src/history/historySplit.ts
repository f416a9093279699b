/**
 * The dev/test partition of the history: a judge prompt is tuned on `dev` and reported on `test`,
 * and the same review, and the same round, is never in both.
 *
 * Definition (version 2): the unit of the partition is a round of a perspective — (series, round):
 * one answer key with all its prompts and runs — so run 1 and run 2 of a round, or two prompts
 * answering the same key, never fall on opposite sides. A round is in `dev` when the first byte of
 * sha256(`review-judge split v2\0series\0round`) is below 128, else in `test`.
 *
 * Each round decides its part from its own hash alone, so adding history (new reviews of a round,
 * new rounds, new perspectives) never moves a review already there: a prompt tuned on dev stays
 * untested on test while the history grows. The price: the split is stratified only on average —
 * each round is a fair coin — so a perspective with few rounds can be lopsided. The per-perspective
 * dev/test counts are in calibration.json (`split.byPerspective`) and in calibrate's output.
 * calibration.json records the partition's digest (over both parts), and `compare-judges` says when
 * two calibrations used different ones.
 */
import { sha256Hex } from '../cache/canonicalJson.ts';
import type { HistoricReview } from './sampleReviews.ts';

/** Which part of the history a calibration draws from. */
export type SplitName = 'all' | 'dev' | 'test';

/** The partition's version, part of every hash and digest: a changed definition never matches an old one. */
export const SPLIT_VERSION = 'review-judge split v2';

/** The history's partition into dev and test reviews. */
export interface HistorySplit<R extends HistoricReview = HistoricReview> {
  dev: R[];
  test: R[];
  /** sha256 over both parts' review addresses (and the version): equal digests, equal partitions of equal histories. */
  digest: string;
  /** Reviews per perspective in each part (stratification holds on average only: this shows the balance). */
  byPerspective: Record<string, { dev: number; test: number }>;
}

/** A review's address. */
export function reviewKey(r: Pick<HistoricReview, 'series' | 'round' | 'prompt' | 'run'>): string {
  return `${r.series}\u0000${r.round}\u0000${r.prompt}\u0000${r.run}`;
}

/** The part a review's round is in: from the round's own hash alone (see the file comment). */
export function partOfRound(r: Pick<HistoricReview, 'series' | 'round'>): 'dev' | 'test' {
  return parseInt(sha256Hex(`${SPLIT_VERSION}\u0000${r.series}\u0000${r.round}`).slice(0, 2), 16) < 128 ? 'dev' : 'test';
}

/** Pure: the dev/test partition of the given reviews (see the file comment). */
export function splitHistory<R extends HistoricReview>(reviews: readonly R[]): HistorySplit<R> {
  const seen = new Set<string>();
  const dev: R[] = [];
  const test: R[] = [];
  const byPerspective: Record<string, { dev: number; test: number }> = {};
  for (const r of reviews) {
    const key = reviewKey(r);
    if (seen.has(key)) throw new RangeError(`review listed twice: ${key.replaceAll('\u0000', ' ')}`);
    seen.add(key);
    const part = partOfRound(r);
    (part === 'dev' ? dev : test).push(r);
    byPerspective[r.series] ??= { dev: 0, test: 0 };
    byPerspective[r.series]![part]++;
  }
  const sorted = (xs: R[]) => xs.map(reviewKey).sort();
  const digest = sha256Hex([SPLIT_VERSION, 'dev', ...sorted(dev), 'test', ...sorted(test)].join('\n'));
  return { dev, test, digest, byPerspective: Object.fromEntries(Object.entries(byPerspective).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

/** The reviews a calibration may draw from under `--split`, with the partition's digest and counts. */
export function reviewsOfSplit<R extends HistoricReview>(reviews: readonly R[], split: SplitName): { reviews: R[]; digest: string; dev: number; test: number; byPerspective: Record<string, { dev: number; test: number }> } {
  const parts = splitHistory(reviews);
  const chosen = split === 'all' ? [...reviews] : parts[split];
  return { reviews: chosen, digest: parts.digest, dev: parts.dev.length, test: parts.test.length, byPerspective: parts.byPerspective };
}

/** The per-perspective balance in words, e.g. `reliability-design 8 dev / 4 test, security-design 0 dev / 1 test`. */
export function balanceText(byPerspective: Record<string, { dev: number; test: number }>): string {
  return Object.entries(byPerspective).map(([s, c]) => `${s} ${c.dev} dev / ${c.test} test`).join(', ');
}
