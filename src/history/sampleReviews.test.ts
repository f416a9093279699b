import { describe, expect, it } from 'vitest';
import { sampleReviews, verdictStratum, type HistoricReview } from './sampleReviews.ts';

const review = (series: string, i: number, verdicts: string): HistoricReview => ({ series, round: 1 + (i % 3), prompt: `p${i}`, run: 1 + (i % 2), verdicts: [...verdicts] as HistoricReview['verdicts'] });
const pool: HistoricReview[] = [
  ...Array.from({ length: 30 }, (_, i) => review('reliability', i, i % 3 === 0 ? '○○○' : i % 3 === 1 ? '○△×' : '×××')),
  ...Array.from({ length: 10 }, (_, i) => review('security', i, i % 2 ? '○○○' : '×××')),
];

describe('verdictStratum', () => {
  it.each([
    ['○○○', 'high'],
    ['○○×', 'high'],
    ['○△×', 'mid'],
    ['△××', 'low'],
    ['×××', 'low'],
  ])('%s → %s', (v, s) => expect(verdictStratum(review('x', 0, v))).toBe(s));
});

describe('sampleReviews', () => {
  it('allocates proportionally to perspectives, at least one each', () => {
    const s = sampleReviews(pool, 8, 1);
    expect(s).toHaveLength(8);
    expect(s.filter((r) => r.series === 'reliability')).toHaveLength(6);
    expect(s.filter((r) => r.series === 'security')).toHaveLength(2);
    expect(sampleReviews(pool, 2, 1).map((r) => r.series)).toEqual(['reliability', 'security']);
  });

  it('covers every verdict stratum inside a perspective', () => {
    const s = sampleReviews(pool, 8, 7).filter((r) => r.series === 'reliability');
    expect(new Set(s.map(verdictStratum))).toEqual(new Set(['high', 'mid', 'low']));
  });

  it('is deterministic for a seed, different across seeds, and never repeats a review', () => {
    const key = (rs: HistoricReview[]) => rs.map((r) => `${r.series}/${r.prompt}/${r.run}`).join(',');
    expect(key(sampleReviews(pool, 10, 42))).toBe(key(sampleReviews(pool, 10, 42)));
    expect(key(sampleReviews(pool, 10, 42))).not.toBe(key(sampleReviews(pool, 10, 43)));
    const s = sampleReviews(pool, 40, 3);
    expect(new Set(s.map((r) => `${r.series}/${r.prompt}/${r.run}`)).size).toBe(40);
  });

  it('asks for more than there are: returns everything', () => {
    expect(sampleReviews(pool, 100, 1)).toHaveLength(40);
  });
});
