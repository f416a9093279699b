import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import type { Verdict } from '../types/Scale.ts';
import { reviewKey, reviewsOfSplit, splitHistory } from './historySplit.ts';
import { sampleReviews, verdictStratum, type HistoricReview } from './sampleReviews.ts';

/** A synthetic history: 3 perspectives × 6 rounds × 3 prompts × 2 runs, 3–6 verdicts each, drawn from a fixed seed. */
function history(): HistoricReview[] {
  const rand = mulberry32(99);
  const out: HistoricReview[] = [];
  for (const series of ['consistency-design', 'reliability-design', 'security-design'])
    for (let round = 1; round <= 6; round++)
      for (const prompt of ['baseline', 'variant-a', 'variant-b'])
        for (let run = 1; run <= 2; run++)
          out.push({ series, round, prompt, run, verdicts: Array.from({ length: 3 + Math.floor(rand() * 4) }, () => (['○', '△', '×'] as Verdict[])[Math.floor(rand() * 3)]!) });
  return out;
}

describe('splitHistory', () => {
  const h = history();
  const { dev, test, digest } = splitHistory(h);

  it('partitions the reviews: every review in exactly one part', () => {
    expect(dev.length + test.length).toBe(h.length);
    const d = new Set(dev.map(reviewKey));
    expect(test.some((r) => d.has(reviewKey(r)))).toBe(false);
    expect(new Set([...dev, ...test].map(reviewKey))).toEqual(new Set(h.map(reviewKey)));
  });

  it('is stratified: in every perspective × verdict stratum, dev and test differ by at most one review, and overall too', () => {
    const strata = new Set(h.map((r) => `${r.series}/${verdictStratum(r)}`));
    expect(strata.size).toBeGreaterThan(3);
    for (const s of strata) {
      const of = (xs: HistoricReview[]) => xs.filter((r) => `${r.series}/${verdictStratum(r)}` === s).length;
      expect(Math.abs(of(dev) - of(test))).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(dev.length - test.length)).toBeLessThanOrEqual(1);
  });

  it('does not depend on the order of the history, and its digest names the partition', () => {
    const shuffled = [...h].reverse();
    const again = splitHistory(shuffled);
    expect(new Set(again.test.map(reviewKey))).toEqual(new Set(test.map(reviewKey)));
    expect(again.digest).toBe(digest);
    expect(splitHistory(h.slice(1)).digest).not.toBe(digest);
  });

  it('dev and test samples are disjoint for every pair of seeds (50 × 50 samples of 20)', () => {
    const devKeys = new Set<string>();
    const testKeys = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      for (const r of sampleReviews(reviewsOfSplit(h, 'dev').reviews, 20, seed)) devKeys.add(reviewKey(r));
      for (const r of sampleReviews(reviewsOfSplit(h, 'test').reviews, 20, seed)) testKeys.add(reviewKey(r));
    }
    expect(devKeys.size).toBeGreaterThan(40);
    expect(testKeys.size).toBeGreaterThan(40);
    expect([...devKeys].filter((k) => testKeys.has(k))).toEqual([]);
  });

  it('all: the whole history, with the same digest and part sizes', () => {
    const all = reviewsOfSplit(h, 'all');
    expect(all.reviews).toHaveLength(h.length);
    expect(all).toMatchObject({ digest, dev: dev.length, test: test.length });
  });

  it('a review listed twice is an error, not a silent duplicate', () => {
    expect(() => splitHistory([h[0]!, h[0]!])).toThrow(/review listed twice/);
  });
});
