import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../score/prng.ts';
import type { Verdict } from '../types/Scale.ts';
import { balanceText, partOfRound, reviewKey, reviewsOfSplit, splitHistory } from './historySplit.ts';
import { sampleReviews, type HistoricReview } from './sampleReviews.ts';

const rand = mulberry32(99);
/** One round of a perspective: 3 prompts × 2 runs, 3–6 verdicts each, drawn from a fixed seed. */
function round(series: string, r: number, prompts = ['baseline', 'variant-a', 'variant-b']): HistoricReview[] {
  return prompts.flatMap((prompt) => [1, 2].map((run) => ({ series, round: r, prompt, run, verdicts: Array.from({ length: 3 + Math.floor(rand() * 4) }, () => (['○', '△', '×'] as Verdict[])[Math.floor(rand() * 3)]!) })));
}
/** A synthetic history: 3 perspectives × 6 rounds. */
const SERIES = ['consistency-design', 'reliability-design', 'security-design'];
const h = SERIES.flatMap((s) => [1, 2, 3, 4, 5, 6].flatMap((r) => round(s, r)));
const roundOf = (r: HistoricReview) => `${r.series}/${r.round}`;

describe('splitHistory', () => {
  const { dev, test, digest, byPerspective } = splitHistory(h);

  it('partitions the reviews: every review in exactly one part, neither part empty here', () => {
    expect(dev.length + test.length).toBe(h.length);
    const d = new Set(dev.map(reviewKey));
    expect(test.some((r) => d.has(reviewKey(r)))).toBe(false);
    expect(new Set([...dev, ...test].map(reviewKey))).toEqual(new Set(h.map(reviewKey)));
    expect(dev.length).toBeGreaterThan(0);
    expect(test.length).toBeGreaterThan(0);
  });

  it('the same round is never in both: all prompts and runs of a (series, round) fall on one side', () => {
    const devRounds = new Set(dev.map(roundOf));
    expect(test.filter((r) => devRounds.has(roundOf(r)))).toEqual([]);
    for (const r of h) expect(partOfRound(r)).toBe(devRounds.has(roundOf(r)) ? 'dev' : 'test');
  });

  it('growing the history never moves an existing review: new reviews of a round, new rounds, a new perspective', () => {
    const before = new Map([...dev.map((r) => [reviewKey(r), 'dev'] as const), ...test.map((r) => [reviewKey(r), 'test'] as const)]);
    const growths: Array<[string, HistoricReview[]]> = [
      ['a new prompt in every existing round', SERIES.flatMap((s) => [1, 2, 3, 4, 5, 6].flatMap((r) => round(s, r, ['variant-c'])))],
      ['round 7 of every perspective', SERIES.flatMap((s) => round(s, 7))],
      ['one review of a new perspective (the review found it moved all 54 dev reviews)', [{ series: 'availability-design', round: 1, prompt: 'baseline', run: 1, verdicts: ['○', '○', '○'] }]],
      ['a whole new perspective sorting first', [1, 2, 3].flatMap((r) => round('aaa-design', r))],
    ];
    let grown = [...h];
    for (const [name, extra] of growths) {
      grown = [...grown, ...extra];
      const after = splitHistory(grown);
      const moved = [...after.dev.map((r) => [r, 'dev'] as const), ...after.test.map((r) => [r, 'test'] as const)].filter(([r, part]) => before.has(reviewKey(r)) && before.get(reviewKey(r)) !== part);
      expect(moved.map(([r]) => reviewKey(r)), name).toEqual([]);
      // and a new review of an existing round joins its round's side
      const devRounds = new Set(after.dev.map(roundOf));
      expect(after.test.filter((r) => devRounds.has(roundOf(r))), name).toEqual([]);
    }
  });

  it('is stratified on average only: each round a fair coin, so over many rounds about half are dev; the balance is reported', () => {
    const many = Array.from({ length: 400 }, (_, i) => partOfRound({ series: `s${i % 7}`, round: i }));
    const share = many.filter((p) => p === 'dev').length / many.length;
    // a fair coin over 400 rounds: standard error 0.025
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(Object.keys(byPerspective)).toEqual(SERIES);
    for (const s of SERIES) expect(byPerspective[s]!.dev + byPerspective[s]!.test).toBe(36);
    expect(byPerspective[SERIES[0]!]!.dev).toBe(dev.filter((r) => r.series === SERIES[0]).length);
    expect(balanceText({ a: { dev: 2, test: 1 }, b: { dev: 0, test: 4 } })).toBe('a 2 dev / 1 test, b 0 dev / 4 test');
  });

  it('does not depend on the order of the history; its digest covers both parts', () => {
    const again = splitHistory([...h].reverse());
    expect(new Set(again.test.map(reviewKey))).toEqual(new Set(test.map(reviewKey)));
    expect(again.digest).toBe(digest);
    // a review added on the dev side changes the digest too (it used to cover the test reviews only)
    const devRound = dev[0]!;
    const grownDev = splitHistory([...h, { ...devRound, prompt: 'variant-z' }]);
    expect(grownDev.test.map(reviewKey)).toEqual(test.map(reviewKey));
    expect(grownDev.digest).not.toBe(digest);
    const testRound = test[0]!;
    expect(splitHistory([...h, { ...testRound, prompt: 'variant-z' }]).digest).not.toBe(digest);
  });

  it('dev and test samples are disjoint, by review and by round, for every pair of seeds (50 × 50 samples of 20)', () => {
    const devKeys = new Set<string>();
    const testKeys = new Set<string>();
    const devRounds = new Set<string>();
    const testRounds = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      for (const r of sampleReviews(reviewsOfSplit(h, 'dev').reviews, 20, seed)) devKeys.add(reviewKey(r)), devRounds.add(roundOf(r));
      for (const r of sampleReviews(reviewsOfSplit(h, 'test').reviews, 20, seed)) testKeys.add(reviewKey(r)), testRounds.add(roundOf(r));
    }
    expect(devKeys.size).toBeGreaterThan(30);
    expect(testKeys.size).toBeGreaterThan(30);
    expect([...devKeys].filter((k) => testKeys.has(k))).toEqual([]);
    expect([...devRounds].filter((k) => testRounds.has(k))).toEqual([]);
  });

  it('all: the whole history, with the same digest, part sizes and balance', () => {
    const all = reviewsOfSplit(h, 'all');
    expect(all.reviews).toHaveLength(h.length);
    expect(all).toMatchObject({ digest, dev: dev.length, test: test.length, byPerspective });
  });

  it('a review listed twice is an error, not a silent duplicate', () => {
    expect(() => splitHistory([h[0]!, h[0]!])).toThrow(/review listed twice/);
  });
});
